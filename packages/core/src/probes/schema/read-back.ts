import type { Route } from '../../config/config.schema';
import type { HttpResult } from '../../http/http-types';
import type { Exchange } from '../../report/report.schema';
import { describeOutcome, describeRequest, isSuccess } from '../describe-result';
import { isObject } from '../json-tools';
import type { ProbeContext } from '../probe-context';
import type { CheckScope } from '../route-checks';

/** What the API kept of a write, and the exchanges that show it. */
export interface ReadBack {
  source: unknown;
  exchanges: Exchange[];
  /** `the read-back GET /notes/1`, or `the create answer`. */
  how: string;
}

/**
 * What the API kept of a write: `resource.read` of the created id when the route has one, else
 * the create answer itself (docs/spec/findings.md: "a read-back (resource.read, or the create
 * answer itself)"). When neither shows it, the check ends as skipped.
 */
export async function readBack(
  context: ProbeContext,
  route: Route,
  check: CheckScope,
  created: HttpResult,
): Promise<ReadBack> {
  const actor = context.primary;
  const id = context.idOf(route, created);
  if (route.resource?.read && id !== undefined) {
    const read = await context.read(route, actor, id, 'read-back of what was stored');
    if (isSuccess(read) && read.answer!.json !== undefined) {
      return {
        source: read.answer!.json,
        exchanges: [created.exchange, read.exchange],
        how: `the read-back ${describeRequest(read)}`,
      };
    }
    if (!isObject(created.answer?.json)) {
      check.skip(`the read-back ${describeRequest(read)} ${describeOutcome(read)}`);
    }
  }
  if (isObject(created.answer?.json)) {
    return {
      source: created.answer.json,
      exchanges: [created.exchange],
      how: 'the create answer',
    };
  }
  return check.skip(
    'nothing shows what was stored: the answer is not a JSON object and the route has no resource.read',
  );
}
