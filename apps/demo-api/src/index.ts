export {
  DEFAULT_DEFECTS,
  EXTRA_DEFECTS,
  parseExtraDefects,
  type DefaultDefect,
  type DemoDefect,
  type ExtraDefect,
} from './defects';
export { collectBody } from './http-io';
export { createDemoApi, type DemoApiOptions } from './server';
export { DEMO_TENANTS } from './tenants';
