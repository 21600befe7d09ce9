import { randomBytes } from 'node:crypto';

import type { Route } from '../../config/config.schema';
import type { ProbeContext } from '../probe-context';
import type { ErrorsObserver } from './errors-observer';

/**
 * Requests likely to reach the route's error handler: its own request, truncated JSON and an id
 * that does not exist. Whether they completed is recorded on `observer`.
 */
export async function provokeErrors(
  context: ProbeContext,
  route: Route,
  observer: ErrorsObserver,
): Promise<void> {
  try {
    const actor = context.primary;
    const own = await context.sendSample(route, actor, { note: "the route's own request" });
    context.track(route, actor, own);
    if (route.body !== undefined) {
      const text = JSON.stringify(route.body);
      const truncated = await context.send(route, actor, {
        rawBody: `${text.slice(0, Math.max(1, Math.floor(text.length / 2)))}{`,
        note: 'truncated JSON, to reach the error handler',
      });
      context.track(route, actor, truncated);
    }
    if (route.resource?.read) {
      await context.read(
        route,
        actor,
        `shakedown-missing-${randomBytes(4).toString('hex')}`,
        'an id that does not exist, to reach the error handler',
      );
    }
    observer.provoked.add(route.id);
  } catch (error) {
    observer.provocationFailures.set(
      route.id,
      error instanceof Error ? error.message : String(error),
    );
    throw error;
  }
}
