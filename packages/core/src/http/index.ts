// What other packages use of the HTTP layer; inside core, import the files themselves.
export { answerKeyOf } from './answer-sizes';
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
  systemResolver,
  type NetworkPolicy,
  type ResolvedAddress,
  type Resolver,
} from './network-policy';
export { checkUrl, URL_CHECK_TIMEOUT_MS, type UrlRefusal } from './url-check';
export { parseAddress } from './public-address';
export {
  DOCUMENT_FETCH_LIMITS,
  fetchDocument,
  type DocumentFetchLimits,
  type DocumentFetchRefusalCode,
  type DocumentFetchResult,
} from './fetch-document';
