import { unsafeSealStoredSecrets } from './seal-stored-secrets';
import { openConfig, sealConfig } from './sealed-config';
import { decryptSecret, encryptSecret } from './secrets';
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

describe('sealing the secrets stored in clear', () => {
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

    expect(await unsafeSealStoredSecrets(world.db, APP_SECRET)).toEqual({
      targets: 2,
      runs: 2,
      webhookEndpoints: 0,
      unreadable: 0,
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
    expect(await unsafeSealStoredSecrets(world.db, APP_SECRET)).toEqual({
      targets: 0,
      runs: 0,
      webhookEndpoints: 0,
      unreadable: 0,
    });
  });
});

describe('re-sealing the secrets a previous key sealed', () => {
  const KEY_A = 'the-leaked-key-a-of-this-deployment-0123';
  const KEY_B = 'the-new-key-b-of-this-deployment-456789';
  const rotated = { current: KEY_B, previous: [KEY_A] };
  let world: TwoOrgs;

  beforeAll(async () => {
    world = await twoOrgs();
  });

  afterAll(() => world.close());

  it('seals every target, run and webhook secret under A again with B, and only those', async () => {
    const orgId = world.a.orgId;
    const config = configInClear('rotated');
    const underA = sealConfig(config, KEY_A);
    const target = await createTarget(world.db, orgId, { name: 'rotated', ...underA });
    const run = await world.db.run.create({
      data: { orgId, targetId: target.id, trigger: 'api', probes: [], ...underA },
    });
    const hook = (secretCiphertext: string) =>
      world.db.webhookEndpoint.create({
        data: { orgId, url: 'https://hooks.example.test/in', events: [], secretCiphertext },
      });
    const endpointA = await hook(encryptSecret('whsec_under_a', KEY_A));
    const endpointB = await hook(encryptSecret('whsec_under_b', KEY_B));
    const lost = await hook(encryptSecret('whsec_lost', 'a-key-nobody-kept-any-more-0123456789'));
    const bBefore = await world.db.webhookEndpoint.findUniqueOrThrow({
      where: { id: endpointB.id },
    });

    // Without A in the ring, nothing can be opened and nothing changes.
    expect(await unsafeSealStoredSecrets(world.db, KEY_B)).toEqual({
      targets: 0,
      runs: 0,
      webhookEndpoints: 0,
      unreadable: 4,
    });
    expect(await unsafeSealStoredSecrets(world.db, rotated)).toEqual({
      targets: 1,
      runs: 1,
      webhookEndpoints: 1,
      unreadable: 1,
    });

    const targetAfter = await world.db.target.findUniqueOrThrow({ where: { id: target.id } });
    const runAfter = await world.db.run.findUniqueOrThrow({ where: { id: run.id } });
    const endpoints = await world.db.webhookEndpoint.findMany({ where: { orgId } });
    const secretOf = (id: string) => endpoints.find((e) => e.id === id)!.secretCiphertext;
    // B alone opens everything now: dropping A loses nothing.
    expect(openConfig(targetAfter, KEY_B)).toEqual(config);
    expect(openConfig(runAfter, KEY_B)).toEqual(config);
    expect(decryptSecret(secretOf(endpointA.id), KEY_B)).toBe('whsec_under_a');
    expect(targetAfter.updatedAt).toEqual(target.updatedAt);
    // What B sealed is left as it was; what no key opens is left for the operator.
    expect(secretOf(endpointB.id)).toBe(bBefore.secretCiphertext);
    expect(secretOf(lost.id)).toBe(lost.secretCiphertext);

    expect(await unsafeSealStoredSecrets(world.db, rotated)).toEqual({
      targets: 0,
      runs: 0,
      webhookEndpoints: 0,
      unreadable: 1,
    });
  });

  it('re-seals each row once when several workers start together', async () => {
    const orgId = world.b.orgId;
    const ids = [];
    for (let i = 0; i < 30; i += 1) {
      const endpoint = await world.db.webhookEndpoint.create({
        data: {
          orgId,
          url: 'https://hooks.example.test/in',
          events: [],
          secretCiphertext: encryptSecret(`whsec_${i}`, KEY_A),
        },
      });
      ids.push(endpoint.id);
    }
    const passes = await Promise.all(
      [1, 2, 3].map(() => unsafeSealStoredSecrets(world.db, rotated)),
    );
    // Every row was written by exactly one of them, and opens under B alone.
    expect(passes.reduce((sum, pass) => sum + pass.webhookEndpoints, 0)).toBe(30);
    const rows = await world.db.webhookEndpoint.findMany({ where: { id: { in: ids } } });
    expect(rows.map((row) => decryptSecret(row.secretCiphertext, KEY_B)).sort()).toEqual(
      Array.from({ length: 30 }, (_, i) => `whsec_${i}`).sort(),
    );
  });
});
