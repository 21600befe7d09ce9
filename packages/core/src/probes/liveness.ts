import { BudgetExceededError } from '../http/budget';
import { RunCancelledError, type HttpResult } from '../http/http-types';
import { NetworkPolicyError } from '../http/network-policy';
import type { ProbeContext } from './probe-context';

/**
 * Whether the target still answers: any HTTP answer to `GET <baseUrl>` counts (even 404 or
 * 500). Returns why not, or undefined when it answers. A budget refusal is not a dead target.
 */
export async function checkLiveness(context: ProbeContext): Promise<string | undefined> {
  const attempt = async (): Promise<string | undefined> => {
    let result: HttpResult;
    try {
      result = await context.http.send({
        method: 'GET',
        url: context.config.target.baseUrl,
        on429: 'answer',
        note: 'liveness check',
      });
    } catch (error) {
      if (error instanceof BudgetExceededError) return undefined;
      if (error instanceof NetworkPolicyError || error instanceof RunCancelledError)
        return error.message;
      throw error;
    }
    return result.answer ? undefined : (result.failure?.message ?? 'no answer');
  };
  const first = await attempt();
  if (first === undefined) return undefined;
  // One more try: a single lost connection is not a dead target.
  return attempt();
}
