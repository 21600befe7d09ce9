import type { Route } from '../../config/config.schema';
import type { HttpAnswer, HttpResult } from '../../http/http-types';
import { isSuccess } from '../describe-result';
import type { ProbeContext, SendOptions } from '../probe-context';
import type { CheckScope } from '../route-checks';
import { readBack, type ReadBack } from './read-back';

/** A write of a check, its answer and what the API kept of it. */
export interface StoredWrite {
  created: HttpResult;
  answer: HttpAnswer;
  back: ReadBack;
}

/**
 * Sends `write` (a changed sample body) as tenant A and reads back what was stored. The check
 * passes when the write is refused: only a stored write can show what the API kept.
 */
export async function writeAndReadBack(
  context: ProbeContext,
  route: Route,
  check: CheckScope,
  write: SendOptions,
): Promise<StoredWrite> {
  const actor = context.primary;
  const created = await context.send(route, actor, write);
  context.track(route, actor, created);
  const answer = check.requireAnswer(created, 'the request');
  if (!isSuccess(created)) check.pass();
  return { created, answer, back: await readBack(context, route, check, created) };
}
