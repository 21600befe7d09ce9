import type { Budget, Config } from '@shakedown/core/config';
import { formatBytes, formatDuration } from '@shakedown/core/config';

export interface OrgBudgetCaps {
  maxRps: number;
  maxRequests: number;
  maxBytes: number;
  maxDurationMs: number;
}

/**
 * The run's budget: the target's, capped by its organisation's limits (a target may have been
 * saved before the limits were lowered). Returns the config to run and a line per cap applied.
 */
export function capBudget(
  config: Config,
  caps: OrgBudgetCaps,
): { config: Config; notes: string[] } {
  const wanted = config.target.budget;
  const notes: string[] = [];
  const cap = (key: keyof Budget, limit: number, format: (value: number) => string) => {
    if (wanted[key] <= limit) return wanted[key];
    notes.push(
      `budget ${key} ${format(wanted[key])} is above the organisation's limit; using ${format(limit)}`,
    );
    return limit;
  };
  const budget: Budget = {
    maxRps: cap('maxRps', caps.maxRps, String),
    maxRequests: cap('maxRequests', caps.maxRequests, String),
    maxBytes: cap('maxBytes', caps.maxBytes, formatBytes),
    maxDuration: cap('maxDuration', caps.maxDurationMs, formatDuration),
  };
  return { config: { ...config, target: { ...config.target, budget } }, notes };
}
