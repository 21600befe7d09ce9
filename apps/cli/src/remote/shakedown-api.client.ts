import type { ProbeName } from '@shakedown/core/config';
import {
  ClientErrorCode,
  ContractClient,
  isApiError,
  RunEndpoints,
  TargetEndpoints,
  type Run,
  type Target,
} from '@shakedown/core/contract';

import { CliError, ExitCode } from '../exit-codes';

export interface ApiClientOptions {
  /** The API's base URL, e.g. `https://shakedown.example.com/api`. */
  baseUrl: string;
  apiKey: string;
  fetch?: typeof fetch;
  /** Waits between retries; replaceable so tests do not sleep. */
  sleep?: (ms: number) => Promise<void>;
}

const ATTEMPTS = 3;
const ATTEMPT_TIMEOUT_MS = 30_000;
/** The longest `Retry-After` the CLI honours before trying again. */
const MAX_RETRY_AFTER_S = 30;

/**
 * The few endpoints `remote run` calls, over core's `ContractClient` with
 * `Authorization: Bearer <API key>`. A refusal of the API is core's `ApiError`; no answer, or an
 * answer that breaks the contract, is a `CliError` (exit 3).
 */
export class ShakedownApiClient {
  private readonly client: ContractClient;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: ApiClientOptions) {
    this.client = new ContractClient({
      baseUrl: options.baseUrl,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      headers: () => ({ Authorization: `Bearer ${options.apiKey}` }),
    });
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** The target with exactly that name, in the key's organisation. */
  async findTargetByName(name: string): Promise<Target> {
    const page = await this.retrying((signal) =>
      this.client.call(TargetEndpoints.list, { query: { name }, signal }),
    );
    const match = page.items.find((target) => target.name === name);
    if (!match) {
      throw new CliError(`no target named "${name}" in the API key's organisation`, ExitCode.usage);
    }
    return match;
  }

  /** Starts a CI run; the idempotency key makes the retry of a lost answer safe. */
  createRun(targetId: string, probes: ProbeName[] | undefined, idempotencyKey: string) {
    return this.retrying((signal) =>
      this.client.call(RunEndpoints.create, {
        params: { id: targetId },
        body: { ...(probes ? { probes } : {}), trigger: 'ci' },
        headers: { 'Idempotency-Key': idempotencyKey },
        signal,
      }),
    );
  }

  getRun(runId: string): Promise<Run> {
    return this.retrying((signal) =>
      this.client.call(RunEndpoints.get, { params: { id: runId }, signal }),
    );
  }

  /** The target's newest completed run, if it has one (the `--baseline previous` of CI). */
  async lastCompletedRun(targetId: string): Promise<Run | undefined> {
    const page = await this.retrying((signal) =>
      this.client.call(RunEndpoints.list, {
        query: { targetId, status: 'completed', limit: 1 },
        signal,
      }),
    );
    return page.items[0];
  }

  /** Best effort (Ctrl-C and `--timeout`). */
  async cancelRun(runId: string): Promise<void> {
    await this.retrying((signal) =>
      this.client.call(RunEndpoints.cancel, { params: { id: runId }, signal }),
    );
  }

  /** The document as the API wrote it. */
  getReport(runId: string, format: 'json' | 'junit' | 'sarif'): Promise<string> {
    return this.retrying(async (signal) => {
      const response = await this.client.send(RunEndpoints.report, {
        params: { id: runId },
        query: { format },
        signal,
      });
      return response.text();
    });
  }

  /**
   * Retries what is safe to retry: no answer in time, 429 and 5xx, a few times with a pause
   * (POSTs carry an idempotency key, so a repeat cannot start a second run).
   */
  private async retrying<T>(attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
    for (let attemptNumber = 1; ; attemptNumber += 1) {
      try {
        return await attempt(AbortSignal.timeout(ATTEMPT_TIMEOUT_MS));
      } catch (error) {
        if (attemptNumber >= ATTEMPTS || !isRetryable(error)) throw this.failureOf(error);
        const retryAfter = isApiError(error) ? error.retryAfterSeconds : undefined;
        await this.sleep(
          retryAfter ? Math.min(retryAfter, MAX_RETRY_AFTER_S) * 1000 : 1000 * attemptNumber,
        );
      }
    }
  }

  /** The API's refusal stays an `ApiError` for the command; no answer, or a broken one, exits 3. */
  private failureOf(error: unknown): unknown {
    if (isApiError(error) && error.code === ClientErrorCode.badResponse) {
      return new CliError(
        `the Shakedown API sent an answer that does not match the contract: ${error.message}`,
        ExitCode.unreachable,
      );
    }
    if (!isUnanswered(error)) return error;
    const cause = isApiError(error) ? error.cause : error;
    return new CliError(
      `cannot reach the Shakedown API at ${this.options.baseUrl}: ${causeOf(cause)}`,
      ExitCode.unreachable,
    );
  }
}

/** Nothing came back: the network failed, or the attempt ran out of time. */
function isUnanswered(error: unknown): boolean {
  if (isApiError(error)) return error.code === ClientErrorCode.network;
  return (error as { name?: unknown } | null)?.name === 'TimeoutError';
}

function isRetryable(error: unknown): boolean {
  if (isUnanswered(error)) return true;
  return isApiError(error) && (error.status === 429 || error.status >= 500);
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}
