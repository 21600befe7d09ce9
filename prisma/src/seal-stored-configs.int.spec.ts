import { unsafeSealConfigsStoredInClear } from './seal-stored-configs';
import { openConfig } from './sealed-config';
import { configDocument, createTarget } from './testing/factories';
import { twoOrgs, type TwoOrgs } from './testing/two-orgs';

const APP_SECRET = 'a-test-secret-of-enough-length';
const TOKEN = 'Bearer stored-in-clear-of-alice-4711';

/** A config with a tenant credential, as rows stored before sealing hold it. */
function configInClear(name: string) {
  const document = configDocument(name);
  return {
    ...document,
    target: {
      ...(document.target as Record<string, string>),
      tenants: { alice: { headers: { Authorization: TOKEN } } },
    },
  };
}

describe('sealing the configs stored in clear', () => {
  let world: TwoOrgs;

  beforeAll(async () => {
    world = await twoOrgs();
  });

  afterAll(() => world.close());

  it('seals every unsealed target and run of every organisation, once', async () => {
    const rows = [];
    for (const orgId of [world.a.orgId, world.b.orgId]) {
      const name = `clear-${orgId.slice(0, 8)}`;
      const config = configInClear(name);
      const target = await createTarget(world.db, orgId, { name, config });
      const run = await world.db.run.create({
        data: { orgId, targetId: target.id, trigger: 'api', probes: [], config },
      });
      rows.push({ target, run, config });
    }
    const clear = async () =>
      (
        await world.db.$queryRaw<{ row: string }[]>`
          SELECT row_to_json(t)::text AS row FROM "Target" t
          UNION ALL SELECT row_to_json(r)::text FROM "Run" r`
      ).filter(({ row }) => row.includes('stored-in-clear'));
    expect(await clear()).toHaveLength(4);

    expect(await unsafeSealConfigsStoredInClear(world.db, APP_SECRET)).toEqual({
      targets: 2,
      runs: 2,
    });
    expect(await clear()).toEqual([]);
    for (const { target, run, config } of rows) {
      const sealedTarget = await world.db.target.findUniqueOrThrow({ where: { id: target.id } });
      const sealedRun = await world.db.run.findUniqueOrThrow({ where: { id: run.id } });
      expect(openConfig(sealedTarget, APP_SECRET)).toEqual(config);
      expect(openConfig(sealedRun, APP_SECRET)).toEqual(config);
      expect(sealedTarget.updatedAt).toEqual(target.updatedAt);
    }
    // Sealed rows are left as they are.
    expect(await unsafeSealConfigsStoredInClear(world.db, APP_SECRET)).toEqual({
      targets: 0,
      runs: 0,
    });
  });
});
