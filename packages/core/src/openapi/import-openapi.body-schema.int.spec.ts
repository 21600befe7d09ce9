import { runProbes } from '../probes';
import { CONSTRAINT } from '../probes/schema/constraint-violation.check';
import type { Report } from '../report/report.schema';
import { configOfYaml, draft } from '../../test/openapi/draft-helpers';
import { checkOf, findingOf } from '../../test/targets/run-probe';
import {
  startWidgetsTarget,
  WIDGET_CONSTRAINTS,
  WIDGETS_DOCUMENT,
  type WidgetsBehaviour,
  type WidgetsTarget,
} from '../../test/targets/widgets.target';

/** The document imported as it is, the draft's YAML read back as a config, the schema probe run. */
async function importAndRun(target: WidgetsTarget): Promise<Report> {
  const result = await draft(JSON.stringify(WIDGETS_DOCUMENT), { baseUrl: target.url });
  return runProbes(configOfYaml(result), { include: ['schema'] });
}

describe('the imported bodySchema against real servers (schema.constraint_violation_persisted)', () => {
  let target: WidgetsTarget | undefined;
  const start = async (behaviour: WidgetsBehaviour) =>
    (target = await startWidgetsTarget(behaviour));
  afterEach(async () => {
    await target?.close();
    target = undefined;
  });

  it('fires on a server that stores what the document forbids, naming each constraint', async () => {
    const report = await importAndRun(await start('store'));
    const finding = findingOf(report, CONSTRAINT, 'createWidget');
    expect(finding.evidence.constraints).toEqual(WIDGET_CONSTRAINTS);
    expect(finding.detail).toMatch(
      /"qty" set to 0 \(breaks minimum: 1\): the read-back GET \/widgets\/\d+ holds 0/,
    );
    expect(finding.detail).toMatch(
      /"address.zip" set to "x{11}" \(breaks maxLength: 10\): the read-back GET \/widgets\/\d+ holds "x{11}"/,
    );
    expect(finding.detail).toMatch(/"tags" set to \["item-1","item-1"\] \(breaks uniqueItems\)/);
    // Replayable: each create carries the violating value, its read-back shows it stored.
    const zip = finding.evidence.exchanges.findIndex((exchange) =>
      exchange.request.bodyPreview?.includes('"zip":"xxxxxxxxxxx"'),
    );
    expect(finding.evidence.exchanges[zip + 1]!.response?.bodyPreview).toContain(
      '"zip":"xxxxxxxxxxx"',
    );
    // The server stored every body: these are all the check sent. Never a format, the readOnly
    // id, a null, a oneOf branch or a map's value.
  });

  it('stays silent on a server that follows its document, format left unchecked', async () => {
    const report = await importAndRun(await start('validate'));
    const check = checkOf(report, CONSTRAINT, 'createWidget');
    expect(check).toMatchObject({ status: 'passed' });
    expect(report.findings.filter((finding) => finding.code === CONSTRAINT)).toEqual([]);
    // It did break each constraint, and the server refused each.
    for (const refusal of [
      /\/name must NOT have more than 20 characters/,
      /\/kind must be equal to one of the allowed values/,
      /\/qty must be >= 1/,
      /\/sku must match pattern/,
      /\/note must NOT have more than 10 characters/,
      /must have required property 'sku'/,
      /\/code must NOT have fewer than 3 characters/,
      /\/pack must be multiple of 6/,
      /\/unit must be equal to constant/,
      /\/tags must NOT have fewer than 1 items/,
      /\/tags must NOT have more than 2 items/,
      /\/tags must NOT have duplicate items/,
      /\/address\/zip must NOT have more than 10 characters/,
      /\/address\/street must NOT have fewer than 2 characters/,
      /\/address must have required property 'zip'/,
    ]) {
      expect(target!.refused).toContainEqual(expect.stringMatching(refusal));
    }
  });

  it('leaves out what a normalising server repairs: trimmed, padded, defaulted, deduplicated, moved', async () => {
    const report = await importAndRun(await start('normalise'));
    const finding = findingOf(report, CONSTRAINT, 'createWidget');
    const repaired = [
      'code minLength: 3',
      'address.street minLength: 2',
      'tags minItems: 1',
      'tags uniqueItems',
      // The long zip is read back, but as a top-level "zip": not where it was sent.
      'address.zip maxLength: 10',
      'address.zip required',
    ];
    expect(finding.evidence.constraints).toEqual(
      WIDGET_CONSTRAINTS.filter(
        ({ field, constraint }) => !repaired.includes(`${field} ${constraint}`),
      ),
    );
    // The empty `tags` was stored as sent, and proves nothing: a widget without tags reads back
    // the same `[]`. The control that showed it is a request of its own.
    expect(target!.seen.filter((request) => request.method === 'POST').length).toBeGreaterThan(
      WIDGET_CONSTRAINTS.length,
    );
  });

  it('tries at most 24 constraints a route, and says so when it stops short', async () => {
    await start('store');
    const result = await draft(JSON.stringify(WIDGETS_DOCUMENT), { baseUrl: target!.url });
    const config = configOfYaml(result);
    const route = config.routes.find((candidate) => candidate.id === 'createWidget')!;
    const extra = Array.from({ length: 12 }, (_, index) => [
      `f${index}`,
      { type: 'integer', maximum: 0 },
    ]);
    route.bodySchema = {
      ...route.bodySchema,
      properties: { ...(route.bodySchema!.properties as object), ...Object.fromEntries(extra) },
    };
    const report = await runProbes(config, { include: ['schema'] });
    const finding = findingOf(report, CONSTRAINT, 'createWidget');
    expect(finding.evidence.constraints).toHaveLength(24);
    expect(finding.detail).toMatch(
      /Only the first 24 of 31 constraints were tried \(at most 24 a route\)\.$/,
    );
  });
});
