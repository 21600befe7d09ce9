import type { z } from 'zod';

/**
 * BullMQ job options as plain data, so core needs no BullMQ import. The producers in the API
 * and the worker apply them unchanged.
 */
export interface JobOptions {
  attempts?: number;
  backoff?: { type: 'exponential' | 'fixed'; delay: number };
  removeOnComplete?: { count: number } | boolean;
  removeOnFail?: { count: number } | boolean;
  priority?: number;
}

/** A job both sides agree on: the queue, the job name, the payload schema and default options. */
export interface JobContract<Payload extends z.ZodType> {
  queue: string;
  name: string;
  payload: Payload;
  /** Deterministic ids make a duplicate enqueue a no-op. */
  jobId: (payload: z.infer<Payload>) => string;
  options: JobOptions;
}

export function defineJob<Payload extends z.ZodType>(
  contract: JobContract<Payload>,
): JobContract<Payload> {
  return contract;
}
