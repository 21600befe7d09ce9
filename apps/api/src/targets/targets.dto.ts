import { maskedConfig, type Schedule, type TargetWithSchedule } from '@shakedown/db';
import type { ProbeName } from '@shakedown/core/config';
import type { Schedule as ScheduleDto, Target } from '@shakedown/core/contract';

import { DNS_PREFIX, WELL_KNOWN_PATH } from '@shakedown/core/verification';
import { nextSlot, nextSlots } from './schedule-rules';

export function toScheduleDto(schedule: Schedule): ScheduleDto {
  return {
    id: schedule.id,
    targetId: schedule.targetId,
    cron: schedule.cron,
    timezone: schedule.timezone,
    probes: schedule.probes as ProbeName[],
    enabled: schedule.enabled,
    lastRunAt: schedule.lastRunAt?.toISOString() ?? null,
    nextRunAt: schedule.enabled
      ? (nextSlot(schedule.cron, schedule.timezone)?.toISOString() ?? null)
      : null,
    nextRunsAt: schedule.enabled
      ? nextSlots(schedule.cron, schedule.timezone, 5).map((slot) => slot.toISOString())
      : [],
    createdAt: schedule.createdAt.toISOString(),
    updatedAt: schedule.updatedAt.toISOString(),
  };
}

/** A target as every read returns it, to every role: the config's credentials masked. */
export function toTargetDto(target: TargetWithSchedule): Target {
  return {
    id: target.id,
    name: target.name,
    baseUrl: target.baseUrl,
    config:
      target.config !== null && typeof target.config === 'object' && !Array.isArray(target.config)
        ? (maskedConfig(target) as Record<string, unknown>)
        : {},
    verification: {
      status: target.verificationStatus,
      method: target.verificationMethod,
      token: target.verificationToken,
      httpUrl: `${new URL(target.baseUrl).origin}${WELL_KNOWN_PATH}`,
      dnsRecord: `${DNS_PREFIX}${target.verificationToken}`,
      verifiedAt: target.verifiedAt?.toISOString() ?? null,
      checkedAt: target.verificationCheckedAt?.toISOString() ?? null,
      error: target.verificationError,
    },
    schedule: target.schedule ? toScheduleDto(target.schedule) : null,
    createdAt: target.createdAt.toISOString(),
    updatedAt: target.updatedAt.toISOString(),
  };
}
