import { spawn } from 'node:child_process';
import path from 'node:path';

import {
  createLatencyHistogram,
  decodeHistogram,
  encodeHistogram,
  percentileMs,
} from './latency-histogram';
import { LoadShardResultSchema, type LoadShardResult } from './load-result.schema';
import { mergeShardResults } from './merge-shard-results';
import { loadConfig } from './testing/load-config';
import { startLoadTarget } from './testing/load-target';
import type { Config } from '../config/config.schema';

const CHILD = path.join(__dirname, 'testing', 'shard-child.ts');
const PACKAGE_ROOT = path.join(__dirname, '..', '..');

/** Runs one shard in a separate Node process, as a worker's child job would. */
function runShardProcess(
  config: Config,
  index: number,
  count: number,
): Promise<{ raw: LoadShardResult; samples: number[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CHILD, JSON.stringify({ config, index, count })],
      { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`shard ${index} exited with ${code}: ${err}`));
        return;
      }
      const parsed = JSON.parse(out.trim().split('\n').pop() ?? '{}') as {
        raw: unknown;
        samples: number[];
      };
      resolve({ raw: LoadShardResultSchema.parse(parsed.raw), samples: parsed.samples });
    });
  });
}

describe('a load stage split over two worker processes', () => {
  it('merges into the result of one generator: summed counts, the histogram of all samples', async () => {
    const target = await startLoadTarget({ delayMs: 2 });
    try {
      // 2 × R with R = 100/s per shard, 3 s, through two separate processes.
      const config = loadConfig(target.url, {
        executor: 'constant-arrival-rate',
        rate: 200,
        duration: '3s',
        shards: 2,
        thresholds: { http_req_duration: ['p(95)<1000'] },
      });
      const shards = await Promise.all([0, 1].map((index) => runShardProcess(config, index, 2)));
      const merged = mergeShardResults(
        shards.map((shard) => shard.raw),
        config,
      );

      // Each shard ran half the rate: 300 requests each.
      expect(shards.map((shard) => shard.raw.requests)).toEqual([300, 300]);
      expect(shards.map((shard) => shard.raw.shard)).toEqual([
        { index: 0, count: 2 },
        { index: 1, count: 2 },
      ]);
      expect(merged.report.requests).toBe(shards[0]!.raw.requests + shards[1]!.raw.requests);
      expect(merged.report.requests).toBe(target.received);
      expect(merged.report.rps).toBeCloseTo(200, 0);
      expect(merged.report.statusCounts).toEqual({ '200': 600 });

      // The reference: one histogram of every raw latency either process recorded.
      const reference = createLatencyHistogram();
      const samples = shards.flatMap((shard) => shard.samples);
      for (const value of samples) reference.recordValue(value);
      expect(samples).toHaveLength(600);
      expect(merged.histogram).toBe(encodeHistogram(reference));
      const mergedHistogram = decodeHistogram(merged.histogram);
      expect(mergedHistogram.totalCount).toBe(600);
      for (const p of [50, 90, 95, 99, 99.9, 100]) {
        expect(percentileMs(mergedHistogram, p)).toBe(percentileMs(reference, p));
      }
      expect(merged.report.latencyMs.p95).toBe(percentileMs(reference, 95));

      // The series adds the shards second by second.
      const perSecond = merged.report.series.map((point) => point.rps);
      expect(perSecond.reduce((sum, rps) => sum + rps, 0)).toBe(600);
      expect(merged.report.thresholds).toEqual([
        expect.objectContaining({ expr: 'p(95)<1000', ok: true }),
      ]);
    } finally {
      await target.close();
    }
  }, 60_000);
});
