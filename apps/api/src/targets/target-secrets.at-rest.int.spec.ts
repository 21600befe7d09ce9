import { randomBytes } from 'node:crypto';

import { sealConfig, type Prisma } from '@shakedown/db';
import { configDocument } from '@shakedown/db/testing';

import { call, errorOf } from '../../test/client';
import { useOrgWorld } from '../../test/use-org-world';
import { configWithSecrets, WORLD_TENANT_TOKEN } from '../../test/world';

const AUTH_POINTER = '/target/tenants/alice/headers/Authorization';
const COOKIE_POINTER = '/target/tenants/bob/headers/Cookie';
const KEY_POINTER = '/target/tenants/bob/query/api_key';
const ROUTE_POINTER = '/routes/0/headers/X-Api-Key';
/** The secrets of {@link configWithSecrets}, and one route credential header added to it. */
const SECRETS = [
  WORLD_TENANT_TOKEN,
  'sid=world-session-of-bob-1234',
  'k-bob-5678',
  'route-key-0f3a9c2e',
];

interface TargetAnswer {
  id: string;
  config: {
    target: { tenants: Record<string, { headers: Record<string, string> }> };
    routes: { headers?: Record<string, string> }[];
  };
}

/** A config whose tenants and first route carry credentials. */
function sealedDocument(name: string): Record<string, unknown> {
  const document = configWithSecrets(name) as { routes: Record<string, unknown>[] };
  document.routes[0]!.headers = { 'X-Api-Key': SECRETS[3]!, Accept: 'application/json' };
  return document;
}

/** Target credentials are stored sealed with APP_SECRET: no column of a row holds one in clear. */
describe('target secrets at rest', () => {
  const live = useOrgWorld('at-rest');

  /** Every column of the rows, as PostgreSQL has them: what a database dump would show. */
  const rawRows = async (table: 'Target' | 'Run', column: 'id' | 'targetId', id: string) => {
    const rows = await live.db.$queryRawUnsafe<{ row: string }[]>(
      `SELECT row_to_json(t)::text AS row FROM "${table}" t WHERE t."${column}" = $1::uuid`,
      id,
    );
    return rows.map(({ row }) => row);
  };
  const expectNoPlaintext = (rows: string[], secrets = SECRETS) => {
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      for (const secret of secrets)
        expect({ row, leaks: row.includes(secret) }).toEqual({ row, leaks: false });
      expect(row).toMatch(/"secretsCiphertext":"v2\.[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+"/);
    }
  };
  const reveal = async (targetId: string, pointer: string) => {
    const answer = await call<{ value: string }>(
      live.api,
      live.a.owner,
      'POST',
      `/targets/${targetId}/secrets/reveal`,
      { body: { pointer } },
    );
    expect(answer.status).toBe(200);
    return answer.body.value;
  };

  it('stores no secret in clear on create, update and run start; reveals each to an owner', async () => {
    const created = await call<TargetAnswer>(live.api, live.a.owner, 'POST', '/targets', {
      body: sealedDocument('sealed-orders'),
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expectNoPlaintext(await rawRows('Target', 'id', id));
    // The stored document keeps the masks every read shows.
    const [row] = await rawRows('Target', 'id', id);
    expect(row).toContain('Bearer ****-bob');

    const edited = created.body.config;
    edited.target.tenants.bob!.headers.Cookie = 'sid=changed-session-4321';
    const put = await call(live.api, live.a.admin, 'PUT', `/targets/${id}`, { body: edited });
    expect(put.status).toBe(200);
    expectNoPlaintext(await rawRows('Target', 'id', id), [...SECRETS, 'sid=changed-session-4321']);

    const run = await call<{ id: string }>(live.api, live.a.owner, 'POST', `/targets/${id}/runs`, {
      body: {},
    });
    expect(run.status).toBe(202);
    const runRows = await rawRows('Run', 'targetId', id);
    expect(runRows).toHaveLength(1);
    expectNoPlaintext(runRows, [...SECRETS, 'sid=changed-session-4321']);
    // The run's snapshot is the target's, copied as stored (never opened by the API).
    const target = await live.db.target.findUniqueOrThrow({ where: { id } });
    const stored = await live.db.run.findUniqueOrThrow({ where: { id: run.body.id } });
    expect(stored.secretsCiphertext).toBe(target.secretsCiphertext);
    expect(stored.config).toEqual(target.config);

    expect(await reveal(id, AUTH_POINTER)).toBe(WORLD_TENANT_TOKEN);
    expect(await reveal(id, COOKIE_POINTER)).toBe('sid=changed-session-4321');
    expect(await reveal(id, KEY_POINTER)).toBe('k-bob-5678');
    expect(await reveal(id, ROUTE_POINTER)).toBe(SECRETS[3]);
  });

  it('reads a row stored in clear before sealing, and seals it on its next update', async () => {
    const name = `legacy-${randomBytes(3).toString('hex')}`;
    const legacy = await live.db.target.create({
      data: {
        orgId: live.a.orgId,
        name,
        baseUrl: 'http://127.0.0.1:4010',
        config: sealedDocument(name) as Prisma.InputJsonObject,
        verificationToken: 'sdv_legacy',
      },
    });
    expect(legacy.secretsCiphertext).toBeNull();
    const read = await call<TargetAnswer>(live.api, live.a.viewer, 'GET', `/targets/${legacy.id}`);
    expect(read.status).toBe(200);
    expect(read.text).toContain('Bearer ****-bob');
    for (const secret of SECRETS) expect(read.text).not.toContain(secret);
    expect(await reveal(legacy.id, AUTH_POINTER)).toBe(WORLD_TENANT_TOKEN);

    // The dashboard sends back what it read: every secret masked, so every one is kept.
    const put = await call(live.api, live.a.owner, 'PUT', `/targets/${legacy.id}`, {
      body: read.body.config,
    });
    expect(put.status).toBe(200);
    expectNoPlaintext(await rawRows('Target', 'id', legacy.id));
    expect(await reveal(legacy.id, AUTH_POINTER)).toBe(WORLD_TENANT_TOKEN);
    expect(await reveal(legacy.id, KEY_POINTER)).toBe('k-bob-5678');
  });

  it('stores a config without secrets sealed too, and shows it as sent', async () => {
    const name = `plain-${randomBytes(3).toString('hex')}`;
    const created = await call<TargetAnswer>(live.api, live.a.owner, 'POST', '/targets', {
      body: configDocument(name),
    });
    expect(created.status).toBe(201);
    expect(created.body.config).toMatchObject(configDocument(name));
    const target = await live.db.target.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(target.secretsCiphertext).toMatch(/^v2\./);
  });

  it('says what to do when the secrets were sealed with another APP_SECRET, and takes new ones', async () => {
    const name = `other-key-${randomBytes(3).toString('hex')}`;
    const sealed = sealConfig(sealedDocument(name), 'another-deployments-app-secret-0123456789');
    const row = await live.db.target.create({
      data: {
        orgId: live.a.orgId,
        name,
        baseUrl: 'http://127.0.0.1:4010',
        config: sealed.config as Prisma.InputJsonObject,
        secretsCiphertext: sealed.secretsCiphertext,
        verificationToken: 'sdv_other_key',
      },
    });
    // Reads decrypt nothing, so they still work.
    const read = await call<TargetAnswer>(live.api, live.a.viewer, 'GET', `/targets/${row.id}`);
    expect(read.status).toBe(200);
    expect(read.text).toContain('Bearer ****-bob');

    const path = `/targets/${row.id}`;
    const shown = await call(live.api, live.a.owner, 'POST', `${path}/secrets/reveal`, {
      body: { pointer: AUTH_POINTER },
    });
    const keep = await call(live.api, live.a.owner, 'PUT', path, { body: read.body.config });
    for (const refused of [shown, keep]) {
      expect(errorOf(refused)).toEqual({ status: 409, code: 'secrets_unreadable' });
      expect(refused.text).toContain(
        "the config's secrets cannot be decrypted with this deployment's APP_SECRET",
      );
    }
    // Every secret sent again in clear replaces what cannot be opened.
    const replaced = await call(live.api, live.a.owner, 'PUT', path, {
      body: sealedDocument(name),
    });
    expect(replaced.status).toBe(200);
    expect(await reveal(row.id, AUTH_POINTER)).toBe(WORLD_TENANT_TOKEN);
  });
});
