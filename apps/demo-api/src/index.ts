export {
  DEFAULT_DEFECTS,
  DEMO_TENANTS,
  EXTRA_DEFECTS,
  createDemoApi,
  parseExtraDefects,
  type DefaultDefect,
  type DemoApiOptions,
  type DemoDefect,
  type ExtraDefect,
} from './server';
