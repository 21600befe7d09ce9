export {
  DEFAULT_DEFECTS,
  EXTRA_DEFECTS,
  parseExtraDefects,
  type DefaultDefect,
  type DemoDefect,
  type ExtraDefect,
} from './defects';
export { collectBody } from './http-io';
export { DEMO_OPENAPI_DOCUMENT } from './openapi-document';
export { createDemoApi, type DemoApiOptions } from './server';
export { DEMO_TENANTS } from './tenants';
