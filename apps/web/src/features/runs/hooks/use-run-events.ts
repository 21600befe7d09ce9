import { TERMINAL_RUN_STATUSES, type Run } from '@shakedown/core/contract';
import { RunProgressEventSchema } from '@shakedown/core/jobs';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

import { invalidateOrgQueries } from '../../../lib/query-client';
import { openRunEvents } from '../api/get-run-events';
import { runsKeys } from '../api/keys';
import { SseParser } from '../utils/sse';

export type StreamState = 'connecting' | 'live' | 'closed' | 'unavailable';

/** Reconnects after a cut, a few times; the run query's polling covers the rest. */
const MAX_RECONNECTS = 5;
const RECONNECT_DELAY_MS = 1_000;

/**
 * Follows `GET /runs/:id/events` (server-sent events) while the run is active and writes each
 * progress event into the run's query data, so the progress bar moves live. When the run ends,
 * every query of the organisation is read again: runs, targets and findings all change.
 */
export function useRunEvents(orgId: string, runId: string, active: boolean): StreamState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<StreamState>('connecting');

  useEffect(() => {
    if (!active) return;
    const controller = new AbortController();
    let finished = false;

    const apply = (data: string) => {
      let json: unknown;
      try {
        json = JSON.parse(data);
      } catch {
        return;
      }
      const event = RunProgressEventSchema.safeParse(json);
      if (!event.success || event.data.runId !== runId) return;
      const { status, progressDone, progressTotal, currentProbe } = event.data;
      queryClient.setQueryData<Run>(runsKeys.detail(orgId, runId), (run) =>
        run ? { ...run, status, progressDone, progressTotal, currentProbe } : run,
      );
      if (TERMINAL_RUN_STATUSES.includes(status)) {
        finished = true;
        void invalidateOrgQueries(queryClient, orgId);
      }
    };

    const follow = async () => {
      for (let attempt = 0; attempt <= MAX_RECONNECTS && !finished; attempt += 1) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, RECONNECT_DELAY_MS));
        if (controller.signal.aborted) return;
        try {
          const response = await openRunEvents(orgId, runId, controller.signal);
          if (!response.body) break;
          setState('live');
          const reader = response.body.getReader();
          const decoder = new TextDecoder();
          const parser = new SseParser();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            for (const message of parser.push(decoder.decode(value, { stream: true }))) {
              apply(message.data);
            }
            if (finished) {
              await reader.cancel();
              break;
            }
          }
        } catch {
          if (controller.signal.aborted) return;
        }
      }
      if (!controller.signal.aborted) setState(finished ? 'closed' : 'unavailable');
    };
    void follow();
    return () => controller.abort();
  }, [active, orgId, runId, queryClient]);

  return active ? state : 'closed';
}
