import { Webhook } from 'standardwebhooks';

import { ApiUser } from '../../test/api-user';
import { waitFor } from '../../test/harness';
import { useWorkerSuite } from '../../test/suite';
import { itemsConfig } from '../../test/targets/items.target';

describe('a run followed through the API', () => {
  const suite = useWorkerSuite({
    target: { delayMs: 20 },
    receiver: true,
    inProcessWorker: true,
    api: true,
  });

  it('goes from queued to completed, its progress streamed and its findings stored', async () => {
    const user = await ApiUser.signUp(suite.api.url);
    const created = await user.call<{ id: string; verification: { status: string } }>(
      'POST',
      '/targets',
      itemsConfig('through-the-api', suite.target.url, { burst: 60, maxRps: 60 }),
    );
    // Loopback is allowlisted by the deployment: the target counts as verified at once.
    expect(created.verification.status).toBe('verified');
    const run = await user.call<{ id: string; status: string }>(
      'POST',
      `/targets/${created.id}/runs`,
      {},
    );
    expect(run.status).toBe('queued');

    const events = await user.followRun(run.id);
    expect(events[0]!.status).toMatch(/^(queued|running)$/);
    expect(events.at(-1)).toMatchObject({ status: 'completed' });
    const running = events.filter((event) => event.status === 'running');
    expect(running.length).toBeGreaterThan(1);
    expect(running.some((event) => event.currentProbe === 'ratelimit')).toBe(true);
    const done = running.map((event) => event.progressDone);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(events.at(-1)!.progressDone).toBe(events.at(-1)!.progressTotal);

    const finished = await user.call<{ status: string; summary: { failed: number } }>(
      'GET',
      `/runs/${run.id}`,
    );
    expect(finished).toMatchObject({ status: 'completed', summary: { failed: 1 } });
    const findings = await user.call<{ items: { code: string; route: string }[] }>(
      'GET',
      `/runs/${run.id}/findings`,
    );
    expect(findings.items.map((finding) => [finding.route, finding.code])).toEqual([
      ['list-items', 'ratelimit.missing'],
    ]);
  });

  it('stops when cancelled through the API, the stream ending with cancelled', async () => {
    const user = await ApiUser.signUp(suite.api.url);
    const created = await user.call<{ id: string }>(
      'POST',
      '/targets',
      itemsConfig('cancelled-through-the-api', suite.target.url, { burst: 2000, maxRps: 20 }),
    );
    const run = await user.call<{ id: string }>('POST', `/targets/${created.id}/runs`, {});
    const following = user.followRun(run.id);
    await waitFor(
      async () =>
        (await user.call<{ status: string }>('GET', `/runs/${run.id}`)).status === 'running',
      { what: 'the run to start' },
    );
    const cancelledAt = Date.now();
    await user.call('POST', `/runs/${run.id}/cancel`, {});
    const events = await following;
    const tookMs = Date.now() - cancelledAt;
    expect(events.at(-1)).toMatchObject({ status: 'cancelled' });
    const ended = await user.call<{ status: string; failureReason: string }>(
      'GET',
      `/runs/${run.id}`,
    );
    expect(ended).toMatchObject({ status: 'cancelled', failureReason: 'Cancelled on request.' });
    process.stdout.write(`cancel through the API → stream says cancelled in ${tookMs} ms\n`);
  });

  it('delivers the events of a run to an endpoint registered through the API, signed', async () => {
    const user = await ApiUser.signUp(suite.api.url);
    const { endpoint: hook, secret } = await user.call<{
      endpoint: { id: string };
      secret: string;
    }>('POST', '/webhooks', {
      url: `${suite.receiver.url}/through-the-api`,
      events: ['run.completed'],
    });
    // The API stored the secret encrypted; the worker decrypts it with the same APP_SECRET.
    await user.call('POST', `/webhooks/${hook.id}/test`, {});
    const created = await user.call<{ id: string }>(
      'POST',
      '/targets',
      itemsConfig('webhooks-through-the-api', suite.target.url),
    );
    const run = await user.call<{ id: string }>('POST', `/targets/${created.id}/runs`, {});
    await user.followRun(run.id);
    const calls = await waitFor(
      () =>
        suite.receiver.at('/through-the-api').length === 2
          ? suite.receiver.at('/through-the-api')
          : undefined,
      { what: 'the test event and run.completed' },
    );
    const verifier = new Webhook(secret);
    const events = calls.map(
      (call) =>
        verifier.verify(call.body, call.headers as Record<string, string>) as {
          type: string;
          data: { run?: { id: string } };
        },
    );
    expect(events.map((event) => event.type).sort()).toEqual(['run.completed', 'webhook.test']);
    expect(events.find((event) => event.type === 'run.completed')!.data.run!.id).toBe(run.id);
    const log = await user.call<{ items: { status: string; attempts: number }[] }>(
      'GET',
      `/webhooks/${hook.id}/deliveries`,
    );
    expect(log.items.map((delivery) => [delivery.status, delivery.attempts])).toEqual([
      ['succeeded', 1],
      ['succeeded', 1],
    ]);
  });
});
