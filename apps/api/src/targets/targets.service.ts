import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  isUniqueViolation,
  openConfig,
  OrgRepository,
  RunRepository,
  ScheduleRepository,
  SealedConfigError,
  sealConfig,
  TargetRepository,
  type Org,
  type Prisma,
  type TargetWithSchedule,
} from '@shakedown/db';
import {
  configSecrets,
  isMaskedSecret,
  keepMaskedSecrets,
  parseConfigDocument,
  secretAt,
  type Config,
} from '@shakedown/core/config';
import {
  ErrorCode,
  type Issue,
  type RevealedSecret,
  type Target,
  type TargetHistory,
  type TargetList,
  type TargetListQuery,
} from '@shakedown/core/contract';
import { emptyBySeverity, SummarySchema, verdictOfSummary } from '@shakedown/core/report';
import { type NetworkPolicy } from '@shakedown/core/http';
import { OwnershipVerifier } from '@shakedown/core/verification';
import { NETWORK_POLICY } from '@shakedown/nest-infra';

import { AuditService } from '../audit/audit.service';
import { newToken } from '../auth/tokens';
import { ApiError, notFound } from '../common/api-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { RequestContext } from '../common/request-context';
import { assertUrlUsable } from '../common/url-guard';
import { toTargetDto } from './targets.dto';
import { SchedulesService } from './schedules.service';

@Injectable()
export class TargetsService {
  private readonly logger = new Logger(TargetsService.name);

  constructor(
    @Inject(TargetRepository) private readonly targets: TargetRepository,
    @Inject(OrgRepository) private readonly orgs: OrgRepository,
    @Inject(RunRepository) private readonly runs: RunRepository,
    @Inject(ScheduleRepository) private readonly schedules: ScheduleRepository,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(SchedulesService) private readonly schedulesService: SchedulesService,
    @Inject(OwnershipVerifier) private readonly verifier: OwnershipVerifier,
    @Inject(NETWORK_POLICY) private readonly policy: NetworkPolicy,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(ctx: RequestContext, query: TargetListQuery): Promise<TargetList> {
    const page = await this.targets.listForOrg(ctx.orgId, query);
    return { items: page.items.map(toTargetDto), nextCursor: page.nextCursor };
  }

  async get(ctx: RequestContext, id: string): Promise<Target> {
    return toTargetDto(await this.find(ctx, id));
  }

  async create(ctx: RequestContext, document: unknown): Promise<Target> {
    const config = await this.validate(ctx, document);
    const allowlisted = await this.verifier.isAllowlisted(config.target.baseUrl);
    try {
      const target = await this.targets.create(ctx.orgId, {
        name: config.target.name,
        baseUrl: config.target.baseUrl,
        ...this.seal(document),
        verificationToken: `sdv_${newToken(24)}`,
        ...(allowlisted ? { verification: allowlistVerification() } : {}),
      });
      await this.audit.record(
        ctx,
        'target.created',
        { type: 'target', id: target.id },
        { name: target.name },
      );
      return toTargetDto(target);
    } catch (error) {
      throw nameTaken(error, config.target.name);
    }
  }

  async update(ctx: RequestContext, id: string, sent: unknown): Promise<Target> {
    const existing = await this.find(ctx, id);
    // A secret sent back as the mask read from GET keeps its stored value (opened only then).
    const keepsAny = configSecrets(sent).some(({ value }) => isMaskedSecret(value));
    const document = keepsAny ? keepMaskedSecrets(sent, this.open(existing)) : sent;
    const config = await this.validate(ctx, document);
    const sameOrigin = new URL(existing.baseUrl).origin === new URL(config.target.baseUrl).origin;
    const allowlisted = await this.verifier.isAllowlisted(config.target.baseUrl);
    try {
      const target = await this.targets.update(ctx.orgId, id, {
        name: config.target.name,
        baseUrl: config.target.baseUrl,
        ...this.seal(document),
        ...(allowlisted
          ? { verification: allowlistVerification() }
          : sameOrigin
            ? {}
            : {
                verification: {
                  status: 'unverified',
                  method: null,
                  verifiedAt: null,
                  checkedAt: new Date(),
                  error: null,
                },
              }),
      });
      if (!target) throw notFound('target');
      await this.audit.record(
        ctx,
        'target.updated',
        { type: 'target', id },
        { originChanged: !sameOrigin },
      );
      return toTargetDto(target);
    } catch (error) {
      throw nameTaken(error, config.target.name);
    }
  }

  async delete(ctx: RequestContext, id: string): Promise<void> {
    const target = await this.find(ctx, id);
    if (target.schedule) await this.schedulesService.removeScheduler(target.schedule);
    await this.targets.delete(ctx.orgId, id);
    await this.audit.record(ctx, 'target.deleted', { type: 'target', id }, { name: target.name });
  }

  /** One stored credential in clear, for owners and admins, audited with its pointer. */
  async revealSecret(ctx: RequestContext, id: string, pointer: string): Promise<RevealedSecret> {
    const target = await this.find(ctx, id);
    const value = secretAt(this.open(target), pointer);
    if (value === undefined) throw notFound(`secret at ${pointer} in this target's config`);
    await this.audit.record(
      ctx,
      'target.secret_revealed',
      { type: 'target', id },
      { pointer: pointer.slice(0, 500) },
    );
    return { pointer, value };
  }

  async verify(ctx: RequestContext, id: string): Promise<Target> {
    const target = await this.find(ctx, id);
    await assertUrlUsable(target.baseUrl, 'target.baseUrl', this.policy);
    const outcome = await this.verifier.verify(target.baseUrl, target.verificationToken);
    await this.targets.recordVerification(ctx.orgId, id, outcome);
    await this.audit.record(
      ctx,
      'target.verification_checked',
      { type: 'target', id },
      { status: outcome.status },
    );
    return toTargetDto(await this.find(ctx, id));
  }

  async history(ctx: RequestContext, id: string, limit: number): Promise<TargetHistory> {
    await this.find(ctx, id);
    const rows = await this.runs.historyForTarget(ctx.orgId, id, limit);
    return {
      items: rows.reverse().map((row) => {
        const summary = SummarySchema.safeParse(row.summary);
        const bySeverity = summary.success ? summary.data.bySeverity : emptyBySeverity();
        const verdict = summary.success ? verdictOfSummary(summary.data) : null;
        const p95 = (row.latencyMs as { p95?: unknown } | null)?.p95;
        return {
          runId: row.id,
          createdAt: row.createdAt.toISOString(),
          finishedAt: row.finishedAt?.toISOString() ?? null,
          bySeverity,
          findings: Object.values(bySeverity).reduce((sum, count) => sum + count, 0),
          regressionCount: row.regressionCount,
          loadP95Ms: typeof p95 === 'number' ? p95 : null,
          outcome: verdict?.outcome ?? null,
          coverage: verdict?.coverage ?? null,
        };
      }),
    };
  }

  async find(ctx: RequestContext, id: string): Promise<TargetWithSchedule> {
    const target = await this.targets.findForOrg(ctx.orgId, id);
    if (!target) throw notFound('target');
    return target;
  }

  /** What is stored for a config document: its secrets masked, and sealed apart. */
  private seal(document: unknown): { config: Prisma.InputJsonObject; secretsCiphertext: string } {
    return sealConfig(document as Prisma.InputJsonObject, this.config.secretKeys);
  }

  /**
   * The stored config with its secrets in clear. A key that cannot open them (APP_SECRET changed)
   * is a state the caller can end by sending the secrets again: a 409 that says so, logged.
   */
  private open(target: TargetWithSchedule): unknown {
    try {
      return openConfig(target, this.config.secretKeys);
    } catch (error) {
      if (!(error instanceof SealedConfigError)) throw error;
      this.logger.error({ orgId: target.orgId, targetId: target.id, err: error }, error.message);
      throw new ApiError(
        409,
        ErrorCode.secretsUnreadable,
        `${error.message}: restore the APP_SECRET they were stored with ` +
          '(or list it in APP_SECRET_PREVIOUS), ' +
          "or send the target's config with every secret in clear to replace them",
      );
    }
  }

  /** Core's schema (every path named), then the organisation's limits and the address rules. */
  private async validate(ctx: RequestContext, document: unknown): Promise<Config> {
    if (document === null || typeof document !== 'object' || Array.isArray(document)) {
      throw new ApiError(
        400,
        ErrorCode.invalidConfig,
        'the body must be a config document (a JSON object)',
        {
          issues: [{ path: '', message: 'must be an object' }],
        },
      );
    }
    const parsed = parseConfigDocument(document);
    if (!parsed.ok) {
      const [first] = parsed.issues;
      throw new ApiError(
        400,
        ErrorCode.invalidConfig,
        `${first?.path ? `${first.path}: ` : ''}${first?.message ?? 'invalid config'}${parsed.issues.length > 1 ? ` (and ${parsed.issues.length - 1} more)` : ''}`,
        { issues: parsed.issues.map(({ path, message }) => ({ path, message })) },
      );
    }
    const org = await this.orgs.findForOrg(ctx.orgId);
    if (!org) throw notFound('organisation');
    const over = budgetIssues(parsed.config, org);
    if (over.length > 0) {
      throw new ApiError(400, ErrorCode.budgetOverLimit, `${over[0]!.path}: ${over[0]!.message}`, {
        issues: over,
      });
    }
    await assertUrlUsable(parsed.config.target.baseUrl, 'target.baseUrl', this.policy, {
      allowRefusedAnswers: true,
    });
    return parsed.config;
  }
}

/** Budgets above the organisation's limits are refused (not capped), naming each limit. */
export function budgetIssues(config: Config, org: Org): Issue[] {
  const budget = config.target.budget;
  const checks: [string, number, number, string][] = [
    ['maxRps', budget.maxRps, org.maxRps, 'maxRps'],
    ['maxRequests', budget.maxRequests, org.maxRequests, 'maxRequests'],
    ['maxBytes', budget.maxBytes, Number(org.maxBytes), 'maxBytes'],
    ['maxDuration', budget.maxDuration, org.maxDurationMs, 'maxDurationMs'],
  ];
  return checks
    .filter(([, value, limit]) => value > limit)
    .map(([key, value, limit, limitName]) => ({
      path: `target.budget.${key}`,
      message: `is ${value}, above the organisation's limit ${limitName} = ${limit}`,
    }));
}

function allowlistVerification() {
  const now = new Date();
  return {
    status: 'verified' as const,
    method: 'allowlist' as const,
    verifiedAt: now,
    checkedAt: now,
    error: null,
  };
}

function nameTaken(error: unknown, name: string): unknown {
  if (isUniqueViolation(error)) {
    return new ApiError(
      409,
      ErrorCode.targetNameTaken,
      `the organisation already has a target named "${name}"`,
      {
        issues: [{ path: 'target.name', message: 'is already taken in this organisation' }],
      },
    );
  }
  return error;
}
