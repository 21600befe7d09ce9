import type { Db } from '@shakedown/db';
import { hasRole, type EndpointSpec, type Role } from '@shakedown/core/contract';

import { call, errorOf, type SessionCaller } from '../test/client';
import { isWrite, pathFor, validBodyFor } from '../test/endpoint-samples';
import { startTestApi, type TestApi } from '../test/harness';
import { fixedResolver } from '../test/resolvers';
import {
  changedTables,
  contractEndpoints,
  stringPaths,
  tableDigests,
  withStringAt,
  WITHOUT_RATE_LIMITS,
} from '../test/text-cases';
import { buildOrgWorld, configDocument, openDb, type OrgWorld } from '../test/world';

const NUL = 'a\u0000b';
const SURROGATE = 'x\ud800y';
const NOWHERE = 'https://nowhere.example.test/';

interface Who {
  who: string;
  caller: SessionCaller;
  role: Role;
  /** Another organisation's owner, acting on alpha's objects. */
  foreign: boolean;
}

/**
 * The access walk of every route, repeated with issue 12's cases: each route hit by a viewer, a
 * member, an admin and another organisation's owner with NUL and lone-surrogate text in each
 * string of the body (or a key, or a query parameter) and a host that does not resolve in each
 * URL field. Every answer is the refusal the role or the input calls for, never a 5xx, and no
 * row of any table changes.
 */
describe('access of every route with the text and URL cases', () => {
  let api: TestApi;
  let db: Db;
  let a: OrgWorld;
  let b: OrgWorld;
  let callers: Who[];

  beforeAll(async () => {
    api = await startTestApi(WITHOUT_RATE_LIMITS, { resolver: fixedResolver() });
    db = openDb(api);
    a = await buildOrgWorld(api, db, 'alpha');
    b = await buildOrgWorld(api, db, 'bravo');
    callers = [
      { who: 'viewer', caller: a.viewer, role: 'viewer', foreign: false },
      { who: 'member', caller: a.member, role: 'member', foreign: false },
      { who: 'admin', caller: a.admin, role: 'admin', foreign: false },
      { who: 'bravo owner', caller: b.owner, role: 'owner', foreign: true },
    ];
  }, 180_000);

  afterAll(async () => {
    await db.$disconnect();
    await api.close();
  });

  /** Whether the role may call the route at all (sessions may call `user` routes). */
  const allowed = (spec: EndpointSpec, role: Role) =>
    spec.access === 'public' || spec.access === 'user' || hasRole(role, spec.access);

  /** Bodies with one unstorable string each: in each string value, else as a key. */
  function textCases(spec: EndpointSpec): { what: string; body: unknown }[] {
    const base = validBodyFor(spec) ?? {};
    const paths = stringPaths(base);
    const cases = paths.flatMap((path) =>
      [NUL, SURROGATE].map((text) => ({
        what: `/${path.join('/')} = ${JSON.stringify(text)}`,
        body: withStringAt(base, path, text),
      })),
    );
    return [...cases, { what: 'a NUL key', body: { ...base, [NUL]: 'x' } }];
  }

  it('refuses unstorable text in every write as every role, never with a 5xx, storing nothing', async () => {
    const before = await tableDigests(db);
    let checked = 0;
    for (const spec of contractEndpoints().filter(isWrite)) {
      const route = `${spec.method} ${spec.path}`;
      for (const { who, caller, role } of callers) {
        for (const { what, body } of textCases(spec)) {
          const answer = await call(api, caller, spec.method, pathFor(spec, a.ids), { body });
          // The role is checked first (403); past it, the text is refused before any lookup.
          const expected = allowed(spec, role)
            ? { status: 400, code: 'invalid_text' }
            : { status: 403, code: 'forbidden' };
          expect({ route, who, what, ...errorOf(answer) }).toEqual({
            route,
            who,
            what,
            ...expected,
          });
          checked += 1;
        }
      }
    }
    expect(changedTables(before, await tableDigests(db))).toEqual([]);
    expect(checked).toBeGreaterThan(300);
  });

  it('refuses a NUL in the query of every read that takes one, as every role', async () => {
    const before = await tableDigests(db);
    const reads = contractEndpoints().filter((spec) => spec.method === 'GET');
    expect(reads.filter((spec) => spec.query !== undefined).length).toBeGreaterThan(5);
    for (const spec of reads) {
      const route = `${spec.method} ${spec.path}`;
      for (const { who, caller, role } of callers) {
        const answer = await call(api, caller, 'GET', `${pathFor(spec, a.ids)}?name=a%00b`);
        // Reads without a query schema ignore the parameter; none may fail with a 5xx.
        const expected =
          spec.query === undefined
            ? { serverError: false }
            : allowed(spec, role)
              ? { status: 400, code: 'invalid_text' }
              : { status: 403, code: 'forbidden' };
        const got =
          spec.query === undefined ? { serverError: answer.status >= 500 } : errorOf(answer);
        expect({ route, who, ...got }).toEqual({ route, who, ...expected });
      }
    }
    expect(changedTables(before, await tableDigests(db))).toEqual([]);
  });

  it('refuses a host without an answer in every URL field, as every role', async () => {
    const before = await tableDigests(db);
    const urlRoutes: [EndpointSpec['method'], string, string, (url: string) => unknown][] = [
      ['POST', '/webhooks', 'admin', (url) => ({ url, events: ['run.completed'] })],
      ['PATCH', `/webhooks/${a.ids.webhook}`, 'admin', (url) => ({ url })],
      ['POST', '/targets', 'admin', (url) => configDocument('nowhere', url)],
      ['PUT', `/targets/${a.ids.target}`, 'admin', (url) => configDocument('alpha-orders', url)],
    ];
    for (const [method, path, access, body] of urlRoutes) {
      for (const { who, caller, role, foreign } of callers) {
        const answer = await call(api, caller, method, path, { body: body(NOWHERE) });
        // Another organisation's object is not found before its new URL is looked at.
        const onObject = /\/[0-9a-f-]{36}$/.test(path);
        const expected = !hasRole(role, access as Role)
          ? { status: 403, code: 'forbidden' }
          : foreign && onObject
            ? { status: 404, code: 'not_found' }
            : { status: 422, code: 'host_not_found' };
        expect({ method, path, who, ...errorOf(answer) }).toEqual({
          method,
          path,
          who,
          ...expected,
        });
      }
    }
    expect(changedTables(before, await tableDigests(db))).toEqual([]);
  });
});
