import type { Route } from '../../config/config.schema';
import type { FindingCode } from '../../findings/catalogue';
import type { HttpResult } from '../../http/http-types';
import { describeRequest } from '../describe-result';
import { isObject } from '../json-tools';
import type { ProbeContext } from '../probe-context';
import type { CheckScope } from '../route-checks';

export const MALFORMED = 'schema.malformed_json_5xx' satisfies FindingCode;

/** Truncated JSON, JSON as text/plain, an array for an object: each must get a 4xx, never a 5xx or a reset. */
export async function checkMalformedJson(
  context: ProbeContext,
  route: Route,
  check: CheckScope,
): Promise<void> {
  const actor = context.primary;
  const text = JSON.stringify(route.body);
  let truncated = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
  if (isValidJson(truncated)) truncated += '{';
  const variants: { name: string; rawBody: string; headers?: Record<string, string> }[] = [
    { name: 'truncated JSON', rawBody: truncated },
    { name: 'JSON sent as text/plain', rawBody: text, headers: { 'content-type': 'text/plain' } },
  ];
  if (isObject(route.body))
    variants.push({ name: 'a JSON array where an object is due', rawBody: `[${text}]` });
  const results: { name: string; result: HttpResult }[] = [];
  for (const variant of variants) {
    const result = await context.send(route, actor, {
      rawBody: variant.rawBody,
      ...(variant.headers ? { headers: variant.headers } : {}),
      note: variant.name,
    });
    context.track(route, actor, result);
    await context.afterRisky(result);
    results.push({ name: variant.name, result });
  }
  const bad = results.filter(
    ({ result }) =>
      (result.answer && result.answer.status >= 500) ||
      (result.failure && (result.failure.kind === 'reset' || result.failure.kind === 'other')),
  );
  if (bad.length > 0) {
    const what = bad.map(
      ({ name, result }) =>
        `${name} ${result.answer ? `got ${result.answer.status}` : `dropped the connection without an answer (${result.failure!.message})`}`,
    );
    const first = bad[0]!;
    check.fail({
      title: first.result.answer
        ? `Malformed JSON got ${first.result.answer.status} instead of a 4xx`
        : 'Malformed JSON dropped the connection without an answer',
      detail: `${describeRequest(first.result)}: ${what.join('; ')}. Client mistakes must get a 4xx (400, or 415 for a wrong Content-Type).`,
      evidence: { exchanges: bad.map(({ result }) => result.exchange) },
    });
  }
  for (const { name, result } of results) check.requireAnswer(result, name);
  check.pass();
}

function isValidJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
