import type { Run } from '@shakedown/core/contract';
import { TERMINAL_RUN_STATUSES } from '@shakedown/core/contract';

export function isRunActive(run: Pick<Run, 'status'>): boolean {
  return !TERMINAL_RUN_STATUSES.includes(run.status);
}

/** The progress bar's percentage, whole numbers from 0 to 100; a completed run is full. */
export function progressPercent(
  run: Pick<Run, 'status' | 'progressDone' | 'progressTotal'>,
): number {
  if (run.status === 'completed') return 100;
  if (run.progressTotal <= 0) return 0;
  return Math.min(100, Math.max(0, Math.floor((run.progressDone / run.progressTotal) * 100)));
}
