import { JOBS } from '@shakedown/core/jobs';

import { findJobProcessorProblems } from './job-handler';

describe('the start-up check of job processors', () => {
  const jobs = JOBS.map(({ name, queue }) => ({ name, queue }));

  it('passes when every job of core has exactly one processor on its queue', () => {
    expect(findJobProcessorProblems(JOBS, jobs)).toEqual([]);
  });

  it('names a job without a processor, one with two, one on the wrong queue and an unknown one', () => {
    const [probeRun, loadShard, scheduledRun] = jobs;
    expect(
      findJobProcessorProblems(JOBS, [
        probeRun!,
        probeRun!,
        { ...loadShard!, queue: 'elsewhere' },
        { name: 'mystery', queue: 'x' },
      ]),
    ).toEqual([
      'job "probe-run" has 2 processors; it needs exactly one',
      'job "load-shard" is processed on elsewhere, not load-shards',
      `job "${scheduledRun!.name}" (queue schedules) has no processor`,
      'job "webhook-delivery" (queue webhook-deliveries) has no processor',
      'a processor handles "mystery", which is not a job of core\'s JOBS',
    ]);
  });
});
