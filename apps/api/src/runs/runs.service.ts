import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  FindingRepository,
  RunCreationRefusedError,
  RunRepository,
  TargetRepository,
  type Run,
  afterCommit,
} from '@shakedown/db';
import { parseConfigDocument } from '@shakedown/core/config';
import {
  ErrorCode,
  TERMINAL_RUN_STATUSES,
  type CreateRunRequest,
  type FindingList,
  type FindingListQuery,
  type FindingsOverview,
  type Run as RunDto,
  type RunComparison,
  type RunList,
  type RunListQuery,
} from '@shakedown/core/contract';
import { ProbeRunJob } from '@shakedown/core/jobs';
import { compareWithHistory } from '@shakedown/core/report';
import { OwnershipVerifier } from '@shakedown/core/verification';
import { JobProducer, RunSignals } from '@shakedown/nest-infra';

import { ApiError, invalidInput, notFound } from '../common/api-error';
import type { RequestContext } from '../common/request-context';
import { toFindingDto, toProgressEvent, toRunDto } from './runs.dto';

@Injectable()
export class RunsService {
  private readonly logger = new Logger(RunsService.name);

  constructor(
    @Inject(RunRepository) private readonly runs: RunRepository,
    @Inject(TargetRepository) private readonly targets: TargetRepository,
    @Inject(FindingRepository) private readonly findingRepository: FindingRepository,
    @Inject(JobProducer) private readonly producer: JobProducer,
    @Inject(RunSignals) private readonly signals: RunSignals,
    @Inject(OwnershipVerifier) private readonly verifier: OwnershipVerifier,
  ) {}

  /**
   * Stores the run (`queued`, with a snapshot of the config) under the shared run-creation rule
   * and enqueues `ProbeRunJob`. The target must be verified or allowlisted; the worker re-checks
   * ownership right before probing.
   */
  async create(ctx: RequestContext, targetId: string, input: CreateRunRequest): Promise<RunDto> {
    const target = await this.targets.findForOrg(ctx.orgId, targetId);
    if (!target) throw notFound('target');
    const allowlisted = await this.verifier.isAllowlisted(target.baseUrl);
    if (!allowlisted && target.verificationStatus !== 'verified') {
      throw new ApiError(
        409,
        ErrorCode.targetNotVerified,
        `prove you own ${new URL(target.baseUrl).host} first (POST /targets/${target.id}/verify)`,
        { verification: target.verificationStatus },
      );
    }
    const parsed = parseConfigDocument(target.config);
    if (parsed.ok && input.probes?.includes('load') && !parsed.config.probes.load) {
      throw invalidInput([
        { path: 'body.probes', message: 'includes load, but the target config has no probes.load' },
      ]);
    }
    let run: Run | null;
    try {
      run = await this.runs.createQueuedRun(ctx.orgId, {
        targetId,
        trigger: input.trigger ?? (ctx.principal.kind === 'apiKey' ? 'api' : 'manual'),
        probes: input.probes ?? [],
        triggeredByUserId: ctx.principal.kind === 'session' ? ctx.principal.userId : null,
        triggeredByApiKeyId: ctx.principal.kind === 'apiKey' ? ctx.principal.apiKeyId : null,
      });
    } catch (error) {
      if (error instanceof RunCreationRefusedError) {
        throw new ApiError(409, error.code, error.message, error.details);
      }
      throw error;
    }
    if (!run) throw notFound('target');
    const queued = run;
    // The worker reads the run, so the job is queued once the run is committed.
    await afterCommit(async () => {
      try {
        await this.producer.enqueue(ProbeRunJob, {
          runId: queued.id,
          orgId: ctx.orgId,
          ...(input.probes ? { probes: input.probes } : {}),
        });
      } catch (error) {
        await this.runs.failQueued(
          ctx.orgId,
          queued.id,
          'the run could not be queued; start it again',
        );
        throw error;
      }
      this.logger.log({ orgId: ctx.orgId, runId: queued.id, targetId }, 'run queued');
    });
    return toRunDto(run);
  }

  async get(ctx: RequestContext, id: string): Promise<RunDto> {
    return toRunDto(await this.find(ctx, id));
  }

  async list(ctx: RequestContext, query: RunListQuery): Promise<RunList> {
    const page = await this.runs.listForOrg(ctx.orgId, query);
    return { items: page.items.map(toRunDto), nextCursor: page.nextCursor };
  }

  /** A queued run stops at once (its job removed); a running one is asked to stop via Redis. */
  async cancel(ctx: RequestContext, id: string): Promise<RunDto> {
    const run = await this.find(ctx, id);
    if (TERMINAL_RUN_STATUSES.includes(run.status)) {
      throw new ApiError(
        409,
        ErrorCode.runNotActive,
        `the run has already ${run.status === 'completed' ? 'completed' : `ended (${run.status})`}`,
      );
    }
    if (await this.runs.cancelQueued(ctx.orgId, id)) {
      await this.producer.remove(ProbeRunJob, { runId: id, orgId: ctx.orgId });
      const cancelled = await this.find(ctx, id);
      await this.signals.publishProgress(toProgressEvent(cancelled));
      return toRunDto(cancelled);
    }
    if (await this.runs.requestCancel(ctx.orgId, id)) await this.signals.publishCancel(id);
    return toRunDto(await this.find(ctx, id));
  }

  /** One query when the run has findings; the run is looked up only to tell empty from 404. */
  async findings(
    ctx: RequestContext,
    runId: string,
    query: FindingListQuery,
  ): Promise<FindingList> {
    const page = await this.findingRepository.listForRun(ctx.orgId, runId, query);
    if (page.items.length === 0) await this.find(ctx, runId);
    return { items: page.items.map(toFindingDto), nextCursor: page.nextCursor };
  }

  /**
   * The run's checks and findings against each check's latest earlier decision: resolved only
   * when this run executed the check and it passed, else not re-tested (issue 14).
   */
  async comparison(ctx: RequestContext, runId: string): Promise<RunComparison> {
    const run = await this.find(ctx, runId);
    const [previous, checks, findings, earlier] = await Promise.all([
      this.runs.findPreviousCompleted(ctx.orgId, run),
      this.findingRepository.checksForRun(ctx.orgId, runId),
      this.findingRepository.briefsForRun(ctx.orgId, runId),
      this.findingRepository.latestDecisionsBefore(ctx.orgId, run.targetId, run.createdAt),
    ]);
    return {
      runId,
      previousRunId: previous?.id ?? null,
      ...compareWithHistory({ checks, findings }, earlier),
    };
  }

  async overview(ctx: RequestContext): Promise<FindingsOverview> {
    const { rows, targets } = await this.findingRepository.overview(ctx.orgId);
    return { items: rows, targetsConsidered: targets };
  }

  async find(ctx: RequestContext, id: string): Promise<Run> {
    const run = await this.runs.findForOrg(ctx.orgId, id);
    if (!run) throw notFound('run');
    return run;
  }
}
