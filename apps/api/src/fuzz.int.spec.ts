import type { Db } from '@shakedown/db';
import fc from 'fast-check';

import { anonymous, call, errorOf } from '../test/client';
import { isWrite, pathFor, validBodyFor } from '../test/endpoint-samples';
import { startTestApi, type TestApi } from '../test/harness';
import { buildOrgWorld, openDb, rowCounts, type OrgWorld } from '../test/world';
import type { EndpointSpec } from '@shakedown/core/contract';
import { collectEndpoints } from './openapi/openapi-document';

/** What is thrown at an endpoint: the raw body text and its Content-Type. */
interface Attack {
  kind: string;
  text: string;
  contentType: string;
}

const JSON_TYPE = 'application/json';

function isMalformedJson(text: string): boolean {
  if (text.trim() === '') return false;
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
}

const jsonOfType: Record<string, fc.Arbitrary<unknown>> = {
  string: fc.string({ maxLength: 30 }),
  number: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
  boolean: fc.boolean(),
  null: fc.constant(null),
  array: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
  object: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), {
    maxKeys: 3,
  }),
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Bodies no endpoint may accept: each one is invalid by construction. */
function attacksOn(spec: EndpointSpec): fc.Arbitrary<Attack> {
  const valid = (validBodyFor(spec) ?? {}) as Record<string, unknown>;
  const keys = Object.keys(valid);
  const json = (kind: string) => (value: unknown) => ({
    kind,
    text: JSON.stringify(value) ?? 'null',
    contentType: JSON_TYPE,
  });
  const malformed = fc
    .oneof(
      fc.string({ maxLength: 200 }),
      fc.constantFrom(
        '{',
        '{"a":}',
        '[1,]',
        'nul',
        '{"a" 1}',
        "{'a': 1}",
        '\u0000',
        '{"a":1}}',
        'NaN',
        '{"a":"\\x"}',
      ),
      fc.jsonValue().map((value) => JSON.stringify(value).slice(0, -1)),
    )
    .filter(isMalformedJson)
    .map((text) => ({ kind: 'malformed JSON', text, contentType: JSON_TYPE }));
  const notAnObject = fc
    .oneof(
      jsonOfType.string!,
      jsonOfType.number!,
      jsonOfType.boolean!,
      jsonOfType.null!,
      jsonOfType.array!,
    )
    .map(json('not an object'));
  const unknownKey = fc
    .tuple(fc.jsonValue({ maxDepth: 3 }), fc.string({ minLength: 1, maxLength: 12 }))
    .map(([value, suffix]) => ({ ...valid, [`__fuzz_${suffix}`]: value }))
    .map(json('unknown key'));
  const randomObject = fc
    .dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 })
    .map((value) => ({ ...value, __fuzz: true }))
    .map(json('random object'));
  const wrongType =
    keys.length === 0
      ? unknownKey
      : fc
          .constantFrom(...keys)
          .chain((key) =>
            fc
              .constantFrom(
                ...Object.keys(jsonOfType).filter((type) => type !== typeOf(valid[key])),
              )
              .chain((type) => jsonOfType[type]!)
              .map((value) => ({ ...valid, [key]: value })),
          )
          .map(json('wrong type'));
  const huge = fc
    .integer({ min: 65 * 1024, max: 200 * 1024 })
    .map((size) => ({ ...valid, __fuzz: 'x'.repeat(size) }))
    .map(json('huge'));
  const deep = fc
    .tuple(fc.integer({ min: 33, max: 5000 }), fc.boolean())
    .map(([depth, objects]) => ({
      kind: 'deeply nested',
      text: objects
        ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
        : `${'['.repeat(depth)}${']'.repeat(depth)}`,
      contentType: JSON_TYPE,
    }));
  const wrongMediaType = fc
    .constantFrom(
      'text/plain',
      'application/xml',
      'application/x-www-form-urlencoded',
      'application/json; charset=latin1',
    )
    .map((contentType) => ({
      kind: 'wrong media type',
      text: JSON.stringify({ ...valid, __fuzz: 1 }),
      contentType,
    }));
  return fc.oneof(
    malformed,
    notAnObject,
    unknownKey,
    randomObject,
    wrongType,
    huge,
    deep,
    wrongMediaType,
  );
}

describe('property: malformed input never gets a 5xx nor stores anything', () => {
  let api: TestApi;
  let db: Db;
  let a: OrgWorld;

  beforeAll(async () => {
    api = await startTestApi({
      RATE_LIMIT_PRINCIPAL_PER_MINUTE: '100000',
      RATE_LIMIT_ORG_PER_MINUTE: '100000',
      RATE_LIMIT_SIGN_IN_PER_MINUTE: '100000',
      RATE_LIMIT_SIGN_UP_PER_HOUR: '100000',
    });
    db = openDb(api);
    a = await buildOrgWorld(api, db, 'fuzzed');
  }, 180_000);

  afterAll(async () => {
    await db.$disconnect();
    await api.close();
  });

  it('answers every random malformed body at every write endpoint with a 4xx in the error shape', async () => {
    const writes = collectEndpoints(api.app).filter(isWrite);
    expect(writes.length).toBeGreaterThan(18);
    const before = await rowCounts(db);
    for (const spec of writes) {
      const caller = spec.access === 'public' ? anonymous : a.owner;
      await fc.assert(
        fc.asyncProperty(attacksOn(spec), async (attack) => {
          const answer = await call(api, caller, spec.method, pathFor(spec, a.ids), {
            rawBody: attack.text,
            headers: { 'Content-Type': attack.contentType },
          });
          const { status } = errorOf(answer);
          if (status < 400 || status > 499) {
            throw new Error(
              `${spec.method} ${spec.path} answered ${status} to ${attack.kind}: ${answer.text.slice(0, 300)}`,
            );
          }
        }),
        { numRuns: 30, endOnFailure: true },
      );
    }
    expect(await rowCounts(db)).toEqual(before);
  });
});
