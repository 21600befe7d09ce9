import type { Server } from 'node:http';

import { createDemoApi, DEMO_TENANTS, type DemoApiOptions } from '@shakedown/demo-api';
import { ProbeRunJob } from '@shakedown/core/jobs';
import type { Prisma } from '@shakedown/db';
import { Webhook } from 'standardwebhooks';

import { freePort } from '@shakedown/core/testing';

import { createOrgWithTarget, createQueuedRun, createWebhookEndpoint } from '../../test/factories';
import { waitFor } from '../../test/harness';
import { useWorkerSuite } from '../../test/suite';

/** The demo API's config (examples/demo.yml), with the probes this scenario needs. */
function demoConfig(baseUrl: string): Prisma.InputJsonObject {
  return {
    version: 1,
    target: {
      name: 'demo-api',
      baseUrl,
      tenants: {
        alice: { headers: { Authorization: `Bearer ${DEMO_TENANTS.alice}` } },
        bob: { headers: { Authorization: `Bearer ${DEMO_TENANTS.bob}` } },
      },
      budget: { maxRps: 200, maxRequests: 5000, maxBytes: '100MB', maxDuration: '2m' },
    },
    routes: [
      {
        id: 'create-note',
        method: 'POST',
        path: '/notes',
        body: { title: 'Groceries', body: 'milk, eggs and bread', pinned: false, priority: 2 },
        maxBodyBytes: '16KB',
        idempotency: { header: 'Idempotency-Key' },
        resource: {
          idPath: '/id',
          read: { method: 'GET', path: '/notes/{id}' },
          update: { method: 'PATCH', path: '/notes/{id}', body: { title: 'Groceries (edited)' } },
          delete: { method: 'DELETE', path: '/notes/{id}' },
          list: { method: 'GET', path: '/notes', itemsPath: '/items' },
        },
      },
    ],
    // The tenant checks (where the regression appears) and the errors check (a default defect
    // present in both runs: persisting, so not a regression).
    probes: { include: ['tenant', 'errors'] },
  };
}

describe('a regression between two runs of a target', () => {
  let demo: Server | undefined;
  let port: number;

  async function startDemo(options: DemoApiOptions): Promise<void> {
    await stopDemo();
    demo = createDemoApi(options);
    await new Promise<void>((resolve) => demo!.listen(port, '127.0.0.1', resolve));
  }

  async function stopDemo(): Promise<void> {
    if (!demo) return;
    const server = demo;
    demo = undefined;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  beforeAll(async () => {
    port = await freePort();
  });
  afterAll(() => stopDemo());

  const suite = useWorkerSuite({
    receiver: true,
    alsoAllow: () => [`http://127.0.0.1:${port}`],
    inProcessWorker: true,
  });

  it('produces exactly one run.regressed, naming the new finding', async () => {
    const baseUrl = `http://127.0.0.1:${port}`;
    const { org, target } = await createOrgWithTarget(suite.test.db, {
      baseUrl,
      config: demoConfig(baseUrl),
    });
    const endpoint = await createWebhookEndpoint(suite.test.db, org.id, {
      url: `${suite.receiver.url}/hooks`,
    });

    async function runOnce(): Promise<string> {
      const run = await createQueuedRun(suite.test.db, target);
      await suite.test.enqueue(ProbeRunJob, { runId: run.id, orgId: org.id });
      const ended = await waitFor(
        async () => {
          const row = await suite.test.db.run.findUniqueOrThrow({ where: { id: run.id } });
          return row.status === 'running' || row.status === 'queued' ? undefined : row;
        },
        { timeoutMs: 120_000, what: 'the run to end' },
      );
      expect(ended).toMatchObject({ status: 'completed', failureReason: null });
      return run.id;
    }

    await startDemo({});
    const first = await runOnce();
    await startDemo({ extraDefects: ['tenant.cross_read'] });
    const second = await runOnce();

    const findings = await suite.test.db.finding.findMany({
      where: { targetId: target.id },
      select: { runId: true, route: true, code: true, isNew: true },
      orderBy: [{ runId: 'asc' }, { code: 'asc' }],
    });
    expect(findings).toEqual([
      { runId: first, route: 'create-note', code: 'errors.stack_trace_leak', isNew: false },
      { runId: second, route: 'create-note', code: 'errors.stack_trace_leak', isNew: false },
      { runId: second, route: 'create-note', code: 'tenant.cross_read', isNew: true },
    ]);
    const runs = await suite.test.db.run.findMany({
      where: { id: { in: [first, second] } },
      orderBy: { id: 'asc' },
    });
    expect(runs.map((run) => run.regressionCount)).toEqual([null, 1]);

    // Every event is delivered (and deliveries are done) before counting.
    await waitFor(
      async () =>
        (await suite.test.db.webhookDelivery.count({
          where: { endpointId: endpoint.id, status: 'pending' },
        })) === 0 &&
        (await suite.test.db.webhookDelivery.count({ where: { endpointId: endpoint.id } })) === 3,
      { what: 'three deliveries to finish' },
    );
    const verifier = new Webhook(endpoint.secret);
    const events = suite.receiver.at('/hooks').map(
      (call) =>
        verifier.verify(call.body, call.headers as Record<string, string>) as {
          type: string;
          data: { run: { id: string }; newFindings: { code: string; route: string }[] };
        },
    );
    expect(events.map((event) => [event.type, event.data.run.id]).sort()).toEqual(
      [
        ['run.completed', first],
        ['run.completed', second],
        ['run.regressed', second],
      ].sort(),
    );
    const regressed = events.filter((event) => event.type === 'run.regressed');
    expect(regressed).toHaveLength(1);
    expect(regressed[0]!.data.newFindings).toEqual([
      expect.objectContaining({
        code: 'tenant.cross_read',
        route: 'create-note',
        severity: 'critical',
      }),
    ]);
  });
});
