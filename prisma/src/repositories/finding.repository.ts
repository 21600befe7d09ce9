import type { EarlierDecision } from '@shakedown/core/report';

import {
  Prisma,
  type CheckResult,
  type Finding,
  type LoadResult,
  type Severity,
} from '../generated/prisma/client';
import {
  decodeCursor,
  InvalidCursorError,
  isInt4,
  isUuid,
  pageFrom,
  type DbClient,
  type RowPage,
} from './db-client';

export interface FindingListQuery {
  severity?: Severity;
  code?: string;
  status?: 'new' | 'persisting';
  route?: string;
  cursor?: string;
  limit: number;
}

export interface FindingBriefRow {
  id: string;
  code: string;
  route: string;
  severity: Severity;
  title: string;
}

/** A check's latest earlier decision; the finding's fields are null when it passed. */
interface DecisionRow {
  route: string;
  code: string;
  status: 'passed' | 'failed';
  findingId: string | null;
  severity: Severity | null;
  title: string | null;
}

export interface OverviewRow {
  code: string;
  severity: Severity;
  count: number;
  targets: number;
}

export class FindingRepository {
  constructor(readonly db: DbClient) {}

  with(db: DbClient): FindingRepository {
    return new FindingRepository(db);
  }

  /**
   * Findings of a run, worst first: bound to `Finding(runId, severityRank, id)`, the cursor a
   * row comparison on `(severityRank, id)`.
   */
  async listForRun(
    orgId: string,
    runId: string,
    query: FindingListQuery,
  ): Promise<RowPage<Finding>> {
    const conditions = [Prisma.sql`"runId" = ${runId}::uuid`, Prisma.sql`"orgId" = ${orgId}::uuid`];
    if (query.severity) conditions.push(Prisma.sql`severity = ${query.severity}::"Severity"`);
    if (query.code) conditions.push(Prisma.sql`code = ${query.code}`);
    if (query.route) conditions.push(Prisma.sql`route = ${query.route}`);
    if (query.status) conditions.push(Prisma.sql`"isNew" = ${query.status === 'new'}`);
    if (query.cursor !== undefined) {
      const [rank, id] = decodeCursor(query.cursor) ?? [];
      if (!isInt4(rank) || !isUuid(id)) {
        throw new InvalidCursorError();
      }
      conditions.push(Prisma.sql`("severityRank", id) > (${rank}, ${id}::uuid)`);
    }
    const rows = await this.db.$queryRaw<Finding[]>`
      SELECT * FROM "Finding" WHERE ${Prisma.join(conditions, ' AND ')}
      ORDER BY "severityRank", id LIMIT ${query.limit + 1}`;
    return pageFrom(rows, query.limit, (row) => [row.severityRank, row.id]);
  }

  findForOrg(orgId: string, id: string): Promise<Finding | null> {
    return this.db.finding.findFirst({ where: { orgId, id } });
  }

  /** Every finding of a run without evidence (comparisons), worst first. */
  briefsForRun(orgId: string, runId: string): Promise<FindingBriefRow[]> {
    return this.db.$queryRaw<FindingBriefRow[]>`
      SELECT id, code, route, severity, title FROM "Finding"
      WHERE "runId" = ${runId}::uuid AND "orgId" = ${orgId}::uuid
      ORDER BY "severityRank", id LIMIT 10000`;
  }

  /** Findings of several runs without evidence, worst first (a comparison in one query). */
  briefsForRuns(orgId: string, runIds: string[]): Promise<(FindingBriefRow & { runId: string })[]> {
    return this.db.$queryRaw<(FindingBriefRow & { runId: string })[]>`
      SELECT id, "runId", code, route, severity, title FROM "Finding"
      WHERE "runId" = ANY(${runIds}::uuid[]) AND "orgId" = ${orgId}::uuid
      ORDER BY "severityRank", id LIMIT 20000`;
  }

  /**
   * The latest decision (passed or failed) of every check of the target's completed runs that
   * finished before `before` (the last 100 of them), with the finding of a failed one: what a
   * run is compared with, like with like (issue 14).
   */
  async latestDecisionsBefore(
    orgId: string,
    targetId: string,
    before: Date,
  ): Promise<EarlierDecision<FindingBriefRow>[]> {
    const rows = await this.db.$queryRaw<DecisionRow[]>`
      SELECT DISTINCT ON (c.route, c.code) c.route, c.code, c.status::text AS status,
        f.id AS "findingId", f.severity::text AS severity, f.title
      FROM "CheckResult" c
      JOIN "Run" r ON r.id = c."runId"
      LEFT JOIN "Finding" f ON f."runId" = c."runId" AND f.route = c.route AND f.code = c.code
      WHERE c."orgId" = ${orgId}::uuid AND c.status IN ('passed', 'failed')
        AND c."runId" IN (
          SELECT p.id FROM "Run" p
          WHERE p."orgId" = ${orgId}::uuid AND p."targetId" = ${targetId}::uuid
            AND p.status = 'completed' AND p."finishedAt" < ${before}
          ORDER BY p."finishedAt" DESC LIMIT 100
        )
      ORDER BY c.route, c.code, r."finishedAt" DESC, f."severityRank"`;
    return rows.map((row) => ({
      route: row.route,
      code: row.code,
      status: row.status,
      finding:
        row.findingId && row.severity && row.title !== null
          ? {
              id: row.findingId,
              code: row.code,
              route: row.route,
              severity: row.severity,
              title: row.title,
            }
          : null,
    }));
  }

  /** The findings of a run that its previous completed run did not have, worst first. */
  newForRun(orgId: string, runId: string): Promise<FindingBriefRow[]> {
    return this.db.finding.findMany({
      where: { orgId, runId, isNew: true },
      orderBy: [{ severityRank: 'asc' }, { id: 'asc' }],
      select: { id: true, code: true, route: true, severity: true, title: true },
      take: 1000,
    });
  }

  /** Every finding of a run with evidence (the report). */
  allForRun(orgId: string, runId: string): Promise<Finding[]> {
    return this.db.finding.findMany({
      where: { orgId, runId },
      orderBy: [{ severityRank: 'asc' }, { id: 'asc' }],
      take: 10_000,
    });
  }

  checksForRun(orgId: string, runId: string): Promise<CheckResult[]> {
    return this.db.checkResult.findMany({
      where: { orgId, runId },
      orderBy: [{ route: 'asc' }, { code: 'asc' }],
      take: 10_000,
    });
  }

  loadResultForRun(orgId: string, runId: string): Promise<LoadResult | null> {
    return this.db.loadResult.findFirst({ where: { orgId, runId } });
  }

  /**
   * Open findings by code: those of each target's latest completed run (one index probe per
   * target on `Run(targetId, status, finishedAt desc)`, then `Finding(runId, …)`).
   */
  async overview(orgId: string): Promise<{ rows: OverviewRow[]; targets: number }> {
    const latest = await this.db.$queryRaw<{ runId: string }[]>`
      SELECT r.id AS "runId" FROM "Target" t
      CROSS JOIN LATERAL (
        SELECT id FROM "Run"
        WHERE "targetId" = t.id AND status = 'completed'
        ORDER BY "finishedAt" DESC LIMIT 1
      ) r
      WHERE t."orgId" = ${orgId}::uuid`;
    if (latest.length === 0) return { rows: [], targets: 0 };
    const runIds = latest.map((row) => row.runId);
    const rows = await this.db.$queryRaw<
      { code: string; severity: Severity; count: bigint; targets: bigint }[]
    >`
      SELECT code, (array_agg(severity ORDER BY "severityRank"))[1] AS severity, COUNT(*) AS count,
             COUNT(DISTINCT "targetId") AS targets
      FROM "Finding"
      WHERE "orgId" = ${orgId}::uuid AND "runId" = ANY(${runIds}::uuid[])
      GROUP BY code ORDER BY MIN("severityRank"), COUNT(*) DESC, code`;
    return {
      rows: rows.map((row) => ({
        code: row.code,
        severity: row.severity,
        count: Number(row.count),
        targets: Number(row.targets),
      })),
      targets: latest.length,
    };
  }
}
