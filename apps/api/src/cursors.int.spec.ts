import { randomUUID } from 'node:crypto';

import { call, errorOf } from '../test/client';
import { useOrgWorld } from '../test/use-org-world';

const cursorOf = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');

/** Dates JavaScript reads but PostgreSQL cannot hold, or that no cursor of ours contains. */
const BAD_DATES = [
  '-271821-04-20T00:00:00.000Z',
  '+275760-09-13T00:00:00.000Z',
  '-004714-01-01T00:00:00.000Z',
  '0000-01-01T00:00:00.000Z',
  '2024-02-30T00:00:00.000Z',
  '2024-01-01',
];

describe('cursors and query values are checked at the edge (issue 16.5)', () => {
  const live = useOrgWorld('alpha');

  const expect400 = async <Body = unknown>(path: string, code = 'validation_failed') => {
    const answer = await call<Body>(live.api, live.a.owner, 'GET', path);
    expect({ path, ...errorOf(answer) }).toEqual({ path, status: 400, code });
    return answer;
  };

  it('answers 400 to a time cursor holding a date PostgreSQL cannot hold, on every list', async () => {
    const lists = [
      '/runs',
      '/targets',
      '/invitations',
      '/audit-log',
      `/webhooks/${live.a.ids.webhook}/deliveries`,
    ];
    for (const list of lists) {
      expect((await call(live.api, live.a.owner, 'GET', list)).status).toBe(200);
      for (const date of BAD_DATES) {
        await expect400(`${list}?cursor=${cursorOf([date, randomUUID()])}`);
      }
    }
  });

  it('answers 400 to a findings cursor whose rank is not a PostgreSQL integer', async () => {
    const findings = `/runs/${live.a.ids.run}/findings`;
    const first = await call<{ nextCursor: string | null }>(
      live.api,
      live.a.owner,
      'GET',
      `${findings}?limit=1`,
    );
    expect(first.status).toBe(200);
    expect(
      (await call(live.api, live.a.owner, 'GET', `${findings}?cursor=${first.body.nextCursor}`))
        .status,
    ).toBe(200);
    for (const rank of [2 ** 31, 2 ** 53, 1e300, -1, 1.5]) {
      await expect400(`${findings}?cursor=${cursorOf([rank, randomUUID()])}`);
    }
  });

  it('answers 400 to NUL in query values and to cursors that are not base64url', async () => {
    // NUL is text PostgreSQL cannot store, wherever it is: `invalid_text` naming the field.
    const named = await expect400<{ error: { details: { issues: { path: string }[] } } }>(
      '/targets?name=a%00b',
      'invalid_text',
    );
    expect(named.body.error.details.issues.map((issue) => issue.path)).toEqual(['query.name']);
    await expect400(`/runs/${live.a.ids.run}/findings?code=a%00b`, 'invalid_text');
    await expect400(`/runs/${live.a.ids.run}/findings?route=a%00b`, 'invalid_text');
    await expect400('/runs?cursor=a%00b', 'invalid_text');
    await expect400('/targets?cursor=%E2%9C%93');
  });
});
