import type { Prisma, Run, RunStatus, RunTrigger } from '../generated/prisma/client';
import type { DbClient } from './db-client';
import { ACTIVE_RUN_STATUSES } from './run-rows';

/**
 * The two decisions taken with the organisation's row locked (`FOR UPDATE`), so parallel
 * requests and workers in other processes cannot both pass them: admitting a new run (the API
 * and schedules) and claiming a queued run to execute it (the worker).
 */

export type RunRefusal = 'run_already_active' | 'concurrent_runs_limit' | 'daily_runs_limit';

/**
 * A run the rules refuse: one active run per target, the organisation's concurrent and daily
 * limits. `code` is the API's error code; `details` names the limit.
 */
export class RunCreationRefusedError extends Error {
  override readonly name = 'RunCreationRefusedError';
  constructor(
    readonly code: RunRefusal,
    message: string,
    readonly details: Record<string, string | number> = {},
  ) {
    super(message);
  }
}

export interface CreateRunInput {
  targetId: string;
  trigger: RunTrigger;
  /** Probe subset; empty means every probe the config allows. */
  probes: string[];
  triggeredByUserId?: string | null;
  triggeredByApiKeyId?: string | null;
  scheduleId?: string | null;
  scheduleSlot?: Date | null;
}

export type RunClaim =
  | { outcome: 'claimed'; attempts: number; startedAt: Date }
  /** Another run of the target is running, or the organisation is at its concurrency limit. */
  | { outcome: 'busy'; reason: string }
  | { outcome: 'finished'; status: RunStatus }
  | { outcome: 'missing' };

const DAY_MS = 24 * 60 * 60 * 1000;

/** See `RunRepository.createQueuedRun`; `tx` is the transaction holding the lock. */
export async function admitRun(
  tx: Prisma.TransactionClient,
  orgId: string,
  input: CreateRunInput,
  now: Date,
): Promise<Run | null> {
  const [limits] = await tx.$queryRaw<
    { maxConcurrentRuns: number; maxDailyRuns: number }[]
  >`SELECT "maxConcurrentRuns", "maxDailyRuns" FROM "Org" WHERE id = ${orgId}::uuid FOR UPDATE`;
  if (!limits) return null;
  const snapshot = await configSnapshot(tx, orgId, input.targetId);
  if (!snapshot) return null;
  const activeOnTarget = await tx.run.findFirst({
    where: { orgId, targetId: input.targetId, status: { in: ACTIVE_RUN_STATUSES } },
    select: { id: true, status: true },
  });
  if (activeOnTarget) {
    throw new RunCreationRefusedError(
      'run_already_active',
      `the target already has a ${activeOnTarget.status} run (${activeOnTarget.id}); wait for it or cancel it`,
      { runId: activeOnTarget.id },
    );
  }
  const active = await tx.run.count({ where: { orgId, status: { in: ACTIVE_RUN_STATUSES } } });
  if (active >= limits.maxConcurrentRuns) {
    throw new RunCreationRefusedError(
      'concurrent_runs_limit',
      `the organisation already has ${active} active runs, its limit (maxConcurrentRuns)`,
      { limit: 'maxConcurrentRuns', value: limits.maxConcurrentRuns },
    );
  }
  const today = await tx.run.count({
    where: { orgId, createdAt: { gt: new Date(now.getTime() - DAY_MS) } },
  });
  if (today >= limits.maxDailyRuns) {
    throw new RunCreationRefusedError(
      'daily_runs_limit',
      `the organisation started ${today} runs in the last 24 hours, its limit (maxDailyRuns)`,
      { limit: 'maxDailyRuns', value: limits.maxDailyRuns },
    );
  }
  return tx.run.create({
    data: {
      orgId,
      targetId: input.targetId,
      trigger: input.trigger,
      probes: input.probes,
      ...snapshot,
      triggeredByUserId: input.triggeredByUserId ?? null,
      triggeredByApiKeyId: input.triggeredByApiKeyId ?? null,
      scheduleId: input.scheduleId ?? null,
      scheduleSlot: input.scheduleSlot ?? null,
      createdAt: now,
    },
  });
}

/**
 * A run's snapshot of its target's config: the masked document and the sealed secrets, copied
 * as stored (never opened here). Null when the organisation has no such target.
 */
export async function configSnapshot(
  db: DbClient,
  orgId: string,
  targetId: string,
): Promise<{ config: Prisma.InputJsonValue; secretsCiphertext: string | null } | null> {
  const target = await db.target.findFirst({
    where: { orgId, id: targetId },
    select: { config: true, secretsCiphertext: true },
  });
  return target && { ...target, config: target.config as Prisma.InputJsonValue };
}

/** See `RunRepository.claimRun`; `tx` is the transaction holding the lock. */
export async function claimRun(
  tx: Prisma.TransactionClient,
  orgId: string,
  runId: string,
): Promise<RunClaim> {
  const [org] = await tx.$queryRaw<{ maxConcurrentRuns: number }[]>`
    SELECT "maxConcurrentRuns" FROM "Org" WHERE id = ${orgId}::uuid FOR UPDATE`;
  if (!org) return { outcome: 'missing' };
  const run = await tx.run.findFirst({
    where: { id: runId, orgId },
    select: { status: true, targetId: true, startedAt: true },
  });
  if (!run) return { outcome: 'missing' };
  if (!ACTIVE_RUN_STATUSES.includes(run.status)) {
    return { outcome: 'finished', status: run.status };
  }
  const others = { orgId, status: 'running' as const, id: { not: runId } };
  if ((await tx.run.count({ where: { ...others, targetId: run.targetId } })) > 0) {
    return { outcome: 'busy', reason: 'another run of this target is in progress' };
  }
  if ((await tx.run.count({ where: others })) >= org.maxConcurrentRuns) {
    return {
      outcome: 'busy',
      reason: `the organisation is at its limit of ${org.maxConcurrentRuns} concurrent runs`,
    };
  }
  const startedAt = run.startedAt ?? new Date();
  const claimed = await tx.run.update({
    where: { id: runId },
    data: {
      status: 'running',
      startedAt,
      attempts: { increment: 1 },
      progressDone: 0,
      currentProbe: null,
      failureReason: null,
    },
    select: { attempts: true },
  });
  return { outcome: 'claimed', attempts: claimed.attempts, startedAt };
}
