import { BudgetExceededError } from '../http/budget';
import { RateLimitedError, RunCancelledError } from '../http/http-types';
import { NetworkPolicyError } from '../http/network-policy';
import { TargetBrokenError } from './availability/health-monitor';

/** Why a probe (or the load stage) stopped, as the checks it leaves open say it. */
export function reasonOf(error: unknown): string {
  if (error instanceof RunCancelledError) return 'cancelled';
  if (
    error instanceof BudgetExceededError ||
    error instanceof RateLimitedError ||
    error instanceof NetworkPolicyError ||
    error instanceof TargetBrokenError
  ) {
    return error.message;
  }
  return `the probe failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`;
}
