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
  type NetworkPolicy,
} from './network-policy';
export { parseAddress } from './public-address';
