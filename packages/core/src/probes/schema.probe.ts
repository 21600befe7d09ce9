import { randomBytes } from 'node:crypto';

import type { Route } from '../config/config.schema';
import type { FindingCode } from '../findings/catalogue';
import type { HttpResult } from '../http/http-types';
import type { Exchange } from '../report/report.schema';
import { NESTING_DEPTH, withDeepNesting, withUnknownFields, withWrongType } from './body-mutations';
import { deepEqual, isObject, unwrapObject, valuesOfKey, type JsonObject } from './json-tools';
import {
  describeOutcome,
  describeRequest,
  isSuccess,
  isolated,
  type Actor,
  type Phase,
  type ProbeContext,
  type RouteChecks,
} from './probe-context';

const UNKNOWN_FIELD = 'schema.unknown_field_persisted' satisfies FindingCode;
const WRONG_TYPE = 'schema.wrong_type_accepted' satisfies FindingCode;
const DEEP_NESTING = 'schema.deep_nesting_accepted' satisfies FindingCode;
const MALFORMED = 'schema.malformed_json_5xx';

type ReadBack =
  { ok: true; source: unknown; exchanges: Exchange[]; how: string } | { ok: false; reason: string };

/**
 * What the API kept of a write: `resource.read` of the created id when the route has one, else
 * the create answer itself (docs/spec/findings.md: "a read-back (resource.read, or the create answer itself)").
 */
async function readBack(
  context: ProbeContext,
  route: Route,
  actor: Actor,
  created: HttpResult,
): Promise<ReadBack> {
  const id = context.idOf(route, created);
  if (route.resource?.read && id !== undefined) {
    const read = await context.read(route, actor, id, 'read-back of what was stored');
    if (isSuccess(read) && read.answer!.json !== undefined) {
      return {
        ok: true,
        source: read.answer!.json,
        exchanges: [created.exchange, read.exchange],
        how: `the read-back ${describeRequest(read)}`,
      };
    }
    if (!isObject(created.answer?.json)) {
      return {
        ok: false,
        reason: `the read-back ${describeRequest(read)} ${describeOutcome(read)}`,
      };
    }
  }
  if (isObject(created.answer?.json)) {
    return {
      ok: true,
      source: created.answer.json,
      exchanges: [created.exchange],
      how: 'the create answer',
    };
  }
  return {
    ok: false,
    reason:
      'nothing shows what was stored: the answer is not a JSON object and the route has no resource.read',
  };
}

async function checkUnknownFields(
  context: ProbeContext,
  route: Route,
  checks: RouteChecks,
): Promise<void> {
  const actor = context.primary;
  const sample = route.body as JsonObject;
  const marker = `shakedown_probe_${randomBytes(3).toString('hex')}`;
  const markerValue = `injected-${randomBytes(4).toString('hex')}`;
  const { body, injected } = withUnknownFields(sample, marker, markerValue);
  const names = Object.keys(injected);
  const created = await context.send(route, actor, {
    body,
    note: `the sample body plus ${names.join(', ')}`,
  });
  context.track(route, actor, created);
  if (!created.answer) {
    checks.settle(UNKNOWN_FIELD, {
      status: 'error',
      reason: `the request ${describeOutcome(created)}`,
    });
    return;
  }
  if (!isSuccess(created)) {
    checks.settle(UNKNOWN_FIELD, { status: 'passed' });
    return;
  }
  const back = await readBack(context, route, actor, created);
  if (!back.ok) {
    checks.settle(UNKNOWN_FIELD, { status: 'skipped', reason: back.reason });
    return;
  }
  const shows = (key: string) =>
    valuesOfKey(back.source, key).some((value) => deepEqual(value, injected[key]));
  const markerStored = shows(marker);
  let stored = names.filter(shows);
  const exchanges = [...back.exchanges];
  if (!markerStored && stored.length > 0) {
    // isAdmin / role could be the object's own defaults: compare with an object created from the plain sample.
    const control = await context.sendSample(route, actor, {
      note: 'control: the plain sample body',
    });
    context.track(route, actor, control);
    if (!isSuccess(control)) {
      checks.settle(UNKNOWN_FIELD, {
        status: 'skipped',
        reason: `${stored.join(', ')} showed up, but the control request with the plain sample ${describeOutcome(control)}`,
      });
      return;
    }
    const controlBack = await readBack(context, route, actor, control);
    if (!controlBack.ok) {
      checks.settle(UNKNOWN_FIELD, { status: 'skipped', reason: controlBack.reason });
      return;
    }
    stored = stored.filter(
      (key) =>
        !valuesOfKey(controlBack.source, key).some((value) => deepEqual(value, injected[key])),
    );
    exchanges.push(...controlBack.exchanges);
  }
  if (stored.length === 0) {
    checks.settle(UNKNOWN_FIELD, { status: 'passed' });
    return;
  }
  const shown = stored.map((key) => `${key}: ${JSON.stringify(injected[key])}`).join(', ');
  checks.settle(UNKNOWN_FIELD, {
    status: 'failed',
    title: `Fields the API never accepted were stored: ${stored.join(', ')}`,
    detail: `${describeRequest(created)} answered ${created.answer.status} to the sample body plus ${names.join(', ')}, and ${back.how} shows ${shown}. Unknown fields must be rejected (4xx) or dropped.`,
    evidence: { exchanges },
  });
}

async function checkWrongType(
  context: ProbeContext,
  route: Route,
  checks: RouteChecks,
): Promise<void> {
  const actor = context.primary;
  const mutation = withWrongType(route.body as JsonObject, randomBytes(3).toString('hex'))!;
  const created = await context.send(route, actor, {
    body: mutation.body,
    note: `"${mutation.field}" sent as ${mutation.to === 'object' ? 'an object' : 'a string'} instead of a ${mutation.from}`,
  });
  context.track(route, actor, created);
  if (!created.answer) {
    checks.settle(WRONG_TYPE, {
      status: 'error',
      reason: `the request ${describeOutcome(created)}`,
    });
    return;
  }
  if (!isSuccess(created)) {
    checks.settle(WRONG_TYPE, { status: 'passed' });
    return;
  }
  const back = await readBack(context, route, actor, created);
  if (!back.ok) {
    checks.settle(WRONG_TYPE, { status: 'skipped', reason: back.reason });
    return;
  }
  const object = unwrapObject(back.source);
  if (!object || !(mutation.field in object)) {
    checks.settle(WRONG_TYPE, {
      status: 'skipped',
      reason: `${back.how} does not show "${mutation.field}", so whether the wrong type was stored cannot be told`,
    });
    return;
  }
  if (!deepEqual(object[mutation.field], mutation.value)) {
    checks.settle(WRONG_TYPE, { status: 'passed' });
    return;
  }
  checks.settle(WRONG_TYPE, {
    status: 'failed',
    title: `"${mutation.field}" was stored as ${mutation.to === 'object' ? 'an object' : 'a string'} instead of a ${mutation.from}`,
    detail: `${describeRequest(created)} answered ${created.answer.status} to the sample body with "${mutation.field}": ${JSON.stringify(mutation.value)}, and ${back.how} holds that value. Wrong types must be rejected with a 4xx naming the field.`,
    evidence: { exchanges: back.exchanges },
  });
}

async function checkMalformedJson(
  context: ProbeContext,
  route: Route,
  checks: RouteChecks,
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
    checks.settle(MALFORMED, {
      status: 'failed',
      title: first.result.answer
        ? `Malformed JSON got ${first.result.answer.status} instead of a 4xx`
        : 'Malformed JSON dropped the connection without an answer',
      detail: `${describeRequest(first.result)}: ${what.join('; ')}. Client mistakes must get a 4xx (400, or 415 for a wrong Content-Type).`,
      evidence: { exchanges: bad.map(({ result }) => result.exchange) },
    });
    return;
  }
  const unanswered = results.find(({ result }) => !result.answer);
  if (unanswered) {
    checks.settle(MALFORMED, {
      status: 'error',
      reason: `${unanswered.name} ${describeOutcome(unanswered.result)}`,
    });
    return;
  }
  checks.settle(MALFORMED, { status: 'passed' });
}

async function checkDeepNesting(
  context: ProbeContext,
  route: Route,
  checks: RouteChecks,
): Promise<void> {
  const actor = context.primary;
  const nested = withDeepNesting(route.body as JsonObject)!;
  const result = await context.send(route, actor, {
    rawBody: nested.text,
    note: `"${nested.field}" replaced by arrays nested ${NESTING_DEPTH.toLocaleString('en')} levels deep`,
  });
  context.track(route, actor, result);
  if (!result.answer) {
    if (result.failure?.kind === 'reset') checks.settle(DEEP_NESTING, { status: 'passed' });
    else
      checks.settle(DEEP_NESTING, {
        status: 'error',
        reason: `the request ${describeOutcome(result)}`,
      });
    return;
  }
  if (!isSuccess(result)) {
    checks.settle(DEEP_NESTING, { status: 'passed' });
    return;
  }
  checks.settle(DEEP_NESTING, {
    status: 'failed',
    title: `A body nested ${NESTING_DEPTH.toLocaleString('en')} levels deep was accepted`,
    detail: `${describeRequest(result)} answered ${result.answer.status} to the sample body with "${nested.field}" replaced by arrays nested ${NESTING_DEPTH.toLocaleString('en')} levels deep (${Buffer.byteLength(nested.text)} bytes). Limit nesting depth in the parser or the schema and answer 400.`,
    evidence: { exchanges: [result.exchange] },
  });
}

function isValidJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function schemaSkipReason(route: Route, code: FindingCode): string | undefined {
  if (route.body === undefined) return 'the route has no sample body';
  if (code === MALFORMED) return undefined;
  if (!isObject(route.body)) return 'the sample body is not a JSON object';
  if (code === WRONG_TYPE && !withWrongType(route.body, 'x')) {
    return 'the sample body has no number, boolean or string field to change';
  }
  if (code === DEEP_NESTING && Object.keys(route.body).length === 0) {
    return 'the sample body has no field to nest into';
  }
  return undefined;
}

/** schema, the checks a healthy target needs: unknown fields and wrong types. */
export const schemaSafePhase: Phase = {
  probe: 'schema',
  codes: [UNKNOWN_FIELD, WRONG_TYPE] satisfies FindingCode[],
  sends: true,
  skipReason: (_context, route, code) => schemaSkipReason(route, code),
  async run(context, route, checks) {
    if (checks.isPending(UNKNOWN_FIELD)) {
      await isolated(checks, [UNKNOWN_FIELD], () => checkUnknownFields(context, route, checks));
    }
    if (checks.isPending(WRONG_TYPE)) {
      await isolated(checks, [WRONG_TYPE], () => checkWrongType(context, route, checks));
    }
  },
};

/** schema, the checks that might hurt the target: malformed and deeply nested JSON, run late. */
export const schemaRiskyPhase: Phase = {
  probe: 'schema',
  codes: [MALFORMED, DEEP_NESTING] satisfies FindingCode[],
  sends: true,
  skipReason: (_context, route, code) => schemaSkipReason(route, code),
  async run(context, route, checks) {
    if (checks.isPending(MALFORMED)) {
      await isolated(checks, [MALFORMED], () => checkMalformedJson(context, route, checks));
    }
    if (checks.isPending(DEEP_NESTING)) {
      await isolated(checks, [DEEP_NESTING], () => checkDeepNesting(context, route, checks));
    }
  },
};
