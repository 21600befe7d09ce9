import type { Org, Prisma, Run, Target } from '@shakedown/db';

import { createOrgWithTarget, createQueuedRun } from './factories';
import type { WorkerSuite } from './suite';

/**
 * A new organisation with a target at `baseUrl` (the suite's items target unless told) probed
 * with `config`, and a queued run of it.
 */
export async function createQueuedRunOnSuiteTarget(
  suite: WorkerSuite,
  config: Prisma.InputJsonObject,
  baseUrl = suite.target.url,
): Promise<{ org: Org; target: Target; run: Run }> {
  const { org, target } = await createOrgWithTarget(suite.test.db, { baseUrl, config });
  const run = await createQueuedRun(suite.test.db, target);
  return { org, target, run };
}
