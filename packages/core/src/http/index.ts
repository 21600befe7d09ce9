// What other packages use of the HTTP layer; inside core, import the files themselves.
export { BudgetExceededError, RunBudget } from './budget';
export {
  grantFrom,
  InMemoryBudgetLedger,
  type BudgetLedger,
  type LedgerGrant,
  type LedgerWant,
} from './budget-ledger';
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
