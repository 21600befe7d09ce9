import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { importOpenApi } from './import-openapi';
import { parseConfigDocument } from '../config/parse-config';
import { corpusText } from '../../test/openapi/draft-helpers';

/** ReadMe's published examples: Swagger 2.0, OpenAPI 3.0 and 3.1, real APIs among them. */
const OAS_EXAMPLES = path.dirname(require.resolve('@readme/oas-examples/package.json'));

function oasExamples(): [string, string][] {
  return ['2.0', '3.0', '3.1'].flatMap((version) => {
    const folder = path.join(OAS_EXAMPLES, version, 'json');
    return readdirSync(folder)
      .filter((file) => file.endsWith('.json'))
      .map((file): [string, string] => [
        `oas-examples ${version}/${file}`,
        path.join(folder, file),
      ]);
  });
}

const CORPUS: [string, () => string][] = [
  ['GitHub (@octokit/openapi, api.github.com)', () => corpusText('github-api.json.gz')],
  ["Shakedown's own /api/docs.json", () => corpusText('shakedown-api.json')],
  ['payments, OpenAPI 3.1 with oneOf and null types', () => corpusText('payments-3.1.yaml')],
  ['a generated CRUD layer, Swagger 2.0', () => corpusText('generated-crud-swagger-2.0.yaml')],
  ...oasExamples().map(([name, file]): [string, () => string] => [
    name,
    () => readFileSync(file, 'utf8'),
  ]),
];

/**
 * ReadMe's feature examples where every operation is rightly left out, and why: the only
 * operations act on an existing object (`/pet/{id}`), write to one the run does not create,
 * need a security scheme the document never declares, or have no paths at all.
 */
const NOTHING_TO_DRAFT: Record<string, RegExp> = {
  'oas-examples 2.0/petstore-simple.json': /GET \/pet\/\{petId\}: needs an existing \{petId\}/,
  'oas-examples 3.0/link-example.json': /needs an existing \{username\}/,
  'oas-examples 3.0/parameters-common.json': /needs an existing \{id\}/,
  'oas-examples 3.0/parameters-extreme.json': /needs an existing \{id\}/,
  'oas-examples 3.0/petstore-simple-no-tags.json': /needs an existing \{id\}/,
  'oas-examples 3.0/petstore-simple.json': /needs an existing \{id\}/,
  'oas-examples 3.0/response-http-behavior.json': /needs api_key \(not declared\)/,
  'oas-examples 3.0/schema-encoding-style.json':
    /writes to \/form\/primitive, which the run does not create/,
  'oas-examples 3.1/petstore-simple.json': /needs an existing \{id\}/,
  'oas-examples 3.1/schema-encoding-style.json': /writes to \/form\/primitive/,
  'oas-examples 3.1/schema-validation-top-level.json':
    /needs the query parameter id-exclusive-required-schema-v4/,
  'oas-examples 3.1/webhooks.json': /has no paths/,
};

/**
 * Bodies no JSON value satisfies, or only one made to break a branch on purpose: the draft
 * keeps them with a warning that names the field. A tree node that requires a parent of its
 * own type; oneOf over open objects any object matches twice; oneOf of two identical branches.
 */
const NO_VALID_BODY: Record<string, string[]> = {
  'oas-examples 3.0/circular-request-bodies.json': ['POST /direct'],
  'oas-examples 3.0/complex-nesting.json': ['POST /multischema/of-everything'],
  'oas-examples 3.0/discriminators.json': ['POST /potentially-undefined-formData'],
  'oas-examples 3.0/polymorphism.json': [
    'POST /anything/one-of-object',
    'POST /anything/one-of-object-ref',
    'POST /one-of-complex',
  ],
};

describe('importOpenApi on a corpus of real documents', () => {
  const drafted = CORPUS.filter(([name]) => NOTHING_TO_DRAFT[name] === undefined);
  const refused = CORPUS.filter(([name]) => NOTHING_TO_DRAFT[name] !== undefined);

  it.each(drafted)('%s drafts a valid config whose every sample is valid', async (name, read) => {
    const result = await importOpenApi(read(), { baseUrl: 'http://127.0.0.1:4010' });
    if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.issues)}`);
    expect(parseConfigDocument(result.config)).toMatchObject({ ok: true });
    const invalidSamples = result.warnings.filter((warning) =>
      /is not valid and needs a hand/.test(warning.message),
    );
    expect(invalidSamples.map((warning) => warning.operation)).toEqual(NO_VALID_BODY[name] ?? []);
    expect(result.kept.length + result.leftOut.length).toBeGreaterThanOrEqual(
      result.source.operations,
    );
    expect(result.yaml).toContain('# Shakedown draft of');
  });

  it.each(refused)('%s has nothing to draft, and says why', async (name, read) => {
    const result = await importOpenApi(read());
    expect(result).toMatchObject({ ok: false, code: 'invalid_openapi' });
    const messages = result.ok ? [] : result.issues.map((issue) => issue.message);
    expect(messages).toContainEqual(expect.stringMatching(NOTHING_TO_DRAFT[name]!));
  });
});
