import { randomBytes } from 'node:crypto';

import type { Route } from '../../config/config.schema';
import type { FindingCode } from '../../findings/catalogue';
import { withWrongType } from '../body-mutations';
import { describeRequest } from '../describe-result';
import { deepEqual, unwrapObject, type JsonObject } from '../json-tools';
import type { ProbeContext } from '../probe-context';
import type { CheckScope } from '../route-checks';
import { writeAndReadBack } from './stored-write';

export const WRONG_TYPE = 'schema.wrong_type_accepted' satisfies FindingCode;

/** One field of the sample sent with the wrong type: it must be refused, or stored as its own type. */
export async function checkWrongType(
  context: ProbeContext,
  route: Route,
  check: CheckScope,
): Promise<void> {
  const mutation = withWrongType(route.body as JsonObject, randomBytes(3).toString('hex'))!;
  const sentAs = mutation.to === 'object' ? 'an object' : 'a string';
  const { created, answer, back } = await writeAndReadBack(context, route, check, {
    body: mutation.body,
    note: `"${mutation.field}" sent as ${sentAs} instead of a ${mutation.from}`,
  });
  const object = unwrapObject(back.source);
  if (!object || !(mutation.field in object)) {
    check.skip(
      `${back.how} does not show "${mutation.field}", so whether the wrong type was stored cannot be told`,
    );
  }
  if (!deepEqual(object[mutation.field], mutation.value)) check.pass();
  check.fail({
    title: `"${mutation.field}" was stored as ${sentAs} instead of a ${mutation.from}`,
    detail: `${describeRequest(created)} answered ${answer.status} to the sample body with "${mutation.field}": ${JSON.stringify(mutation.value)}, and ${back.how} holds that value. Wrong types must be rejected with a 4xx naming the field.`,
    evidence: { exchanges: back.exchanges },
  });
}
