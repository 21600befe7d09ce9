import type { Route } from '../../config/config.schema';
import type { Actor, ProbeContext } from '../probe-context';

/** What the idempotency checks of one route share. */
export interface IdempotencyRun {
  context: ProbeContext;
  route: Route;
  /** The route's idempotency header (`Idempotency-Key` unless configured). */
  header: string;
  actor: Actor;
  /** False once the route's answers turned out to carry no id: the list counts instead. */
  idMode: boolean;
}
