// What other packages use of the HTTP layer; inside core, import the files themselves.
export { RunBudget } from './budget';
export { createGuardedConnector, guardedFetch } from './guarded-connector';
export type { HttpResult } from './http-types';
export { parseAllowEntry } from './network-allowlist';
export {
  NetworkPolicyError,
  assertUrlAllowed,
  createNetworkPolicy,
  hostnameOf,
  portOf,
  systemResolver,
  type NetworkPolicy,
  type ResolvedAddress,
  type Resolver,
} from './network-policy';
export { checkUrl, URL_CHECK_TIMEOUT_MS, type UrlRefusal } from './url-check';
export { parseAddress } from './public-address';
