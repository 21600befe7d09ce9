import { createPrismaClient, type Db, type Run } from '@shakedown/db';
import {
  configDocument as storedConfigDocument,
  createCheck,
  createFinding,
  createRun,
} from '@shakedown/db/testing';

import {
  anonymous,
  call,
  keyCaller,
  PASSWORD,
  signUp,
  signUpWithOrg,
  SessionCaller,
  uniqueEmail,
  type Caller,
} from './client';
import type { TestApi } from './harness';

/**
 * The factories' valid config document (loopback: the tests allowlist it), its list route
 * expecting a rate limit.
 */
export function configDocument(name: string, baseUrl?: string): Record<string, unknown> {
  const document = storedConfigDocument(name, baseUrl);
  const routes = (document.routes as Record<string, unknown>[]).map((route) =>
    route.id === 'list-orders' ? { ...route, rateLimit: { expected: true } } : route,
  );
  return { ...document, routes };
}

/** A tenant credential of the world's target: every read must mask it, only a reveal shows it. */
export const WORLD_TENANT_TOKEN = 'Bearer world-token-of-alice-bob';

/** {@link configDocument} with two tenants whose headers and query carry credentials. */
export function configWithSecrets(name: string, baseUrl?: string): Record<string, unknown> {
  const document = configDocument(name, baseUrl) as { target: Record<string, unknown> };
  document.target.tenants = {
    alice: { headers: { Authorization: WORLD_TENANT_TOKEN } },
    bob: { headers: { Cookie: 'sid=world-session-of-bob-1234' }, query: { api_key: 'k-bob-5678' } },
  };
  return document;
}

/** An owner and an organisation per name, and an admin API key of each (in the order of `names`). */
export async function adminKeysOfNewOrgs(api: TestApi, names: string[]): Promise<string[]> {
  const keys: string[] = [];
  for (const name of names) {
    const owner = await signUpWithOrg(api, name);
    const key = await call<{ key: string }>(api, owner, 'POST', '/api-keys', {
      body: { name: 'probe', role: 'admin' },
    });
    keys.push(key.body.key);
  }
  return keys;
}

/** One organisation with a member of every role, keys, and an object of every resource type. */
export interface OrgWorld {
  orgId: string;
  owner: SessionCaller;
  admin: SessionCaller;
  member: SessionCaller;
  viewer: SessionCaller;
  adminKey: Caller;
  memberKey: Caller;
  viewerKey: Caller;
  ids: {
    membership: string;
    invitation: string;
    apiKey: string;
    target: string;
    /** A completed run with checks, findings and a load result. */
    run: string;
    previousRun: string;
    webhook: string;
    session: string;
  };
}

export async function join(
  api: TestApi,
  owner: SessionCaller,
  role: string,
): Promise<SessionCaller> {
  const invitee = await signUp(api, uniqueEmail(role));
  const invitation = await call<{ token: string }>(api, owner, 'POST', '/invitations', {
    body: { email: invitee.email, role },
  });
  const accepted = await call(api, invitee, 'POST', '/invitations/accept', {
    body: { token: invitation.body.token },
  });
  if (accepted.status !== 201)
    throw new Error(`accept answered ${accepted.status}: ${accepted.text}`);
  return invitee.inOrg(owner.orgId!);
}

async function newKey(
  api: TestApi,
  owner: SessionCaller,
  role: string,
): Promise<{ caller: Caller; id: string }> {
  const answer = await call<{ key: string; apiKey: { id: string } }>(
    api,
    owner,
    'POST',
    '/api-keys',
    {
      body: { name: `${role} key`, role },
    },
  );
  if (answer.status !== 201)
    throw new Error(`POST /api-keys answered ${answer.status}: ${answer.text}`);
  return { caller: keyCaller(answer.body.key), id: answer.body.apiKey.id };
}

/** Seeds what only the worker writes: runs with checks, findings and a load result. */
export async function seedCompletedRun(
  db: Db,
  orgId: string,
  targetId: string,
  createdAt: Date,
  findings: {
    code: string;
    route: string;
    severity?: 'critical' | 'high' | 'medium' | 'low' | 'info';
    isNew?: boolean;
  }[],
  /** Checks that passed besides the default one (comparisons are like with like). */
  passed: { code: string; route: string }[] = [],
): Promise<Run> {
  const run = await createRun(db, orgId, targetId, {
    status: 'completed',
    createdAt,
    summary: {
      checks: findings.length + 1 + passed.length,
      passed: 1 + passed.length,
      failed: findings.length,
      skipped: 0,
      error: 0,
      bySeverity: {
        critical: findings.filter((f) => f.severity === 'critical').length,
        high: findings.filter((f) => (f.severity ?? 'high') === 'high').length,
        medium: findings.filter((f) => f.severity === 'medium').length,
        low: findings.filter((f) => f.severity === 'low').length,
        info: findings.filter((f) => f.severity === 'info').length,
      },
    },
  });
  await createCheck(db, run, {
    code: 'errors.stack_trace_leak',
    route: 'list-orders',
    status: 'passed',
  });
  for (const check of passed) await createCheck(db, run, { ...check, status: 'passed' });
  for (const finding of findings) {
    await createCheck(db, run, { code: finding.code, route: finding.route, status: 'failed' });
    await createFinding(db, run, finding);
  }
  await db.loadResult.create({
    data: {
      orgId,
      runId: run.id,
      executor: 'constant-arrival-rate',
      requests: 600,
      rps: 20,
      latencyMs: { p50: 3, p90: 5, p95: 6.5, p99: 9, max: 20 },
      failedRate: 0,
      statusCounts: { '200': 600 },
      series: [{ t: 0, rps: 20, p95: 6.5, errors: 0 }],
      thresholds: [{ metric: 'http_req_duration', expr: 'p(95)<300', ok: true, value: 6.5 }],
      histogram: '',
    },
  });
  return run;
}

export async function buildOrgWorld(api: TestApi, db: Db, name: string): Promise<OrgWorld> {
  const owner = await signUpWithOrg(api, name);
  const admin = await join(api, owner, 'admin');
  const member = await join(api, owner, 'member');
  const viewer = await join(api, owner, 'viewer');
  const adminKey = await newKey(api, owner, 'admin');
  const memberKey = await newKey(api, owner, 'member');
  const viewerKey = await newKey(api, owner, 'viewer');
  const members = await call<{ items: { id: string; userId: string }[] }>(
    api,
    owner,
    'GET',
    '/members',
  );
  const membership = members.body.items.find((item) => item.userId === member.userId)!.id;
  const invitation = await call<{ invitation: { id: string } }>(
    api,
    owner,
    'POST',
    '/invitations',
    {
      body: { email: uniqueEmail('pending'), role: 'member' },
    },
  );
  const target = await call<{ id: string }>(api, owner, 'POST', '/targets', {
    body: configWithSecrets(`${name}-orders`),
  });
  if (target.status !== 201)
    throw new Error(`POST /targets answered ${target.status}: ${target.text}`);
  const schedule = await call(api, owner, 'PUT', `/targets/${target.body.id}/schedule`, {
    body: { cron: '0 3 * * *', timezone: 'UTC', enabled: false },
  });
  if (schedule.status !== 200)
    throw new Error(`PUT schedule answered ${schedule.status}: ${schedule.text}`);
  const webhook = await call<{ endpoint: { id: string } }>(api, owner, 'POST', '/webhooks', {
    body: { url: 'http://127.0.0.1:9/hooks', events: ['run.completed'] },
  });
  const now = Date.now();
  const previousRun = await seedCompletedRun(
    db,
    owner.orgId!,
    target.body.id,
    new Date(now - 3_600_000),
    [
      { code: 'idempotency.duplicate_on_retry', route: 'create-order', severity: 'high' },
      { code: 'ratelimit.missing', route: 'list-orders', severity: 'high' },
    ],
  );
  const run = await seedCompletedRun(db, owner.orgId!, target.body.id, new Date(now - 60_000), [
    { code: 'idempotency.duplicate_on_retry', route: 'create-order', severity: 'high' },
    { code: 'tenant.cross_read', route: 'create-order', severity: 'critical', isNew: true },
    { code: 'errors.stack_trace_leak', route: 'create-order', severity: 'medium', isNew: true },
  ]);
  const sessions = await call<{ items: { id: string }[] }>(api, owner, 'GET', '/auth/sessions');
  return {
    orgId: owner.orgId!,
    owner,
    admin,
    member,
    viewer,
    adminKey: adminKey.caller,
    memberKey: memberKey.caller,
    viewerKey: viewerKey.caller,
    ids: {
      membership,
      invitation: invitation.body.invitation.id,
      apiKey: memberKey.id,
      target: target.body.id,
      run: run.id,
      previousRun: previousRun.id,
      webhook: webhook.body.endpoint.id,
      session: sessions.body.items[0]!.id,
    },
  };
}

export function openDb(api: TestApi): Db {
  return createPrismaClient(api.database.url, { poolSize: 3 });
}

/** Every table a request could write to. */
export const WRITABLE_TABLES = [
  'User',
  'Org',
  'Membership',
  'Invitation',
  'Session',
  'ApiKey',
  'Target',
  'Schedule',
  'Run',
  'CheckResult',
  'Finding',
  'WebhookEndpoint',
  'WebhookEvent',
  'WebhookDelivery',
  'IdempotencyRecord',
  'AuditLog',
  'MailOutbox',
];

/** Rows of every table a request could write to, to prove a refused request stored nothing. */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of WRITABLE_TABLES) {
    const [row] = await db.$queryRawUnsafe<{ count: bigint }[]>(
      `SELECT COUNT(*) AS count FROM "${table}"`,
    );
    counts[table] = Number(row?.count ?? 0);
  }
  return counts;
}

export { anonymous, PASSWORD };
