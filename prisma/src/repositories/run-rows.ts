import { RUN_STATUSES, TERMINAL_RUN_STATUSES } from '@shakedown/core/contract';

import {
  Prisma,
  type RunStatus,
  type RunTrigger,
  type VerificationStatus,
} from '../generated/prisma/client';
import type { LogLevel } from '../generated/prisma/enums';

/** What the schema's `RunStatus` enum and core's contract list must both say. */
type SameUnion<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const statusesAgree: SameUnion<RunStatus, (typeof RUN_STATUSES)[number]> = true;
void statusesAgree;

/** `queued` and `running`: every status of core's contract that is not terminal. */
export const ACTIVE_RUN_STATUSES: RunStatus[] = RUN_STATUSES.filter(
  (status) => !TERMINAL_RUN_STATUSES.includes(status),
);

export interface RunListQuery {
  targetId?: string;
  status?: RunStatus;
  trigger?: RunTrigger;
  cursor?: string;
  limit: number;
}

export interface RunHistoryRow {
  id: string;
  createdAt: Date;
  finishedAt: Date | null;
  summary: Prisma.JsonValue;
  regressionCount: number | null;
  latencyMs: Prisma.JsonValue;
}

export interface OrgRunLimits {
  maxConcurrentRuns: number;
  maxRps: number;
  maxRequests: number;
  maxBytes: number;
  maxDurationMs: number;
}

/** A run as the worker executes it: its config snapshot, its target and its organisation's limits. */
export interface RunToProcess {
  id: string;
  orgId: string;
  targetId: string;
  status: RunStatus;
  trigger: RunTrigger;
  probes: string[];
  /** The config snapshot taken when the run was queued (secrets masked: see `openConfig`). */
  config: unknown;
  /** The snapshot's secrets, sealed; null on runs queued before secrets were sealed. */
  secretsCiphertext: string | null;
  attempts: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  cancelRequestedAt: Date | null;
  failureReason: string | null;
  regressionCount: number | null;
  summary: unknown;
  target: {
    id: string;
    name: string;
    baseUrl: string;
    verificationStatus: VerificationStatus;
    /** Re-checked before every run. */
    verificationToken: string;
  };
  org: OrgRunLimits;
}

/** A run the reaper compares with its job. */
export interface ActiveRunRef {
  id: string;
  orgId: string;
  status: RunStatus;
  probes: string[];
  createdAt: Date;
}

/** The run of one cron slot of a schedule. */
export interface SlotRun {
  id: string;
  orgId: string;
  status: RunStatus;
  probes: string[];
  scheduleSlot: Date | null;
}

export interface RunLogLine {
  level: LogLevel;
  message: string;
  at?: Date | undefined;
}

export interface LoadShardRow {
  shardIndex: number;
  shardCount: number;
  result: Prisma.InputJsonValue;
}

export const runToProcessSelect = {
  id: true,
  orgId: true,
  targetId: true,
  status: true,
  trigger: true,
  probes: true,
  config: true,
  secretsCiphertext: true,
  attempts: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  cancelRequestedAt: true,
  failureReason: true,
  regressionCount: true,
  summary: true,
  target: {
    select: {
      id: true,
      name: true,
      baseUrl: true,
      verificationStatus: true,
      verificationToken: true,
    },
  },
  org: {
    select: {
      maxConcurrentRuns: true,
      maxRps: true,
      maxRequests: true,
      maxBytes: true,
      maxDurationMs: true,
    },
  },
} satisfies Prisma.RunSelect;

export const slotRunSelect = {
  id: true,
  orgId: true,
  status: true,
  probes: true,
  scheduleSlot: true,
} satisfies Prisma.RunSelect;

/** Every column of `Run` but the config snapshot (up to 2 MB each) and its sealed secrets. */
export const LIST_COLUMNS = Prisma.raw(
  [
    'id',
    'orgId',
    'targetId',
    'status',
    'trigger',
    'probes',
    'progressDone',
    'progressTotal',
    'currentProbe',
    'createdAt',
    'startedAt',
    'finishedAt',
    'cancelRequestedAt',
    'failureReason',
    'attempts',
    'summary',
    'regressionCount',
    'triggeredByUserId',
    'triggeredByApiKeyId',
    'scheduleId',
    'scheduleSlot',
  ]
    .map((column) => `"${column}"`)
    .join(', '),
);
