import { RunEndpoints } from '@shakedown/core/contract';

import { api } from '../../../lib/api';

/** The run's progress as server-sent events: the current state first, closed when it ends. */
export const openRunEvents = (orgId: string, runId: string, signal: AbortSignal) =>
  api.send(RunEndpoints.events, {
    orgId,
    params: { id: runId },
    headers: { Accept: 'text/event-stream' },
    signal,
  });
