import { createRun, createTarget } from '../testing/factories';
import { twoOrgs, type TwoOrgs } from '../testing/two-orgs';
import { FindingRepository } from './finding.repository';
import type { FindingRow, RunResults } from './run-results';
import { RunRepository } from './run.repository';

function finding(route: string, code: string, isNew = false): FindingRow {
  return {
    code,
    probe: code.split('.')[0]!,
    route,
    severity: 'high',
    severityRank: 1,
    title: `${code} on ${route}`,
    detail: 'seen',
    evidence: { exchanges: [] },
    isNew,
  };
}

function results(findings: FindingRow[]): RunResults {
  return {
    checks: findings.map((row) => ({
      code: row.code,
      probe: row.probe,
      route: row.route,
      status: 'failed' as const,
    })),
    findings,
    summary: { checks: findings.length, failed: findings.length },
    regressionCount: findings.filter((row) => row.isNew).length,
  };
}

describe('RunRepository: the worker claims, completes and finishes runs', () => {
  let world: TwoOrgs;
  let repository: RunRepository;
  let findings: FindingRepository;

  beforeAll(async () => {
    world = await twoOrgs();
    repository = new RunRepository(world.db);
    findings = new FindingRepository(world.db);
  });

  afterAll(() => world.close());

  async function queuedRun(orgId = world.a.orgId, targetId?: string) {
    const target = targetId ?? (await createTarget(world.db, orgId)).id;
    return createRun(world.db, orgId, target, { status: 'queued' });
  }

  it('org B cannot read, claim, finish or store results on org A’s run', async () => {
    const run = await queuedRun();
    const b = world.b.orgId;
    expect(await repository.findRunToProcess(b, run.id)).toBeNull();
    expect(await repository.claimRun(b, run.id)).toEqual({ outcome: 'missing' });
    expect(await repository.finishRun(b, run.id, 'failed', 'no')).toBe(false);
    expect(await repository.completeRun(b, run.id, results([]))).toBe(false);
    expect((await repository.findRunToProcess(world.a.orgId, run.id))?.status).toBe('queued');
  });

  it('claims a run once per attempt and never two runs of one target at a time', async () => {
    const first = await queuedRun();
    const second = await createRun(world.db, world.a.orgId, first.targetId, { status: 'queued' });
    expect(await repository.claimRun(world.a.orgId, first.id)).toMatchObject({
      outcome: 'claimed',
      attempts: 1,
    });
    expect(await repository.claimRun(world.a.orgId, second.id)).toEqual({
      outcome: 'busy',
      reason: 'another run of this target is in progress',
    });
    // The same run again (its job retried after a crash) is claimed again, as a new attempt.
    expect(await repository.claimRun(world.a.orgId, first.id)).toMatchObject({ attempts: 2 });
    await repository.finishRun(world.a.orgId, first.id, 'cancelled', 'stop');
    expect(await repository.claimRun(world.a.orgId, first.id)).toEqual({
      outcome: 'finished',
      status: 'cancelled',
    });
    expect(await repository.claimRun(world.a.orgId, second.id)).toMatchObject({
      outcome: 'claimed',
    });
    await repository.finishRun(world.a.orgId, second.id, 'cancelled', 'stop');
  });

  it('keeps an organisation within its concurrent-run limit, whoever claims in parallel', async () => {
    await world.db.org.update({ where: { id: world.b.orgId }, data: { maxConcurrentRuns: 2 } });
    const runs = await Promise.all(Array.from({ length: 6 }, () => queuedRun(world.b.orgId)));
    const claims = await Promise.all(runs.map((run) => repository.claimRun(world.b.orgId, run.id)));
    expect(claims.filter((claim) => claim.outcome === 'claimed')).toHaveLength(2);
    expect(claims.filter((claim) => claim.outcome === 'busy')[0]).toEqual({
      outcome: 'busy',
      reason: 'the organisation is at its limit of 2 concurrent runs',
    });
    for (const run of runs) await repository.finishRun(world.b.orgId, run.id, 'cancelled', 'x');
  });

  it('stores results once: storing them again replaces, never duplicates', async () => {
    const run = await queuedRun();
    await repository.claimRun(world.a.orgId, run.id);
    const first = [finding('r1', 'tenant.cross_read', true), finding('r2', 'auth.missing')];
    expect(await repository.completeRun(world.a.orgId, run.id, results(first))).toBe(true);
    // A completed run is not stored over.
    expect(await repository.completeRun(world.a.orgId, run.id, results([]))).toBe(false);

    // Processing it again (as a retried job would, had it been running) replaces the rows.
    await world.db.run.update({ where: { id: run.id }, data: { status: 'running' } });
    const again = [
      finding('r1', 'tenant.cross_read', true),
      finding('r3', 'errors.stack_trace_leak'),
    ];
    expect(await repository.completeRun(world.a.orgId, run.id, results(again))).toBe(true);
    const stored = await world.db.finding.findMany({
      where: { runId: run.id },
      orderBy: { route: 'asc' },
    });
    expect(stored.map((row) => [row.route, row.code])).toEqual([
      ['r1', 'tenant.cross_read'],
      ['r3', 'errors.stack_trace_leak'],
    ]);
    expect(await world.db.checkResult.count({ where: { runId: run.id } })).toBe(2);
    expect(await findings.newForRun(world.a.orgId, run.id)).toEqual([
      expect.objectContaining({ route: 'r1', code: 'tenant.cross_read' }),
    ]);
    expect(await findings.newForRun(world.b.orgId, run.id)).toEqual([]);
    expect(await world.db.run.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({
      status: 'completed',
      regressionCount: 1,
    });
  });

  it('replaces a load shard’s result when the shard runs again', async () => {
    const run = await queuedRun();
    await repository.saveLoadShard(world.a.orgId, run.id, {
      shardIndex: 0,
      shardCount: 2,
      result: { n: 1 },
    });
    await repository.saveLoadShard(world.a.orgId, run.id, {
      shardIndex: 0,
      shardCount: 2,
      result: { n: 2 },
    });
    expect(await repository.listLoadShards(world.a.orgId, run.id)).toEqual([
      { shardIndex: 0, shardCount: 2, result: { n: 2 } },
    ]);
    expect(await repository.listLoadShards(world.b.orgId, run.id)).toEqual([]);
  });
});
