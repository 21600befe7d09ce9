import { currentKeyId, type Db } from '@shakedown/db';
import { Webhook } from 'standardwebhooks';

import { ApiUser } from '../../test/api-user';
import { runWhenEnded, spawnApi, spawnWorker, waitFor } from '../../test/harness';
import { useWorkerSuite } from '../../test/suite';
import { configWithCredential, useCredentialTarget } from '../../test/targets/credential.target';

const KEY_A = 'rotation-key-a-the-leaked-one-0123456789';
const KEY_B = 'rotation-key-b-the-new-one-0123456789abc';
const TOKEN = 'rotated-credential-of-alice-5c2d8e';
const CREDENTIAL = `Bearer ${TOKEN}`;
const POINTER = '/target/tenants/alice/headers/Authorization';
const HOOK_KEY = 'rotation-create-hook-1';

/** The key id each sealed column of the deployment's rows starts with (`v2.<id>.`). */
async function keyIdsInUse(db: Db): Promise<string[]> {
  const rows = await db.$queryRaw<{ sealed: string }[]>`
    SELECT "secretsCiphertext" AS sealed FROM "Target" WHERE "secretsCiphertext" IS NOT NULL
    UNION ALL SELECT "secretsCiphertext" FROM "Run" WHERE "secretsCiphertext" IS NOT NULL
    UNION ALL SELECT "secretCiphertext" FROM "WebhookEndpoint"`;
  return [...new Set(rows.map(({ sealed }) => sealed.split('.').slice(0, 2).join('.')))].sort();
}

/**
 * Rotating APP_SECRET: what key A sealed (a target's credential, a webhook signing secret, an
 * idempotent answer) stays usable once the deployment runs with APP_SECRET=B and
 * APP_SECRET_PREVIOUS=A, the next worker start re-seals it under B, and then A can go. Without
 * A listed, the clear failures of a changed key remain and nothing is damaged.
 */
describe('rotating APP_SECRET', () => {
  const target = useCredentialTarget(CREDENTIAL);
  const suite = useWorkerSuite({
    receiver: true,
    alsoAllow: () => [target.url],
    env: { APP_SECRET: KEY_A },
    api: true,
  });

  /** The API and a worker, as processes, with the deployment's keys set to `keys`. */
  const deploy = async (keys: Record<string, string>) => {
    const api = await spawnApi(suite.test, keys);
    suite.workers.push(api);
    const worker = await spawnWorker(suite.test, keys);
    suite.workers.push(worker);
    return {
      api,
      worker,
      stop: async () => {
        await api.kill('SIGTERM');
        await worker.kill('SIGTERM');
      },
    };
  };

  const runToEnd = async (user: ApiUser, targetId: string) => {
    const run = await user.call<{ id: string }>('POST', `/targets/${targetId}/runs`, {});
    return runWhenEnded(suite.test, run.id, 90_000);
  };

  it('keeps every stored secret readable, re-seals it under the new key, then lets the old go', async () => {
    // Under A: a target with a credential, a webhook endpoint whose creation answer is stored.
    const owner = await ApiUser.signUp(suite.api.url);
    const { id: targetId } = await owner.call<{ id: string }>(
      'POST',
      '/targets',
      configWithCredential('rotated', target.url, CREDENTIAL),
    );
    const hookRequest = { url: `${suite.receiver.url}/rotated`, events: ['run.completed'] };
    const hook = await owner.send('POST', '/webhooks', hookRequest, HOOK_KEY);
    expect(hook.status).toBe(201);
    const { secret } = hook.body as { secret: string };
    const idA = `v2.${currentKeyId(KEY_A)}`;
    const idB = `v2.${currentKeyId(KEY_B)}`;
    expect(await keyIdsInUse(suite.test.db)).toEqual([idA]);
    await suite.api.kill('SIGTERM');

    // B alone: the reveal says the secrets cannot be opened, a run fails saying why, and the
    // worker's start leaves the rows it cannot open as they are.
    const bOnly = await deploy({ APP_SECRET: KEY_B, APP_SECRET_PREVIOUS: '' });
    const refused = await owner
      .at(bOnly.api.url)
      .send('POST', `/targets/${targetId}/secrets/reveal`, { pointer: POINTER });
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'secrets_unreadable' } } });
    const failed = await runToEnd(owner.at(bOnly.api.url), targetId);
    expect(failed.failureReason).toBe(
      "Not run: the config's secrets cannot be decrypted with this deployment's APP_SECRET " +
        '(was APP_SECRET changed since they were stored?).',
    );
    expect(target.counts).toEqual({ authorized: 0, refused: 0 });
    expect(await keyIdsInUse(suite.test.db)).toEqual([idA]);
    await bOnly.stop();

    // B with A as the previous key: everything opens, and the worker's start re-seals under B.
    const rotated = await deploy({ APP_SECRET: KEY_B, APP_SECRET_PREVIOUS: KEY_A });
    const user = owner.at(rotated.api.url);
    expect(
      await user.call('POST', `/targets/${targetId}/secrets/reveal`, { pointer: POINTER }),
    ).toMatchObject({ value: CREDENTIAL });
    // The idempotent answer A sealed is replayed: the same endpoint and signing secret.
    expect(await user.send('POST', '/webhooks', hookRequest, HOOK_KEY)).toEqual(hook);
    await waitFor(async () => (await keyIdsInUse(suite.test.db)).join() === idB, {
      what: 'the worker to re-seal every row under B',
    });
    const completed = await runToEnd(user, targetId);
    expect(completed).toMatchObject({ status: 'completed', failureReason: null });
    expect(target.counts.refused).toBe(0);
    expect(target.counts.authorized).toBeGreaterThanOrEqual(20);
    // Deliveries are still signed with the endpoint's original secret.
    const [delivery] = await waitFor(
      () => suite.receiver.at('/rotated').length > 0 && suite.receiver.at('/rotated'),
      {
        what: 'run.completed to be delivered',
      },
    );
    expect(
      new Webhook(secret).verify(delivery!.body, delivery!.headers as Record<string, string>),
    ).toMatchObject({ type: 'run.completed', data: { run: { id: completed.id } } });
    await rotated.stop();

    // A dropped: nothing needed it any more.
    const after = await deploy({ APP_SECRET: KEY_B, APP_SECRET_PREVIOUS: '' });
    const afterUser = owner.at(after.api.url);
    expect(
      await afterUser.call('POST', `/targets/${targetId}/secrets/reveal`, { pointer: POINTER }),
    ).toMatchObject({ value: CREDENTIAL });
    const authorizedBefore = target.counts.authorized;
    expect(await runToEnd(afterUser, targetId)).toMatchObject({ status: 'completed' });
    expect(target.counts).toMatchObject({ refused: 0 });
    expect(target.counts.authorized).toBeGreaterThan(authorizedBefore);
    await waitFor(() => suite.receiver.at('/rotated').length === 2, {
      what: 'the second run.completed to be delivered',
    });
    const second = suite.receiver.at('/rotated')[1]!;
    expect(() =>
      new Webhook(secret).verify(second.body, second.headers as Record<string, string>),
    ).not.toThrow();
    expect(await keyIdsInUse(suite.test.db)).toEqual([idB]);
    // Idempotent answers are not re-sealed (they expire in 24 hours): A's replay is refused.
    expect(await afterUser.send('POST', '/webhooks', hookRequest, HOOK_KEY)).toMatchObject({
      status: 409,
      body: { error: { code: 'secrets_unreadable' } },
    });
  });
});
