import { createServer } from 'node:net';

import { ConfigSchema } from '../config/config.schema';
import { RunBudget } from '../http/budget';
import { FindingSchema } from '../report/report.schema';
import { loadConfig } from './testing/load-config';
import { startLoadTarget } from './testing/load-target';
import { runLoadStage } from './run-load-stage';

async function runAgainst(url: string) {
  const config = loadConfig(url, { executor: 'constant-arrival-rate', rate: 100, duration: '2s' });
  return runLoadStage(config, { budget: new RunBudget(config.target.budget) });
}

describe('load.server_errors', () => {
  it('fires when 5% of the answers are 5xx, with the first of them as evidence', async () => {
    const target = await startLoadTarget({ errorEvery: 20 });
    try {
      const result = await runAgainst(target.url);
      expect(result.report.requests).toBe(200);
      expect(result.report.statusCounts).toEqual({ '200': 190, '500': 10 });
      expect(result.report.failedRate).toBeCloseTo(0.05, 9);
      expect(result.report.series.reduce((sum, point) => sum + point.errors, 0)).toBe(10);

      const finding = result.findings.find((f) => f.code === 'load.server_errors');
      expect(FindingSchema.parse(finding)).toEqual(finding);
      expect(finding).toMatchObject({
        probe: 'load',
        route: 'list-items',
        severity: 'high',
        title: '5% of 200 load requests failed (5xx or no answer)',
      });
      const exchanges = finding!.evidence.exchanges;
      expect(exchanges).toHaveLength(5);
      for (const exchange of exchanges) {
        expect(exchange.request).toMatchObject({ method: 'GET', url: `${target.url}/items` });
        expect(exchange.response).toMatchObject({
          status: 500,
          bodyPreview: '{"error":"internal failure under load"}',
        });
        expect(exchange.response!.headers['content-type']).toBe('application/json');
      }
      expect(finding!.evidence.metrics).toMatchObject({ requests: 200, failedRate: 0.05 });
      expect(result.checks).toContainEqual({
        code: 'load.server_errors',
        route: 'list-items',
        status: 'failed',
      });
    } finally {
      await target.close();
    }
  });

  it('stays silent when every answer is a 2xx', async () => {
    const target = await startLoadTarget();
    try {
      const result = await runAgainst(target.url);
      expect(result.report.statusCounts).toEqual({ '200': 200 });
      expect(result.findings).toEqual([]);
      expect(result.checks).toContainEqual({
        code: 'load.server_errors',
        route: 'list-items',
        status: 'passed',
      });
    } finally {
      await target.close();
    }
  });

  it('counts requests that get no answer as failed: a refused connection is a transport error', async () => {
    // A port that was free a moment ago and has nothing listening now.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const result = await runAgainst(`http://127.0.0.1:${port}`);
    expect(result.report.requests).toBe(200);
    expect(result.report.transportErrors).toBe(200);
    expect(result.report.statusCounts).toEqual({});
    expect(result.report.failedRate).toBe(1);
    const finding = result.findings.find((f) => f.code === 'load.server_errors');
    expect(finding?.detail).toMatch(/0 requests answered 5xx and 200 got no answer/);
    expect(finding?.evidence.exchanges[0]?.error).toMatch(/ECONNREFUSED/);
  });

  it("masks the config's secrets in the evidence, in the request and in answers that echo them", async () => {
    const target = await startLoadTarget({ errorEvery: 2, echoAuthorization: true });
    try {
      const config = ConfigSchema.parse({
        version: 1,
        target: {
          name: 'secret-target',
          baseUrl: target.url,
          tenants: { alice: { headers: { Authorization: 'Bearer alice-secret-token-0042' } } },
        },
        routes: [{ id: 'orders', method: 'POST', path: '/orders', body: { item: 'book' } }],
        probes: {
          load: { route: 'orders', executor: 'constant-arrival-rate', rate: 20, duration: '1s' },
        },
      });
      const result = await runLoadStage(config, { budget: new RunBudget(config.target.budget) });
      const finding = result.findings.find((f) => f.code === 'load.server_errors');
      const exchange = finding!.evidence.exchanges[0]!;
      expect(exchange.request).toEqual({
        method: 'POST',
        url: `${target.url}/orders`,
        headers: {
          Authorization: 'Bearer ****0042',
          'content-type': 'application/json',
          'user-agent': 'shakedown-load/1',
        },
        bodyPreview: '{"item":"book"}',
      });
      expect(exchange.response?.bodyPreview).toBe(
        '{"error":"internal failure under load","authorization":"Bearer ****0042"}',
      );
      expect(JSON.stringify(result)).not.toContain('alice-secret-token');
    } finally {
      await target.close();
    }
  });
});
