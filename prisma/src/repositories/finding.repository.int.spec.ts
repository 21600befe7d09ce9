import { createFinding, createRun, createTarget } from '../testing/factories';
import { twoOrgs, type TwoOrgs } from '../testing/two-orgs';
import { FindingRepository } from './finding.repository';

describe('FindingRepository', () => {
  let world: TwoOrgs;
  let findings: FindingRepository;

  beforeAll(async () => {
    world = await twoOrgs();
    findings = new FindingRepository(world.db);
  });

  afterAll(() => world.close());

  it('org B cannot read org A’s findings, checks or overview', async () => {
    const target = await createTarget(world.db, world.a.orgId);
    const run = await createRun(world.db, world.a.orgId, target.id);
    const finding = await createFinding(world.db, run, {
      code: 'tenant.cross_read',
      route: 'r',
      severity: 'critical',
    });
    expect((await findings.listForRun(world.b.orgId, run.id, { limit: 10 })).items).toEqual([]);
    expect(await findings.findForOrg(world.b.orgId, finding.id)).toBeNull();
    expect(await findings.briefsForRun(world.b.orgId, run.id)).toEqual([]);
    expect(await findings.allForRun(world.b.orgId, run.id)).toEqual([]);
    expect(await findings.overview(world.b.orgId)).toEqual({ rows: [], targets: 0 });
    expect((await findings.overview(world.a.orgId)).rows).toEqual([
      { code: 'tenant.cross_read', severity: 'critical', count: 1, targets: 1 },
    ]);
  });

  it('pages worst first across severities and filters', async () => {
    const target = await createTarget(world.db, world.b.orgId);
    const run = await createRun(world.db, world.b.orgId, target.id);
    const seeds = [
      { code: 'a.low', route: 'r1', severity: 'low' as const },
      { code: 'a.critical', route: 'r1', severity: 'critical' as const, isNew: true },
      { code: 'a.high', route: 'r2', severity: 'high' as const },
      { code: 'b.high', route: 'r1', severity: 'high' as const, isNew: true },
    ];
    for (const seed of seeds) await createFinding(world.db, run, seed);
    const first = await findings.listForRun(world.b.orgId, run.id, { limit: 3 });
    const second = await findings.listForRun(world.b.orgId, run.id, {
      limit: 3,
      cursor: first.nextCursor!,
    });
    expect([...first.items, ...second.items].map((row) => row.severity)).toEqual([
      'critical',
      'high',
      'high',
      'low',
    ]);
    expect(
      (
        await findings.listForRun(world.b.orgId, run.id, { limit: 10, status: 'new', route: 'r1' })
      ).items.map((row) => row.code),
    ).toEqual(['a.critical', 'b.high']);
  });
});
