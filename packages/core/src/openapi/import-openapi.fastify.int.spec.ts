import { runProbes } from '../probes';
import { CONSTRAINT } from '../probes/schema/constraint-violation.check';
import type { Report } from '../report/report.schema';
import { configOfYaml, draft, type DraftRoute } from '../../test/openapi/draft-helpers';
import {
  startFastifyWidgets,
  type FastifyWidgets,
  type FastifyWidgetsOptions,
} from '../../test/targets/fastify-widgets.target';
import { checkOf, findingOf } from '../../test/targets/run-probe';
import { WIDGET_CONSTRAINTS } from '../../test/targets/widgets.target';

/**
 * A framework other people wrote: fastify validates bodies with its own ajv against the route's
 * JSON Schema, and @fastify/swagger writes the document from the same routes. The document is
 * fetched from the running server, imported as it is, and the draft's YAML run.
 */
describe.each<FastifyWidgetsOptions['spec']>(['openapi', 'swagger'])(
  'fastify with @fastify/swagger (%s)',
  (spec) => {
    let app: FastifyWidgets | undefined;
    afterEach(async () => {
      await app?.close();
      app = undefined;
    });

    async function importAndRun(
      validation: boolean,
    ): Promise<{ report: Report; route: DraftRoute }> {
      app = await startFastifyWidgets({ spec, validation });
      const document = await fetch(`${app.url}/openapi.json`);
      expect(document.status).toBe(200);
      const result = await draft(await document.text(), { baseUrl: app.url });
      const route = result.routes.find((candidate) => candidate.method === 'POST')!;
      return { report: await runProbes(configOfYaml(result), { include: ['schema'] }), route };
    }

    it('imports the document fastify serves; its validation leaves nothing to report', async () => {
      const { report, route } = await importAndRun(true);
      expect(route.bodySchema).toMatchObject({
        required: ['name', 'kind', 'qty', 'sku', 'address'],
      });
      expect(checkOf(report, CONSTRAINT, route.id).status).toBe('passed');
      expect(report.findings).toEqual([]);
    });

    it('with fastify told to validate nothing, the same draft finds every constraint stored', async () => {
      const { report, route } = await importAndRun(false);
      // fastify's response serializer writes a `const` as the const whatever was stored, and
      // answers 500 for a stored widget without its address's required zip: neither read-back
      // shows the violation, so neither is reported.
      const unseen = ['const: "mm"', 'address.zip required'];
      expect(findingOf(report, CONSTRAINT, route.id).evidence.constraints).toEqual(
        WIDGET_CONSTRAINTS.filter(
          ({ field, constraint }) =>
            !unseen.includes(constraint) && !unseen.includes(`${field} ${constraint}`),
        ),
      );
    });
  },
);
