import { Agent, buildConnector } from 'undici';

import { RunBudget } from '../http/budget';
import { createGuardedConnector } from '../http/guarded-connector';
import { createNetworkPolicy } from '../http/network-policy';
import { loadConfig } from './testing/load-config';
import { startLoadTarget, type LoadTarget } from './testing/load-target';
import { runLoadStage } from './run-load-stage';

describe('runLoadStage: stages, cancellation and the connection hooks', () => {
  let target: LoadTarget;
  beforeAll(async () => {
    target = await startLoadTarget({ delayMs: 1 });
  });
  afterAll(() => target.close());

  it('ramping-arrival-rate follows its stages second by second', async () => {
    const config = loadConfig(target.url, {
      executor: 'ramping-arrival-rate',
      startRate: 0,
      stages: [
        { duration: '2s', target: 200 },
        { duration: '1s', target: 200 },
      ],
    });
    const before = target.received;
    const result = await runLoadStage(config, { budget: new RunBudget(config.target.budget) });
    // 2 s ramping to 200/s (200 iterations) then 1 s at 200/s.
    expect(result.report.requests).toBe(400);
    expect(target.received - before).toBe(400);
    const rps = result.report.series.map((point) => point.rps);
    expect(rps).toHaveLength(3);
    // Scheduled: 50 in the first second, 150 in the second, 200 in the third (answers near a
    // second's boundary may land in the next one).
    expect(rps[0]).toBeGreaterThanOrEqual(30);
    expect(rps[0]).toBeLessThanOrEqual(70);
    expect(rps[1]).toBeGreaterThanOrEqual(120);
    expect(rps[1]).toBeLessThanOrEqual(180);
    expect(rps[2]).toBeGreaterThan(rps[1]!);
  });

  it('stops at once when its signal aborts, and reports the stage as cancelled', async () => {
    const config = loadConfig(target.url, {
      executor: 'constant-arrival-rate',
      rate: 100,
      duration: '30s',
    });
    const controller = new AbortController();
    const result = await runLoadStage(config, {
      budget: new RunBudget(config.target.budget),
      signal: controller.signal,
      onProgress: (second) => {
        if (second.t === 0) controller.abort(new Error('the run was cancelled'));
      },
    });
    expect(result.abortedReason).toBe('cancelled: the run was cancelled');
    expect(result.report.requests).toBeLessThan(300);
    expect(result.report.requests).toBeGreaterThan(50);
  });

  it('sends every request through a dispatcher it is given', async () => {
    const connector = buildConnector({});
    const connectedTo: string[] = [];
    const agent = new Agent({
      connect: (options, callback) => {
        connectedTo.push(`${options.hostname}:${options.port}`);
        connector(options, callback);
      },
    });
    try {
      const config = loadConfig(target.url, { executor: 'constant-vus', vus: 3, duration: '1s' });
      const before = target.received;
      const result = await runLoadStage(config, {
        budget: new RunBudget(config.target.budget),
        dispatcher: agent,
      });
      expect(result.report.requests).toBe(target.received - before);
      expect(result.report.statusCounts).toEqual({ '200': result.report.requests });
      const port = new URL(target.url).port;
      expect(connectedTo.length).toBeGreaterThanOrEqual(1);
      expect(new Set(connectedTo)).toEqual(new Set([`127.0.0.1:${port}`]));
    } finally {
      await agent.close();
    }
  });

  it('or only a connect hook for its own per-VU connections', async () => {
    const connector = buildConnector({});
    let connections = 0;
    const config = loadConfig(target.url, { executor: 'constant-vus', vus: 3, duration: '1s' });
    const result = await runLoadStage(config, {
      budget: new RunBudget(config.target.budget),
      connect: (options, callback) => {
        connections += 1;
        connector(options, callback);
      },
    });
    expect(result.report.requests).toBeGreaterThan(3);
    // One keep-alive connection per VU.
    expect(connections).toBe(3);
  });

  it('a hook that refuses the address turns every request into a transport error', async () => {
    const config = loadConfig(target.url, {
      executor: 'constant-arrival-rate',
      rate: 20,
      duration: '1s',
    });
    const before = target.received;
    const result = await runLoadStage(config, {
      budget: new RunBudget(config.target.budget),
      connect: (_options, callback) => callback(new Error('address not allowed'), null),
    });
    expect(target.received - before).toBe(0);
    expect(result.report.transportErrors).toBe(20);
    expect(result.findings.map((finding) => finding.code)).toEqual(['load.server_errors']);
  });

  it('runs under the hosted SSRF guard: refused for loopback, allowed when allowlisted', async () => {
    const config = loadConfig(target.url, {
      executor: 'constant-arrival-rate',
      rate: 20,
      duration: '1s',
    });
    const before = target.received;
    const refused = await runLoadStage(config, {
      budget: new RunBudget(config.target.budget),
      connect: createGuardedConnector(createNetworkPolicy()),
    });
    expect(target.received - before).toBe(0);
    expect(refused.report.transportErrors).toBe(20);
    expect(refused.raw.samples.errors[0]?.error).toMatch(/loopback/);

    const allowed = await runLoadStage(config, {
      budget: new RunBudget(config.target.budget),
      connect: createGuardedConnector(createNetworkPolicy({ allow: ['127.0.0.1'] })),
    });
    expect(allowed.report.statusCounts).toEqual({ '200': 20 });
  });
});
