import { randomBytes } from 'node:crypto';

import type { Route } from '../../config/config.schema';
import type { FindingCode } from '../../findings/catalogue';
import { withUnknownFields } from '../body-mutations';
import { describeOutcome, describeRequest, isSuccess } from '../describe-result';
import { deepEqual, valuesOfKey, type JsonObject } from '../json-tools';
import type { ProbeContext } from '../probe-context';
import type { CheckScope } from '../route-checks';
import { readBack } from './read-back';
import { writeAndReadBack } from './stored-write';

export const UNKNOWN_FIELD = 'schema.unknown_field_persisted' satisfies FindingCode;

/** The sample body plus fields the API never declared (a random marker, isAdmin, role): none may be stored. */
export async function checkUnknownFields(
  context: ProbeContext,
  route: Route,
  check: CheckScope,
): Promise<void> {
  const actor = context.primary;
  const sample = route.body as JsonObject;
  const marker = `shakedown_probe_${randomBytes(3).toString('hex')}`;
  const markerValue = `injected-${randomBytes(4).toString('hex')}`;
  const { body, injected } = withUnknownFields(sample, marker, markerValue);
  const names = Object.keys(injected);
  const { created, answer, back } = await writeAndReadBack(context, route, check, {
    body,
    note: `the sample body plus ${names.join(', ')}`,
  });
  const shows = (source: unknown, key: string) =>
    valuesOfKey(source, key).some((value) => deepEqual(value, injected[key]));
  let stored = names.filter((key) => shows(back.source, key));
  const exchanges = [...back.exchanges];
  if (!shows(back.source, marker) && stored.length > 0) {
    // isAdmin / role could be the object's own defaults: compare with an object created from the plain sample.
    const control = await context.sendSample(route, actor, {
      note: 'control: the plain sample body',
    });
    context.track(route, actor, control);
    if (!isSuccess(control)) {
      check.skip(
        `${stored.join(', ')} showed up, but the control request with the plain sample ${describeOutcome(control)}`,
      );
    }
    const controlBack = await readBack(context, route, check, control);
    stored = stored.filter((key) => !shows(controlBack.source, key));
    exchanges.push(...controlBack.exchanges);
  }
  if (stored.length === 0) check.pass();
  const shown = stored.map((key) => `${key}: ${JSON.stringify(injected[key])}`).join(', ');
  check.fail({
    title: `Fields the API never accepted were stored: ${stored.join(', ')}`,
    detail: `${describeRequest(created)} answered ${answer.status} to the sample body plus ${names.join(', ')}, and ${back.how} shows ${shown}. Unknown fields must be rejected (4xx) or dropped.`,
    evidence: { exchanges },
  });
}
