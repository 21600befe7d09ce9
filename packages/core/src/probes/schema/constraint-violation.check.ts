import type { Route } from '../../config/config.schema';
import type { FindingCode } from '../../findings/catalogue';
import type { Exchange } from '../../report/report.schema';
import { isSuccess } from '../describe-result';
import { deepEqual, valuesAtPath, type JsonObject } from '../json-tools';
import type { ProbeContext } from '../probe-context';
import type { CheckScope } from '../route-checks';
import { constraintViolations, MAX_VIOLATIONS, type Violation } from './constraint-violations';
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

/** What one route's violations share: its controls, each sent at most once. */
class Controls {
  private readonly sent = new Map<string, Promise<unknown>>();

  constructor(
    private readonly context: ProbeContext,
    private readonly route: Route,
    private readonly check: CheckScope,
  ) {}

  /** What the API keeps of the plain sample (the control for a missing required field). */
  plain(): Promise<unknown> {
    return this.readBackOf('', this.route.body as JsonObject, 'control: the plain sample body');
  }

  /** What the API keeps of `body` (the sample with one field left out). */
  readBackOf(key: string, body: JsonObject, note: string): Promise<unknown> {
    let kept = this.sent.get(key);
    if (!kept) {
      kept = this.store(body, note);
      this.sent.set(key, kept);
    }
    return kept;
  }

  private async store(body: JsonObject, note: string): Promise<unknown> {
    const { context, route, check } = this;
    const created = await context.send(route, context.primary, { body, note });
    context.track(route, context.primary, created);
    if (!isSuccess(created)) return undefined;
    return (await readBack(context, route, check, created)).source;
  }
}

/**
 * Whether `back` proves `violation` stored: it holds the violating value at the violation's
 * path, or, for `required`, lacks a field the plain sample's read-back shows there. An empty
 * string or array is proof only when leaving the field out does not read back the same: else it
 * may be the default of a value the server ignored.
 */
async function proves(violation: Violation, back: unknown, controls: Controls): Promise<boolean> {
  const { path, field } = violation;
  const values = valuesAtPath(back, path);
  if (violation.constraint === 'required') {
    if (values.length > 0) return false;
    const sample = await controls.plain();
    return valuesAtPath(sample, path).length > 0;
  }
  if (!values.some((value) => deepEqual(value, violation.value))) return false;
  if (!violation.emptyLike) return true;
  const without = await controls.readBackOf(
    field,
    leftOut(violation),
    `control: the sample body without "${field}"`,
  );
  return !valuesAtPath(without, path).some((value) => deepEqual(value, violation.value));
}

/** The violation's body with its field left out instead. */
function leftOut({ body, path }: Violation): JsonObject {
  const copy = structuredClone(body);
  let holder: JsonObject = copy;
  for (const key of path.slice(0, -1)) holder = holder[key] as JsonObject;
  delete holder[path.at(-1)!];
  return copy;
}

/**
 * The sample body with one constraint of the route's body schema broken at a time (at most
 * {@link MAX_VIOLATIONS}): a 2xx whose read-back holds the violating value at its path (or, for
 * `required`, lacks the field a plain sample's read-back shows) is the finding. Rejecting,
 * dropping, trimming or correcting the value passes.
 */
export async function checkConstraintViolations(
  context: ProbeContext,
  route: Route,
  check: CheckScope,
): Promise<void> {
  const actor = context.primary;
  const all = constraintViolations(route.body as JsonObject, route.bodySchema!);
  const violations = all.slice(0, MAX_VIOLATIONS);
  const controls = new Controls(context, route, check);
  const stored: Stored[] = [];
  let answered = 0;
  for (const violation of violations) {
    const created = await context.send(route, actor, {
      body: violation.body,
      note: `the sample body with ${describeViolation(violation)}`,
    });
    context.track(route, actor, created);
    if (created.answer) answered += 1;
    if (!isSuccess(created)) continue;
    const back = await readBack(context, route, check, created);
    if (!(await proves(violation, back.source, controls))) continue;
    stored.push({
      violation,
      shown:
        violation.constraint === 'required'
          ? `${back.how} has no "${violation.field}"`
          : `${back.how} holds ${JSON.stringify(violation.value)}`,
      exchanges: back.exchanges,
    });
  }
  if (violations.length > 0 && answered === 0) check.error('none of the requests got an answer');
  const first = stored[0];
  if (!first) check.pass();
  const { field, constraint } = first.violation;
  const capped =
    all.length > violations.length
      ? ` Only the first ${violations.length} of ${all.length} constraints were tried (at most ${MAX_VIOLATIONS} a route).`
      : '';
  check.fail({
    title:
      constraint === 'required'
        ? `A body without the required "${field}" was stored`
        : `A "${field}" that breaks "${constraint}" was stored`,
    detail: `${route.method} ${route.path} answered 2xx to ${stored
      .map((item) => `${describeViolation(item.violation)}: ${item.shown}`)
      .join(
        '; ',
      )}. Validate bodies against every keyword of the schema the API declares and answer 400 or 422.${capped}`,
    evidence: {
      exchanges: stored.flatMap((item) => item.exchanges),
      constraints: stored.map((item) => ({
        field: item.violation.field,
        constraint: item.violation.constraint,
      })),
    },
  });
}
