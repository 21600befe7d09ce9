/**
 * `pnpm bench:api`: run history, findings of a run and run comparison, at 1,000 runs / 20,000
 * findings and again at 10,000 runs / 200,000 findings in the same organisation, measured with
 * autocannon (50 connections) alternating with `GET /health` in the same run. Passes when each
 * case keeps ≥ 80% of its throughput at ten times the data and reaches ≥ 30% of /health's.
 * Everything stays on 127.0.0.1; every load step is bounded in time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { createPrismaClient, type Db } from '@shakedown/db';
import { createTestDatabase } from '@shakedown/db/testing';
import { createRedisPrefix, dropRedisPrefix } from '@shakedown/nest-infra/testing';
import { CATALOGUE, FINDING_CODES, severityRank } from '@shakedown/core/findings';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TARGETS = 10;
const FINDINGS_PER_RUN = 20;

interface AutocannonResult {
  requests: { average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  latency: { p99: number };
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as Autocannon;

async function startServer(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; baseUrl: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'api-server.ts')], {
    cwd: join(__dirname, '..'),
    // Workspace packages are loaded from source: decorators need the API's compiler options.
    env: { ...process.env, TSX_TSCONFIG_PATH: join(__dirname, 'tsconfig.bench.json'), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the API did not start within 60 s')), 60_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`the API exited with ${code}`)));
  });
  return { child, baseUrl: `http://127.0.0.1:${port}` };
}

async function json<T>(
  baseUrl: string,
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ value: T; setCookie: string | null }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  return { value: (await response.json()) as T, setCookie: response.headers.get('set-cookie') };
}

/** An organisation with an API key, made through the API itself. */
async function createOrg(baseUrl: string): Promise<{ orgId: string; key: string }> {
  const email = `bench-${randomBytes(4).toString('hex')}@example.test`;
  const signedUp = await json<{ csrfToken: string }>(baseUrl, 'POST', '/auth/sign-up', {
    email,
    name: 'Bench',
    password: 'bench-orchard-copper-51',
  });
  const session = {
    Cookie: (signedUp.setCookie ?? '').split(';')[0]!,
    'X-CSRF-Token': signedUp.value.csrfToken,
  };
  const org = await json<{ id: string }>(baseUrl, 'POST', '/orgs', { name: 'Bench' }, session);
  const key = await json<{ key: string }>(
    baseUrl,
    'POST',
    '/api-keys',
    { name: 'bench', role: 'viewer' },
    { ...session, 'X-Org-Id': org.value.id },
  );
  return { orgId: org.value.id, key: key.value.key };
}

/**
 * Adds `runs` completed runs (spread over the targets, older than any existing run) with
 * `FINDINGS_PER_RUN` findings each, in SQL. Each run has a different subset of codes, so
 * comparisons find new, resolved and persisting findings.
 */
async function seed(
  db: Db,
  orgId: string,
  targetIds: string[],
  runs: number,
  offset: number,
): Promise<void> {
  const codes = FINDING_CODES.slice(0, 12);
  await db.$executeRawUnsafe(`
    CREATE OR REPLACE FUNCTION bench_uuid7(ts timestamptz) RETURNS uuid AS $$
      SELECT (lpad(to_hex(floor(extract(epoch FROM ts) * 1000)::bigint), 12, '0') || '7'
        || substr(md5(random()::text), 1, 3) || to_hex(8 + floor(random() * 4)::int)
        || substr(md5(random()::text), 1, 15))::uuid
    $$ LANGUAGE sql VOLATILE`);
  await db.$executeRawUnsafe(
    `INSERT INTO "Run" (id, "orgId", "targetId", status, trigger, probes, config, "createdAt", "startedAt", "finishedAt",
                        "progressDone", "progressTotal", summary, "regressionCount")
     SELECT bench_uuid7(t.at), $1::uuid, ($2::uuid[])[1 + (n % ${TARGETS})], 'completed', 'schedule', '{}',
            '{"version":1,"target":{"name":"bench"}}'::jsonb, t.at, t.at, t.at + interval '40 seconds', 30, 30,
            '{"checks":30,"passed":10,"failed":20,"skipped":0,"error":0,"bySeverity":{"critical":4,"high":8,"medium":6,"low":2,"info":0}}'::jsonb, 2
     FROM generate_series($3::int, $3::int + $4::int - 1) AS n,
          LATERAL (SELECT now() - (n * interval '1 minute') - interval '1 hour' AS at) t`,
    orgId,
    targetIds,
    offset,
    runs,
  );
  const codeList = codes.map((code) => `'${code}'`).join(',');
  const severities = codes.map((code) => `'${CATALOGUE[code].severity}'`).join(',');
  const ranks = codes.map((code) => severityRank(CATALOGUE[code].severity)).join(',');
  await db.$executeRawUnsafe(
    `INSERT INTO "Finding" (id, "orgId", "runId", "targetId", code, probe, route, severity, "severityRank", title, detail, evidence, "isNew", "createdAt")
     SELECT bench_uuid7(r."createdAt"), r."orgId", r.id, r."targetId", c.code, split_part(c.code, '.', 1),
            'route-' || (k % 2), c.severity::"Severity", c.rank, c.code || ' on route-' || (k % 2), 'seeded for the benchmark',
            '{"exchanges":[{"request":{"method":"POST","url":"http://127.0.0.1:4010/orders","headers":{}},"response":{"status":201,"headers":{},"ms":3.2}}]}'::jsonb,
            k < 2, r."createdAt"
     FROM (SELECT * FROM "Run" WHERE "orgId" = $1::uuid AND NOT EXISTS (SELECT 1 FROM "Finding" f WHERE f."runId" = "Run".id)) r
     CROSS JOIN LATERAL (
       SELECT k, (ARRAY[${codeList}])[1 + ((k / 2 + (abs(hashtext(r.id::text)) % 3)) % ${codes.length})] AS code,
                 (ARRAY[${severities}])[1 + ((k / 2 + (abs(hashtext(r.id::text)) % 3)) % ${codes.length})] AS severity,
                 (ARRAY[${ranks}])[1 + ((k / 2 + (abs(hashtext(r.id::text)) % 3)) % ${codes.length})] AS rank
       FROM generate_series(0, ${FINDINGS_PER_RUN - 1}) AS k
     ) c`,
    orgId,
  );
  // Vacuum now, so autovacuum does not wake up and share the CPUs with the measurement.
  await db.$executeRawUnsafe('VACUUM (ANALYZE) "Run", "Finding"');
}

async function counts(db: Db, orgId: string): Promise<{ runs: number; findings: number }> {
  const [row] = await db.$queryRawUnsafe<{ runs: bigint; findings: bigint }[]>(
    `SELECT (SELECT COUNT(*) FROM "Run" WHERE "orgId" = $1::uuid) AS runs, (SELECT COUNT(*) FROM "Finding" WHERE "orgId" = $1::uuid) AS findings`,
    orgId,
  );
  return { runs: Number(row!.runs), findings: Number(row!.findings) };
}

/** The plans of the three queries: each must be an index scan, never a sequential one. */
async function explain(db: Db, orgId: string, runId: string, targetId: string): Promise<string[]> {
  const queries: [string, string, unknown[]][] = [
    [
      'run history',
      `SELECT * FROM "Run" WHERE "orgId" = $1::uuid ORDER BY "createdAt" DESC, id DESC LIMIT 51`,
      [orgId],
    ],
    [
      'findings of a run',
      `SELECT * FROM "Finding" WHERE "runId" = $1::uuid AND "orgId" = $2::uuid ORDER BY "severityRank", id LIMIT 51`,
      [runId, orgId],
    ],
    [
      'previous completed run',
      `SELECT * FROM "Run" WHERE "orgId" = $1::uuid AND "targetId" = $2::uuid AND status = 'completed' AND "finishedAt" < now() ORDER BY "finishedAt" DESC LIMIT 1`,
      [orgId, targetId],
    ],
    [
      'comparison findings',
      `SELECT id, code, route, severity, title FROM "Finding" WHERE "runId" = $1::uuid AND "orgId" = $2::uuid ORDER BY "severityRank", id LIMIT 10000`,
      [runId, orgId],
    ],
  ];
  const lines: string[] = [];
  for (const [name, sql, params] of queries) {
    const plan = await db.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(
      `EXPLAIN (ANALYZE, BUFFERS) ${sql}`,
      ...params,
    );
    const text = plan.map((row) => row['QUERY PLAN']).join(' | ');
    if (/Seq Scan/.test(text)) throw new Error(`${name} is not index-bound: ${text}`);
    const scans = [...text.matchAll(/(Index(?: Only)? Scan(?: Backward)? using "[^"]+")/g)].map(
      (match) => match[1],
    );
    const time = /Execution Time: ([\d.]+) ms/.exec(text)?.[1];
    lines.push(`  ${name.padEnd(24)} ${time} ms  ${[...new Set(scans)].join(', ')}`);
  }
  return lines;
}

const CASES = ['health', 'history', 'findings', 'comparison'] as const;
type Case = (typeof CASES)[number];

async function measure(
  baseUrl: string,
  key: string,
  runIds: string[],
  rounds = ROUNDS,
  seconds = SECONDS,
): Promise<Record<Case, number>> {
  const totals: Record<Case, number[]> = { health: [], history: [], findings: [], comparison: [] };
  for (let round = 0; round < rounds; round += 1) {
    for (const name of CASES) {
      let next = 0;
      const pathOf = (): string => {
        const runId = runIds[next++ % runIds.length]!;
        if (name === 'health') return '/health';
        if (name === 'history') return '/runs?limit=50';
        if (name === 'findings') return `/runs/${runId}/findings?limit=50`;
        return `/runs/${runId}/comparison`;
      };
      const result = await autocannon({
        url: baseUrl,
        connections: CONNECTIONS,
        duration: seconds,
        headers: name === 'health' ? {} : { authorization: `Bearer ${key}` },
        requests: [
          {
            method: 'GET',
            setupRequest: (request: Record<string, unknown>) => ({ ...request, path: pathOf() }),
          },
        ],
      });
      if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
        throw new Error(
          `${name}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
        );
      }
      totals[name].push(result.requests.average);
    }
  }
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  return {
    health: mean(totals.health),
    history: mean(totals.history),
    findings: mean(totals.findings),
    comparison: mean(totals.comparison),
  };
}

async function main(): Promise<void> {
  const database = await createTestDatabase();
  const prefix = createRedisPrefix('bench');
  const { child, baseUrl } = await startServer({
    NODE_ENV: 'production',
    APP_SECRET: randomBytes(32).toString('hex'),
    DATABASE_URL: database.url,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    TARGET_ALLOWLIST: '127.0.0.1',
    RATE_LIMIT_ORG_PER_MINUTE: '1000000',
    RATE_LIMIT_PRINCIPAL_PER_MINUTE: '1000000',
  });
  const db = createPrismaClient(database.url, { poolSize: 2 });
  try {
    const { orgId, key } = await createOrg(baseUrl);
    const targetIds: string[] = [];
    for (let index = 0; index < TARGETS; index += 1) {
      const target = await db.target.create({
        data: {
          orgId,
          name: `bench-${index}`,
          baseUrl: 'http://127.0.0.1:4010',
          config: {},
          verificationToken: 'sdv_bench',
          verificationStatus: 'verified',
        },
      });
      targetIds.push(target.id);
    }
    const newestRuns = async () =>
      (
        await db.run.findMany({
          where: { orgId },
          orderBy: { createdAt: 'desc' },
          take: 50,
          select: { id: true },
        })
      ).map((run) => run.id);

    console.log(
      `shakedown api benchmark: ${CONNECTIONS} connections, ${ROUNDS} rounds × ${SECONDS} s per case, cases alternated\n`,
    );
    await seed(db, orgId, targetIds, 1_000, 0);
    const small = await counts(db, orgId);
    const smallRuns = await newestRuns();
    // Warm-up (JIT, connection pools), not counted: otherwise the first phase pays for it.
    await measure(baseUrl, key, smallRuns, 1, 2);
    const before = await measure(baseUrl, key, smallRuns);

    const smallPlans = await explain(db, orgId, smallRuns[0]!, targetIds[0]!);
    await seed(db, orgId, targetIds, 9_000, 1_000);
    const large = await counts(db, orgId);
    const plans = await explain(db, orgId, smallRuns[0]!, targetIds[0]!);
    const after = await measure(baseUrl, key, await newestRuns());

    const rows: string[] = [];
    let ok = true;
    for (const name of CASES) {
      const kept = after[name] / before[name];
      const keptVsHealth = after[name] / after.health / (before[name] / before.health);
      const ofHealth = Math.min(before[name] / before.health, after[name] / after.health);
      const pass = name === 'health' || (keptVsHealth >= 0.8 && ofHealth >= 0.3);
      if (!pass) ok = false;
      rows.push(
        `  ${name.padEnd(11)} ${before[name].toFixed(0).padStart(7)} req/s  ${after[name].toFixed(0).padStart(7)} req/s  ` +
          `${(kept * 100).toFixed(0).padStart(4)}%  ${(keptVsHealth * 100).toFixed(0).padStart(4)}%  ` +
          `${name === 'health' ? '   —' : `${(ofHealth * 100).toFixed(0).padStart(4)}%`}  ${name === 'health' ? '' : pass ? 'ok' : 'FAIL'}`,
      );
    }
    console.log(
      `data: ${small.runs} runs / ${small.findings} findings, then ${large.runs} runs / ${large.findings} findings\n`,
    );
    console.log('  case        at 1×          at 10×         kept  kept÷health  ÷health');
    console.log(rows.join('\n'));
    console.log('\nquery plans at 1× (EXPLAIN ANALYZE; a sequential scan aborts the benchmark):');
    console.log(smallPlans.join('\n'));
    console.log('query plans at 10×:');
    console.log(plans.join('\n'));
    console.log(
      `\n${ok ? 'PASS' : 'FAIL'}: each case keeps ≥ 80% of its throughput at 10× data (normalised by /health measured alongside) and reaches ≥ 30% of /health`,
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await db.$disconnect();
    // Let the last in-flight requests of the load generator finish before stopping the API.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await database.drop();
    await dropRedisPrefix(prefix);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
