import { summaryBeforeVerdicts } from '@shakedown/core/report/testing/summaries';

import {
  buildRunEventPayload,
  newWebhookId,
  runEventTypes,
  type RunEventSubject,
} from './webhook-payload';

const subject: RunEventSubject = {
  run: {
    id: '0192f0a0-0000-7000-8000-000000000001',
    status: 'completed',
    trigger: 'schedule',
    probes: [],
    createdAt: new Date('2026-11-28T10:00:00.000Z'),
    startedAt: new Date('2026-11-28T10:00:01.000Z'),
    finishedAt: new Date('2026-11-28T10:00:41.000Z'),
    failureReason: null,
    regressionCount: 1,
    summary: { checks: 3, failed: 1 },
    scheduleId: null,
  },
  target: {
    id: '0192f0a0-0000-7000-8000-000000000002',
    name: 'orders',
    baseUrl: 'https://api.example.test',
  },
  newFindings: [
    {
      id: 'f1',
      code: 'tenant.cross_read',
      route: 'orders',
      severity: 'critical',
      title: 'B reads A',
    },
  ],
};

describe('run webhook events', () => {
  it('are run.completed always, run.regressed when something new fails, run.failed on failure', () => {
    expect(runEventTypes({ status: 'completed', regressionCount: null })).toEqual([
      'run.completed',
    ]);
    expect(runEventTypes({ status: 'completed', regressionCount: 0 })).toEqual(['run.completed']);
    expect(runEventTypes({ status: 'completed', regressionCount: 2 })).toEqual([
      'run.completed',
      'run.regressed',
    ]);
    expect(runEventTypes({ status: 'failed', regressionCount: null })).toEqual(['run.failed']);
    expect(runEventTypes({ status: 'cancelled', regressionCount: null })).toEqual([]);
  });

  it('carry the run, the target, the summary and the new findings', () => {
    const payload = buildRunEventPayload('run.regressed', subject, subject.run.finishedAt!);
    expect(payload).toEqual({
      type: 'run.regressed',
      timestamp: '2026-11-28T10:00:41.000Z',
      data: {
        run: {
          id: subject.run.id,
          status: 'completed',
          trigger: 'schedule',
          probes: [],
          scheduleId: null,
          createdAt: '2026-11-28T10:00:00.000Z',
          startedAt: '2026-11-28T10:00:01.000Z',
          finishedAt: '2026-11-28T10:00:41.000Z',
          failureReason: null,
          regressionCount: 1,
        },
        target: subject.target,
        summary: { checks: 3, failed: 1 },
        newFindings: subject.newFindings,
      },
    });
  });

  it('carry the verdict, rebuilt for a summary stored before verdicts (inconclusive, not clean)', () => {
    const summary = summaryBeforeVerdicts();
    const payload = buildRunEventPayload(
      'run.completed',
      { ...subject, run: { ...subject.run, summary } },
      subject.run.finishedAt!,
    );
    expect(payload.data.summary).toMatchObject({
      verdict: { outcome: 'inconclusive', decided: 2, planned: 10 },
    });
  });

  it('have Standard Webhooks message ids, a new one each time', () => {
    const [a, b] = [newWebhookId(), newWebhookId()];
    expect(a).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(a).not.toBe(b);
  });
});
