import { ProbeRunJob } from '@shakedown/core/jobs';
import { openConfig, sealConfig, type Prisma } from '@shakedown/db';

import { ApiUser } from '../../test/api-user';
import { createOrgWithTarget, createQueuedRun } from '../../test/factories';
import { runWhenEnded, spawnWorker, TEST_APP_SECRET, waitFor } from '../../test/harness';
import { useWorkerSuite } from '../../test/suite';
import {
  configWithCredential as credentialConfig,
  useCredentialTarget,
} from '../../test/targets/credential.target';

const TOKEN = 'sealed-credential-of-alice-7f3e9b21';
const CREDENTIAL = `Bearer ${TOKEN}`;

const configWithCredential = (name: string, baseUrl: string): Prisma.InputJsonObject =>
  credentialConfig(name, baseUrl, CREDENTIAL);

/**
 * Tenant credentials are stored sealed (the API seals, the worker opens them where it builds the
 * run's config): a real run still authenticates against a target that requires the credential,
 * nothing the run stores shows it, and a worker with another APP_SECRET fails the run clearly.
 */
describe('a run of a target whose credentials are sealed', () => {
  const target = useCredentialTarget(CREDENTIAL);
  const suite = useWorkerSuite({ alsoAllow: () => [target.url], inProcessWorker: true, api: true });

  /** A verified target (and its organisation) as rows stored before sealing hold it: in clear. */
  const storeInClear = async (name: string, document = configWithCredential(name, target.url)) => {
    const { org, target: row } = await createOrgWithTarget(suite.test.db, {
      baseUrl: target.url,
      config: document,
      verificationStatus: 'verified',
    });
    return { document, org, row };
  };

  /** The target stored sealed with `appSecret` (as an API with that key would), and a run of it. */
  const storeSealedAndQueue = async (
    name: string,
    appSecret: string,
    document = configWithCredential(name, target.url),
  ) => {
    const { org, row } = await storeInClear(name, document);
    const sealed = sealConfig(document, appSecret);
    await suite.test.db.target.update({ where: { id: row.id }, data: sealed });
    const run = await suite.test.db.run.create({
      data: { orgId: org.id, targetId: row.id, trigger: 'api', probes: [], ...sealed },
    });
    await suite.test.enqueue(ProbeRunJob, { runId: run.id, orgId: org.id });
    return run;
  };

  /** Every column of the rows of `table` that belong to the run (or are the run). */
  const rawRows = async (table: string, column: string, id: string) => {
    const rows = await suite.test.db.$queryRawUnsafe<{ row: string }[]>(
      `SELECT row_to_json(t)::text AS row FROM "${table}" t WHERE t."${column}" = $1::uuid`,
      id,
    );
    return rows.map(({ row }) => row);
  };

  it('authenticates with the real credential, and stores it nowhere in clear', async () => {
    const user = await ApiUser.signUp(suite.api.url);
    const created = await user.call<{ id: string }>(
      'POST',
      '/targets',
      configWithCredential('sealed-through-the-api', target.url),
    );
    const run = await user.call<{ id: string }>('POST', `/targets/${created.id}/runs`, {});
    await user.followRun(run.id);

    const finished = await runWhenEnded(suite.test, run.id, 90_000);
    expect(finished).toMatchObject({ status: 'completed', failureReason: null });
    // Every request carried the real credential: none was refused, so no 401-inconclusive.
    expect(target.counts.refused).toBe(0);
    expect(target.counts.authorized).toBeGreaterThanOrEqual(20);
    const findings = await user.call<{ items: { code: string }[] }>(
      'GET',
      `/runs/${run.id}/findings`,
    );
    expect(findings.items.map((finding) => finding.code)).toEqual(['ratelimit.missing']);

    const stored = [
      ...(await rawRows('Target', 'id', created.id)),
      ...(await rawRows('Run', 'id', run.id)),
      ...(await rawRows('Finding', 'runId', run.id)),
      ...(await rawRows('CheckResult', 'runId', run.id)),
      ...(await rawRows('RunLogEntry', 'runId', run.id)),
    ];
    expect(stored.length).toBeGreaterThan(3);
    for (const row of stored)
      expect({ row, leaks: row.includes(TOKEN) }).toEqual({ row, leaks: false });
    // The evidence masks the real credential, echoed by the target in its answers too.
    const [finding] = await rawRows('Finding', 'runId', run.id);
    expect(finding).toContain('Bearer ****9b21');
    expect(finding).toContain('"caller\\":\\"Bearer ****9b21');
    const report = JSON.stringify(await user.call('GET', `/runs/${run.id}/report`));
    expect(report).toContain('ratelimit.missing');
    expect(report).not.toContain(TOKEN);
  });

  it('fails the run once, saying why, when the secrets were sealed with another APP_SECRET', async () => {
    const before = { ...target.counts };
    const run = await storeSealedAndQueue(
      'sealed-elsewhere',
      'another-deployments-app-secret-0123456789',
    );

    const finished = await runWhenEnded(suite.test, run.id, 60_000);
    expect(finished.status).toBe('failed');
    expect(finished.failureReason).toBe(
      "Not run: the config's secrets cannot be decrypted with this deployment's APP_SECRET " +
        '(was APP_SECRET changed since they were stored?).',
    );
    // Failed for good at once: the job is done, not retried, and nothing was sent.
    const job = await waitFor(
      async () => {
        const found = await suite.test.queue(ProbeRunJob.queue).getJob(`probe-run-${run.id}`);
        return (await found?.getState()) === 'completed' ? found : undefined;
      },
      { what: 'the job to complete' },
    );
    expect(job.attemptsMade).toBe(1);
    expect(target.counts).toEqual(before);
  });

  it('opens the secrets in each load shard too', async () => {
    const document = configWithCredential('sealed-sharded-load', target.url);
    const before = { ...target.counts };
    const run = await storeSealedAndQueue('sealed-sharded-load', TEST_APP_SECRET, {
      ...document,
      probes: {
        include: ['load'],
        load: {
          route: 'list-items',
          executor: 'constant-arrival-rate',
          rate: 20,
          duration: '2s',
          shards: 2,
        },
      },
    });
    expect(await runWhenEnded(suite.test, run.id, 90_000)).toMatchObject({ status: 'completed' });
    const shards = await suite.test.db.loadShard.findMany({ where: { runId: run.id } });
    expect(shards).toHaveLength(2);
    const load = await suite.test.db.loadResult.findUniqueOrThrow({ where: { runId: run.id } });
    expect(load.requests).toBeGreaterThan(20);
    expect(load.statusCounts).toEqual({ '200': load.requests });
    expect(target.counts.refused).toBe(before.refused);
    const stored = [
      ...(await rawRows('LoadShard', 'runId', run.id)),
      ...(await rawRows('LoadResult', 'runId', run.id)),
    ];
    for (const row of stored) expect(row).not.toContain(TOKEN);
  });

  it('runs a config stored in clear before sealing, and seals it when a worker starts', async () => {
    const { document, org, row } = await storeInClear('stored-in-clear');
    const run = await createQueuedRun(suite.test.db, row);
    expect([row.secretsCiphertext, run.secretsCiphertext]).toEqual([null, null]);
    const before = { ...target.counts };
    await suite.test.enqueue(ProbeRunJob, { runId: run.id, orgId: org.id });
    expect(await runWhenEnded(suite.test, run.id, 90_000)).toMatchObject({ status: 'completed' });
    expect(target.counts.refused).toBe(before.refused);
    expect(target.counts.authorized).toBeGreaterThanOrEqual(before.authorized + 20);

    // Another worker starts (a deployment upgraded): it seals what it finds in clear.
    suite.workers.push(await spawnWorker(suite.test));
    await waitFor(
      async () =>
        (await suite.test.db.run.findUniqueOrThrow({ where: { id: run.id } })).secretsCiphertext,
      { what: 'the worker to seal the run stored in clear' },
    );
    const stored = [
      ...(await rawRows('Target', 'id', row.id)),
      ...(await rawRows('Run', 'id', run.id)),
    ];
    expect(stored).toHaveLength(2);
    for (const text of stored) expect(text).not.toContain(TOKEN);
    const sealed = await suite.test.db.target.findUniqueOrThrow({ where: { id: row.id } });
    expect(openConfig(sealed, TEST_APP_SECRET)).toEqual(document);
  });
});
