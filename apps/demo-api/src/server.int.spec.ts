import type { Server } from 'node:http';

import { parseExtraDefects } from './defects';
import { createDemoApi } from './server';
import { DEMO_TENANTS } from './tenants';

describe('the demo API', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createDemoApi();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const as = (tenant: keyof typeof DEMO_TENANTS) => ({
    authorization: `Bearer ${DEMO_TENANTS[tenant]}`,
  });

  it('answers /health without credentials, and nothing else', async () => {
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect((await fetch(`${url}/notes`)).status).toBe(401);
  });

  it('keeps each tenant’s notes to itself', async () => {
    const created = await fetch(`${url}/notes`, {
      method: 'POST',
      headers: { ...as('alice'), 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'mine' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    expect((await fetch(`${url}/notes/${id}`, { headers: as('alice') })).status).toBe(200);
    expect((await fetch(`${url}/notes/${id}`, { headers: as('bob') })).status).toBe(404);
    const stats = (await (await fetch(`${url}/stats`, { headers: as('alice') })).json()) as {
      notes: number;
    };
    expect(stats.notes).toBeGreaterThan(0);
  });

  it('replays a retried create with the same Idempotency-Key and refuses the key with another body', async () => {
    const send = (title: string) =>
      fetch(`${url}/notes`, {
        method: 'POST',
        headers: { ...as('bob'), 'content-type': 'application/json', 'idempotency-key': 'k-1' },
        body: JSON.stringify({ title }),
      });
    const first = await send('a');
    const retry = await send('a');
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toEqual(await first.json());
    expect((await send('b')).status).toBe(422);
  });

  it('reads DEMO_EXTRA_DEFECTS and names an unknown defect', () => {
    expect(parseExtraDefects('tenant.cross_read, auth.missing')).toEqual([
      'tenant.cross_read',
      'auth.missing',
    ]);
    expect(parseExtraDefects(undefined)).toEqual([]);
    expect(() => parseExtraDefects('tenant.cross_read,nope')).toThrow(
      /^unknown demo defect "nope"; known: tenant\.cross_read/,
    );
  });
});
