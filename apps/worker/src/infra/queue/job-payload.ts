import type { JobContract } from '@shakedown/core/jobs';
import { UnrecoverableError } from 'bullmq';
import type { z } from 'zod';

/**
 * A job's data parsed with its contract's schema. A payload that does not match can never
 * succeed, so it fails the job without retries, naming what is wrong.
 */
export function parseJobPayload<Payload extends z.ZodType>(
  contract: JobContract<Payload>,
  data: unknown,
): z.infer<Payload> {
  const parsed = contract.payload.safeParse(data);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`)
    .join('; ');
  throw new UnrecoverableError(`invalid ${contract.name} job payload: ${issues}`);
}
