import { randomUUID } from 'node:crypto';

import { verdictOfSummary, type Summary } from '@shakedown/core/report';

/** The events a run produces (docs/webhooks.md). */
export const RUN_EVENT_TYPES = ['run.completed', 'run.regressed', 'run.failed'] as const;
export type RunEventType = (typeof RUN_EVENT_TYPES)[number];

export interface RunEventSubject {
  run: {
    id: string;
    status: string;
    trigger: string;
    probes: string[];
    createdAt: Date;
    startedAt: Date | null;
    finishedAt: Date | null;
    failureReason: string | null;
    regressionCount: number | null;
    summary: unknown;
    scheduleId: string | null;
  };
  target: { id: string; name: string; baseUrl: string };
  newFindings: { id: string; code: string; route: string; severity: string; title: string }[];
}

/**
 * The events a finished run produces: `run.completed` always when it completed, plus
 * `run.regressed` when findings are new since the previous completed run; `run.failed` when the
 * run itself failed. A cancelled run produces none.
 */
export function runEventTypes(run: {
  status: string;
  regressionCount: number | null;
}): RunEventType[] {
  if (run.status === 'failed') return ['run.failed'];
  if (run.status !== 'completed') return [];
  return (run.regressionCount ?? 0) > 0 ? ['run.completed', 'run.regressed'] : ['run.completed'];
}

/** A Standard Webhooks payload: `{ type, timestamp, data }`. */
export interface WebhookPayload {
  type: string;
  timestamp: string;
  data: {
    run: Record<string, unknown>;
    target: { id: string; name: string; baseUrl: string };
    summary: unknown;
    newFindings: RunEventSubject['newFindings'];
  };
}

export function buildRunEventPayload(
  type: RunEventType,
  subject: RunEventSubject,
  at: Date,
): WebhookPayload {
  const { run } = subject;
  return {
    type,
    timestamp: at.toISOString(),
    data: {
      run: {
        id: run.id,
        status: run.status,
        trigger: run.trigger,
        probes: run.probes,
        scheduleId: run.scheduleId,
        createdAt: run.createdAt.toISOString(),
        startedAt: run.startedAt?.toISOString() ?? null,
        finishedAt: run.finishedAt?.toISOString() ?? null,
        failureReason: run.failureReason,
        regressionCount: run.regressionCount,
      },
      target: subject.target,
      summary: withVerdict(run.summary),
      newFindings: type === 'run.failed' ? [] : subject.newFindings,
    },
  };
}

/** A Standard Webhooks message id: one per event, whatever the number of attempts. */
export function newWebhookId(): string {
  return `msg_${randomUUID().replace(/-/g, '')}`;
}

/** The stored summary with its verdict (rebuilt from the counts for runs stored before verdicts). */
function withVerdict(summary: unknown): unknown {
  if (
    summary === null ||
    typeof summary !== 'object' ||
    !('checks' in summary) ||
    !('bySeverity' in summary)
  ) {
    return summary ?? null;
  }
  return { ...summary, verdict: verdictOfSummary(summary as Summary) };
}
