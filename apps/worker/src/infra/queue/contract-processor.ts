import { WorkerHost } from '@nestjs/bullmq';
import type { JobContract } from '@shakedown/core/jobs';
import type { Job } from 'bullmq';
import type { z } from 'zod';

import { contractHandledBy } from './job-handler';
import { parseJobPayload } from './job-payload';

export type PayloadOf<Contract> =
  Contract extends JobContract<infer Payload> ? z.infer<Payload> : never;

/**
 * A processor of the contract its `@HandlesJob` names: `process` parses the job's data with that
 * contract (a payload that does not match fails the job for good, naming what is wrong) and
 * hands it to `handle`.
 */
export abstract class ContractProcessor<
  Contract extends JobContract<z.ZodType>,
  Result = string,
> extends WorkerHost {
  async process(job: Job, token?: string): Promise<Result> {
    const contract = contractHandledBy(this.constructor);
    if (!contract) throw new Error(`${this.constructor.name} is not marked with @HandlesJob`);
    const payload = parseJobPayload(contract as Contract, job.data) as PayloadOf<Contract>;
    return this.handle(payload, job, token);
  }

  protected abstract handle(
    payload: PayloadOf<Contract>,
    job: Job,
    token?: string,
  ): Promise<Result>;
}
