import { z } from 'zod';

import type { ProbeName } from '../config/config.schema';

/** Mirrors docs/spec/findings.md. Codes never change meaning once shipped. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

/** critical = 0 … info = 4: lower is worse. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** True when `severity` is `threshold` or worse (the CLI's `--fail-on`). */
export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) <= severityRank(threshold);
}

export interface CatalogueEntry {
  code: string;
  probe: ProbeName;
  severity: Severity;
  /** A short name for the check. */
  name: string;
  /** What is sent. */
  sends: string;
  /** When the check fails. */
  failsWhen: string;
  /** Why it matters, in one or two sentences. */
  why: string;
  /** How to fix it, framework-neutral; docs/probes.md has framework examples. */
  fix: string;
}

const entries = [
  {
    code: 'idempotency.duplicate_on_retry',
    probe: 'idempotency',
    severity: 'high',
    name: 'Retries with one idempotency key create one resource',
    sends:
      'The same body with the same key, 3 times in sequence, each after the previous answered.',
    failsWhen: 'More than one distinct resource was created.',
    why: 'Clients, proxies and queues retry after timeouts; without idempotency each retry creates another order, payment or email.',
    fix: 'Store each Idempotency-Key with the response of its first request (scoped to the caller) and answer retries from that record instead of executing the write again.',
  },
  {
    code: 'idempotency.duplicate_on_parallel_retry',
    probe: 'idempotency',
    severity: 'critical',
    name: 'Parallel retries with one idempotency key create one resource',
    sends: 'The same body with the same key, N (default 8) requests released at once.',
    failsWhen:
      'More than one distinct resource was created. A 409 Conflict for the in-flight duplicates is correct.',
    why: 'Double clicks and aggressive retries arrive together; a read-then-write check lets them all through.',
    fix: 'Claim the key atomically before doing the work (a unique constraint or an INSERT … ON CONFLICT DO NOTHING), and answer 409 to requests that find the key in flight.',
  },
  {
    code: 'idempotency.replay_mismatch',
    probe: 'idempotency',
    severity: 'medium',
    name: 'A retry answers like the first request',
    sends: 'The same body with the same key, 3 times in sequence.',
    failsWhen:
      'A completed retry answers with a different status class, or a different resource id, than the first answer.',
    why: 'A client that retried must learn the outcome of its first attempt; a different answer makes it act twice or give up wrongly.',
    fix: 'Replay the stored status and body of the first response for retries with the same key.',
  },
  {
    code: 'idempotency.key_reuse_accepted',
    probe: 'idempotency',
    severity: 'medium',
    name: 'One key is not reused for a different request',
    sends: 'A first key with body A, then the same key with a changed body B.',
    failsWhen:
      'The second request is accepted as a new write (2xx and a new id). The IETF draft answers 422.',
    why: 'A key reused with another payload is a client bug; accepting it silently hides the bug and can replay the wrong result.',
    fix: 'Store a fingerprint of the request body with the key and answer 422 Unprocessable Content when a later request carries the key with a different fingerprint.',
  },
  {
    code: 'idempotency.cross_tenant_replay',
    probe: 'idempotency',
    severity: 'critical',
    name: 'Idempotency keys are scoped to the caller',
    sends: 'Tenant A creates with a key; tenant B sends the same key and body.',
    failsWhen: "B's answer replays A's result (A's resource id or body).",
    why: "Keys are often predictable; a global key store hands one customer another customer's response.",
    fix: 'Scope stored idempotency keys by the authenticated account (the unique key is account + key), as the IETF draft’s security section says.',
  },
  {
    code: 'idempotency.duplicate_on_lost_response',
    probe: 'idempotency',
    severity: 'high',
    name: 'A retry after a lost answer creates no second resource',
    sends:
      'A create with a key whose connection is closed once the body is sent, before the answer; then the same key and body again.',
    failsWhen: 'More than one distinct resource was created.',
    why: 'Mobile clients lose answers on flaky networks and retry; a key stored only once the answer is written lets the retry create a second order or payment.',
    fix: 'Claim the key (with the request fingerprint) before doing the work, in the same transaction as the write, and answer a retry with the stored result, or 409 while the first is in flight.',
  },
  {
    code: 'schema.unknown_field_persisted',
    probe: 'schema',
    severity: 'high',
    name: 'Unknown fields are not stored',
    sends:
      'The valid sample body plus fields the business never accepted (isAdmin: true, role: "admin", a random marker field).',
    failsWhen:
      'The route answers 2xx and a read-back (or the create answer itself) contains an injected field.',
    why: 'Mass assignment lets a caller set fields they must not control, such as roles, prices or owners.',
    fix: 'Validate bodies against an explicit schema that rejects (or strips) unknown keys, and map only allowed fields into the database write.',
  },
  {
    code: 'schema.wrong_type_accepted',
    probe: 'schema',
    severity: 'medium',
    name: 'Wrongly typed fields are rejected',
    sends:
      "The sample body with one field's type changed (number↔string, string→object, boolean→string).",
    failsWhen: '2xx and the read-back holds the wrong-typed value.',
    why: 'Stored wrong types break every later reader: reports, exports, other services and the UI.',
    fix: 'Validate types at the edge (a schema per route) and answer 400 or 422 naming the field.',
  },
  {
    code: 'schema.deep_nesting_accepted',
    probe: 'schema',
    severity: 'medium',
    name: 'Absurdly deep JSON is rejected',
    sends: 'The sample body with a value nested 5,000 levels deep.',
    failsWhen: '2xx.',
    why: 'Deeply nested JSON costs recursive parsers and validators CPU and stack; accepted, it is stored and re-parsed by every reader.',
    fix: 'Limit nesting depth in the body parser or the schema (a few dozen levels is plenty) and answer 400.',
  },
  {
    code: 'schema.malformed_json_5xx',
    probe: 'schema',
    severity: 'medium',
    name: 'Malformed JSON gets a 4xx',
    sends: 'Truncated JSON, JSON with a wrong Content-Type, a JSON array where an object is due.',
    failsWhen: 'Any 5xx, or the connection is dropped without an answer.',
    why: 'A 5xx for client mistakes pages the on-call engineer, hides real outages in the error rate and often leaks internals.',
    fix: 'Handle body-parser errors and type mismatches in the error handler and answer 400 (or 415 for a wrong Content-Type).',
  },
  {
    code: 'schema.constraint_violation_persisted',
    probe: 'schema',
    severity: 'medium',
    name: 'Values outside the declared schema are not stored',
    sends:
      'The sample body with one value breaking one constraint of the route body schema (enum, minimum/maximum, maxLength, pattern, required).',
    failsWhen: 'The route answers 2xx and the read-back holds the violating value.',
    why: 'Values the business never allowed (a negative quantity, an unknown status) end up in the database and break every consumer that trusts the schema.',
    fix: 'Validate request bodies against the same schema the API documents (every keyword, not only types) and answer 400 or 422 naming the field.',
  },
  {
    code: 'payload.oversize_accepted',
    probe: 'payload',
    severity: 'high',
    name: 'Bodies over the limit are rejected',
    sends:
      'Bodies of 2×maxBodyBytes, then 1 MB, 10 MB (each within the run’s byte budget), grown by padding the longest string field.',
    failsWhen: 'Any of them answers 2xx.',
    why: 'Accepted oversized bodies fill the database, the logs and the backups, and cost money every month; see the capacity estimator.',
    fix: 'Set a body size limit per route at the proxy or the framework (e.g. 64 KB for JSON APIs) and answer 413, and limit the length of each string field in the schema.',
  },
  {
    code: 'payload.oversize_5xx',
    probe: 'payload',
    severity: 'medium',
    name: 'Oversized bodies get a 413, not a crash',
    sends: 'The same oversized bodies.',
    failsWhen: 'A 5xx, or a reset without an answer, instead of 413 (or another 4xx).',
    why: 'A crash or reset on big bodies is a cheap denial of service and tells clients nothing.',
    fix: 'Enforce the size limit before the body is buffered (Content-Length check and a streaming limit) and answer 413.',
  },
  {
    code: 'ratelimit.missing',
    probe: 'ratelimit',
    severity: 'high',
    name: 'The route is rate limited',
    sends: 'A burst of requests (default 200), as fast as the budget allows.',
    failsWhen: 'No 429 at all.',
    why: 'Without a limit one client (or script) can exhaust the database, the budget of a paid upstream, or guess passwords.',
    fix: 'Add a rate limiter keyed on the account (and the address for anonymous routes), stored where all instances share it (e.g. Redis), answering 429.',
  },
  {
    code: 'ratelimit.spoofable_ip',
    probe: 'ratelimit',
    severity: 'high',
    name: 'The limit cannot be bypassed with forwarding headers',
    sends:
      'After the first 429, requests with a fresh X-Forwarded-For / X-Real-IP / Forwarded value each.',
    failsWhen:
      'A request with a rotated header is answered 2xx again while the same request without it still gets 429.',
    why: 'If the limiter trusts client-supplied forwarding headers, every request can claim a new address and the limit is gone.',
    fix: 'Trust X-Forwarded-For only from your own proxies (e.g. Express `trust proxy` set to their addresses) and key limits on the account where there is one.',
  },
  {
    code: 'ratelimit.no_retry_after',
    probe: 'ratelimit',
    severity: 'low',
    name: '429 answers say when to retry',
    sends: 'The 429s from the burst.',
    failsWhen:
      'A 429 carries neither Retry-After nor RateLimit / RateLimit-* / X-RateLimit-* headers.',
    why: 'Without a retry hint clients retry immediately and make the overload worse.',
    fix: 'Send Retry-After (seconds) with every 429, and the IETF RateLimit headers where your limiter supports them.',
  },
  {
    code: 'ratelimit.ip_only',
    probe: 'ratelimit',
    severity: 'medium',
    name: 'The limit is not keyed by address alone',
    sends: "Tenant A's burst until 429, then tenant B's first request from the same address.",
    failsWhen: "B is throttled by A's traffic.",
    why: 'Customers behind one NAT or proxy block each other, and one account can spread its traffic over many addresses.',
    fix: 'Key the limiter on the authenticated account (API key or user), falling back to the address only for anonymous requests.',
  },
  {
    code: 'tenant.cross_read',
    probe: 'tenant',
    severity: 'critical',
    name: "Tenants cannot read each other's objects",
    sends: 'An object created as tenant A, then read as tenant B.',
    failsWhen: "B's read of A's object answers 2xx with A's object.",
    why: "Broken object-level authorisation is the most common API breach: one customer reads another's data by changing an id.",
    fix: 'Scope every query by the caller’s tenant (WHERE org_id = :caller) in one place that cannot be forgotten, and answer 404 for other tenants’ ids.',
  },
  {
    code: 'tenant.cross_write',
    probe: 'tenant',
    severity: 'critical',
    name: "Tenants cannot change each other's objects",
    sends: "B's update of A's object.",
    failsWhen: "B's update answers 2xx, and A's read-back shows B's change.",
    why: "Writes across tenants corrupt customers' data silently.",
    fix: 'Include the tenant in the WHERE of every UPDATE and check the affected row count; answer 404 when it is 0.',
  },
  {
    code: 'tenant.cross_delete',
    probe: 'tenant',
    severity: 'critical',
    name: "Tenants cannot delete each other's objects",
    sends: "B's delete of A's object.",
    failsWhen: "B's delete answers 2xx, and A's read-back no longer finds the object.",
    why: 'One customer can destroy another’s data.',
    fix: 'Include the tenant in the WHERE of every DELETE and answer 404 when nothing matched.',
  },
  {
    code: 'tenant.list_leak',
    probe: 'tenant',
    severity: 'critical',
    name: "Lists show only the caller's objects",
    sends: "B's list request after A created an object.",
    failsWhen: "B's list contains A's object id.",
    why: 'List endpoints that forget the tenant filter leak every customer’s records at once.',
    fix: 'Filter list queries by the caller’s tenant, ideally through a scoped repository or row-level security.',
  },
  {
    code: 'auth.missing',
    probe: 'tenant',
    severity: 'critical',
    name: 'The route requires credentials',
    sends: 'The route’s request with no credentials at all.',
    failsWhen:
      'The route answers 2xx (only checked when the config has tenants, i.e. the API expects auth).',
    why: 'An unauthenticated route exposes data or actions to anyone on the internet.',
    fix: 'Require authentication by default (a global guard or middleware) and mark the few public routes explicitly.',
  },
  {
    code: 'errors.stack_trace_leak',
    probe: 'errors',
    severity: 'medium',
    name: 'Answers carry no stack traces or internal paths',
    sends: 'Every request of the run is inspected.',
    failsWhen: 'Any answer carries a stack trace or internal file path.',
    why: 'Stack traces reveal frameworks, versions, file layout and sometimes secrets: a map for an attacker.',
    fix: 'Return a generic error body with a request id from one error handler, log the details server-side, and run with production settings (NODE_ENV=production, DEBUG=False).',
  },
  {
    code: 'load.threshold_failed',
    probe: 'load',
    severity: 'high',
    name: 'Load thresholds hold',
    sends: 'The configured load stage.',
    failsWhen:
      'A configured threshold (http_req_duration: p(95)<300, http_req_failed: rate<0.01, …) does not hold.',
    why: 'The route does not meet the latency or error budget you set for realistic load.',
    fix: 'Profile the route under the same load: slow queries (missing indexes), connection pool limits and synchronous work are the usual causes.',
  },
  {
    code: 'load.server_errors',
    probe: 'load',
    severity: 'high',
    name: 'No server errors under load',
    sends: 'The configured load stage.',
    failsWhen: 'More than 1% of load requests answer 5xx or fail at the transport level.',
    why: 'Errors that appear only under load are lost orders and failed payments on your busiest day.',
    fix: 'Look for exhausted pools (database, HTTP clients), timeouts and unbounded queues; shed load with 429/503 and Retry-After rather than failing.',
  },
  {
    code: 'availability.broken_by_request',
    probe: 'errors',
    severity: 'critical',
    name: 'No single request takes the API down',
    sends:
      'A cheap health check before the run and after every request that could harm the server (deep nesting, malformed JSON, oversize bodies, bursts, load).',
    failsWhen:
      'The health check that succeeded at the start fails after a request; the finding names that request.',
    why: 'One crafted request that leaves the API failing is a denial of service anyone can send, and every customer notices it.',
    fix: 'Bound parser depth and body size before parsing, catch errors per request, and let a supervisor restart a crashed process; never keep state that one bad request can poison.',
  },
] as const satisfies readonly CatalogueEntry[];

export type FindingCode = (typeof entries)[number]['code'];

/** The code reports list first: what took the target down (the checks after it could not run). */
export const LEADING_CODE = 'availability.broken_by_request' satisfies FindingCode;

/** 0 for {@link LEADING_CODE}, else 1: the first key of every findings order. */
export function leadRank(code: string): number {
  return code === LEADING_CODE ? 0 : 1;
}

export const FINDING_CODES: FindingCode[] = entries.map((entry) => entry.code);

export const CATALOGUE: Readonly<Record<FindingCode, CatalogueEntry>> = Object.fromEntries(
  entries.map((entry) => [entry.code, entry]),
) as Record<FindingCode, CatalogueEntry>;

export function isFindingCode(code: string): code is FindingCode {
  return Object.prototype.hasOwnProperty.call(CATALOGUE, code);
}

export function catalogueEntry(code: FindingCode): CatalogueEntry {
  return CATALOGUE[code];
}

export function codesOfProbe(probe: ProbeName): FindingCode[] {
  return FINDING_CODES.filter((code) => CATALOGUE[code].probe === probe);
}
