import type { Route } from '../../config/config.schema';
import type { FindingCode } from '../../findings/catalogue';
import type { Exchange } from '../../report/report.schema';
import { isSuccess } from '../describe-result';
import { deepEqual, valuesOfKey, type JsonObject } from '../json-tools';
import type { ProbeContext } from '../probe-context';
import type { CheckScope } from '../route-checks';
import { constraintViolations, type Violation } from './constraint-violations';
import { readBack } from './read-back';

export const CONSTRAINT = 'schema.constraint_violation_persisted' satisfies FindingCode;

interface Stored {
  violation: Violation;
  shown: string;
  exchanges: Exchange[];
}

function describeViolation({ field, constraint, value }: Violation): string {
  return constraint === 'required'
    ? `"${field}" left out (required)`
    : `"${field}" set to ${JSON.stringify(value)} (breaks ${constraint})`;
}

/**
 * The sample body with one constraint of the route's body schema broken at a time: a 2xx whose
 * read-back holds the violating value (or, for `required`, lacks the field a plain sample's
 * read-back shows) is the finding. Rejecting, dropping or correcting the value passes.
 */
export async function checkConstraintViolations(
  context: ProbeContext,
  route: Route,
  check: CheckScope,
): Promise<void> {
  const actor = context.primary;
  const violations = constraintViolations(route.body as JsonObject, route.bodySchema!);
  const stored: Stored[] = [];
  let answered = 0;
  let control: Promise<unknown> | undefined;
  for (const violation of violations) {
    const created = await context.send(route, actor, {
      body: violation.body,
      note: `the sample body with ${describeViolation(violation)}`,
    });
    context.track(route, actor, created);
    if (created.answer) answered += 1;
    if (!isSuccess(created)) continue;
    const back = await readBack(context, route, check, created);
    const values = valuesOfKey(back.source, violation.field);
    if (violation.constraint === 'required') {
      if (values.length > 0) continue;
      // Proof needs the field to show when it is sent: a plain sample's read-back.
      control ??= sampleReadBack(context, route, check);
      const shown = valuesOfKey(await control, violation.field);
      if (shown.length === 0) continue;
      stored.push({
        violation,
        shown: `${back.how} has no "${violation.field}"`,
        exchanges: back.exchanges,
      });
      continue;
    }
    if (!values.some((value) => deepEqual(value, violation.value))) continue;
    stored.push({
      violation,
      shown: `${back.how} holds ${JSON.stringify(violation.value)}`,
      exchanges: back.exchanges,
    });
  }
  if (violations.length > 0 && answered === 0) check.error('none of the requests got an answer');
  const first = stored[0];
  if (!first) check.pass();
  const { field, constraint } = first.violation;
  check.fail({
    title:
      constraint === 'required'
        ? `A body without the required "${field}" was stored`
        : `A "${field}" that breaks "${constraint}" was stored`,
    detail: `${route.method} ${route.path} answered 2xx to ${stored
      .map((item) => `${describeViolation(item.violation)}: ${item.shown}`)
      .join(
        '; ',
      )}. Validate bodies against every keyword of the schema the API declares and answer 400 or 422.`,
    evidence: {
      exchanges: stored.flatMap((item) => item.exchanges),
      constraints: stored.map((item) => ({
        field: item.violation.field,
        constraint: item.violation.constraint,
      })),
    },
  });
}

/** What the API keeps of the plain sample (the control for a missing required field). */
async function sampleReadBack(
  context: ProbeContext,
  route: Route,
  check: CheckScope,
): Promise<unknown> {
  const actor = context.primary;
  const plain = await context.sendSample(route, actor, { note: 'control: the plain sample body' });
  context.track(route, actor, plain);
  if (!isSuccess(plain)) return undefined;
  return (await readBack(context, route, check, plain)).source;
}
