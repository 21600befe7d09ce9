import { Processor, type WorkerHost } from '@nestjs/bullmq';
import { SetMetadata, type Type } from '@nestjs/common';
import type { JobContract } from '@shakedown/core/jobs';
import type { WorkerOptions } from 'bullmq';
import type { z } from 'zod';

const JOB_CONTRACT = Symbol('shakedown:job-contract');

type AnyContract = Pick<JobContract<z.ZodType>, 'queue' | 'name'>;

/** BullMQ worker options; the connection and prefix come from the shared Bull configuration. */
export type ProcessorOptions = Omit<WorkerOptions, 'connection'>;

/** Marks a `WorkerHost` as the processor of one job contract of `@shakedown/core/jobs`. */
export function HandlesJob(contract: AnyContract): ClassDecorator {
  return SetMetadata(JOB_CONTRACT, contract);
}

/** The contract a processor class handles (inherited by its configured subclass), if any. */
export function contractHandledBy(type: unknown): AnyContract | undefined {
  if (typeof type !== 'function') return undefined;
  return Reflect.getMetadata(JOB_CONTRACT, type) as AnyContract | undefined;
}

/**
 * The processor class with this deployment's worker options (concurrency, stall detection):
 * a subclass carrying `@Processor(queue, options)`, so options read from the environment at
 * start-up reach BullMQ without module-level globals. Register it with
 * `{ provide: Processor, useClass: processorWith(Processor, options) }`.
 */
export function processorWith<T extends Type<WorkerHost>>(
  processor: T,
  options: ProcessorOptions,
): T {
  const contract = contractHandledBy(processor);
  if (!contract) throw new Error(`${processor.name} is not marked with @HandlesJob`);
  // A concrete subclass: the mixin's base type is the abstract WorkerHost.
  const base = processor as unknown as new (...args: never[]) => object;
  const configured = class extends base {};
  Object.defineProperty(configured, 'name', { value: processor.name });
  Processor(contract.queue, options)(configured);
  return configured as unknown as T;
}

/**
 * What is wrong with the processors registered for the job contracts: every contract needs
 * exactly one, on the contract's queue, and no processor may handle an unknown job.
 */
export function findJobProcessorProblems(
  jobs: readonly AnyContract[],
  handled: readonly AnyContract[],
): string[] {
  const problems: string[] = [];
  for (const job of jobs) {
    const processors = handled.filter((contract) => contract.name === job.name);
    if (processors.length === 0) {
      problems.push(`job "${job.name}" (queue ${job.queue}) has no processor`);
    } else if (processors.length > 1) {
      problems.push(`job "${job.name}" has ${processors.length} processors; it needs exactly one`);
    } else if (processors[0]!.queue !== job.queue) {
      problems.push(`job "${job.name}" is processed on ${processors[0]!.queue}, not ${job.queue}`);
    }
  }
  for (const contract of handled) {
    if (!jobs.some((job) => job.name === contract.name)) {
      problems.push(`a processor handles "${contract.name}", which is not a job of core's JOBS`);
    }
  }
  return problems;
}

/** Worker options every processor shares: stall detection, from the environment. */
export function baseWorkerOptions(config: {
  JOB_LOCK_DURATION_MS: number;
  JOB_STALLED_INTERVAL_MS: number;
  JOB_MAX_STALLED_COUNT: number;
}): ProcessorOptions {
  return {
    lockDuration: config.JOB_LOCK_DURATION_MS,
    stalledInterval: config.JOB_STALLED_INTERVAL_MS,
    maxStalledCount: config.JOB_MAX_STALLED_COUNT,
  };
}
