import { parseConfigDocument } from '../config/parse-config';
import { runProbes } from '../probes';
import type { Report } from '../report/report.schema';
import { corpusText, draft, leftOutOf, routeOf } from '../../test/openapi/draft-helpers';
import {
  CRUD_TOKENS,
  startGeneratedCrudTarget,
  type GeneratedCrudTarget,
} from '../../test/targets/generated-crud.target';

const ENV = { TENANT_A_JWT: CRUD_TOKENS.alice, TENANT_B_JWT: CRUD_TOKENS.bob };
const IDEMPOTENCY_CODES = /^idempotency\./;

async function runIdempotency(config: Record<string, unknown>): Promise<Report> {
  const parsed = parseConfigDocument(config, { env: ENV });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return runProbes(parsed.config, { include: ['idempotency'] });
}

describe('the import on a generated CRUD API (issue 11)', () => {
  let target: GeneratedCrudTarget;
  beforeEach(async () => {
    target = await startGeneratedCrudTarget();
  });
  afterEach(async () => {
    await target.close();
  });

  it('never sends the primary key, leaves the bulk writes out, and the run reports nothing false', async () => {
    const result = await draft(corpusText('generated-crud-swagger-2.0.yaml'), {
      baseUrl: target.url,
    });
    const create = routeOf(result, 'POST', '/things/')!;
    // `id` is required by the shared schema (the answer always has it) and marked <pk/>.
    expect(create.body).toEqual({ title: 'sample title-{{unique}}' });
    expect(create.resource).toMatchObject({
      idPath: '/id',
      read: { method: 'GET', path: '/things/{id}' },
      delete: { method: 'DELETE', path: '/things/{id}' },
    });
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      expect(routeOf(result, method, '/things/')).toBeUndefined();
      expect(leftOutOf(result, `${method} /things/`)).toMatchObject({
        category: 'unsafe',
        canOptIn: true,
      });
    }
    expect(result.yaml).toMatch(/# {3}PUT \/things\/: bulk write/);

    const report = await runIdempotency(result.config);
    expect(report.findings.filter((finding) => IDEMPOTENCY_CODES.test(finding.code))).toEqual([]);
    expect(report.checks.filter((check) => check.status === 'passed').length).toBeGreaterThan(2);
    expect(
      target.seen.filter(
        (request) =>
          request.method !== 'GET' && request.method !== 'POST' && !/\/\d+$/.test(request.url),
      ),
    ).toEqual([]);
  });

  it('reports the false finding of the issue when the body carries the primary key (the control)', async () => {
    const result = await draft(corpusText('generated-crud-swagger-2.0.yaml'), {
      baseUrl: target.url,
    });
    const create = routeOf(result, 'POST', '/things/')!;
    create.body = { id: 1, ...(create.body as object) };
    const report = await runIdempotency(result.config);
    expect(report.findings.map((finding) => finding.code)).toContain(
      'idempotency.cross_tenant_replay',
    );
  });
});
