import type { Route } from '../../config/config.schema';
import type { FindingCode } from '../../findings/catalogue';
import { NESTING_DEPTH, withDeepNesting } from '../body-mutations';
import { describeRequest, isSuccess } from '../describe-result';
import type { JsonObject } from '../json-tools';
import type { ProbeContext } from '../probe-context';
import type { CheckScope } from '../route-checks';

export const DEEP_NESTING = 'schema.deep_nesting_accepted' satisfies FindingCode;

/** A field replaced by arrays nested {@link NESTING_DEPTH} deep: refusing it, or closing the connection, passes. */
export async function checkDeepNesting(
  context: ProbeContext,
  route: Route,
  check: CheckScope,
): Promise<void> {
  const actor = context.primary;
  const nested = withDeepNesting(route.body as JsonObject)!;
  const depth = NESTING_DEPTH.toLocaleString('en');
  const result = await context.send(route, actor, {
    rawBody: nested.text,
    note: `"${nested.field}" replaced by arrays nested ${depth} levels deep`,
  });
  context.track(route, actor, result);
  await context.afterRisky(result);
  if (result.failure?.kind === 'reset') check.pass();
  const answer = check.requireAnswer(result, 'the request');
  if (!isSuccess(result)) check.pass();
  check.fail({
    title: `A body nested ${depth} levels deep was accepted`,
    detail: `${describeRequest(result)} answered ${answer.status} to the sample body with "${nested.field}" replaced by arrays nested ${depth} levels deep (${Buffer.byteLength(nested.text)} bytes). Limit nesting depth in the parser or the schema and answer 400.`,
    evidence: { exchanges: [result.exchange] },
  });
}
