import { RunEndpoints, type FindingItem } from '@shakedown/core/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '../../../lib/api';
import { runsKeys } from './keys';

/** The API's page size limit; a run's findings are read page by page. */
const PAGE_SIZE = 200;
/** 10,000 findings: far past any real run, and a bound on the loop. */
const MAX_PAGES = 50;

/** Every finding of a run (worst first), so the page can group them by probe. */
export async function getAllRunFindings(orgId: string, runId: string): Promise<FindingItem[]> {
  const findings: FindingItem[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const answer = await api.call(RunEndpoints.findings, {
      orgId,
      params: { id: runId },
      query: { limit: PAGE_SIZE, cursor },
    });
    findings.push(...answer.items);
    if (answer.nextCursor === null) break;
    cursor = answer.nextCursor;
  }
  return findings;
}

export const runFindingsQueryOptions = (orgId: string, runId: string) =>
  queryOptions({
    queryKey: runsKeys.findings(orgId, runId),
    queryFn: () => getAllRunFindings(orgId, runId),
  });

export const useRunFindings = (orgId: string, runId: string, enabled = true) =>
  useQuery({ ...runFindingsQueryOptions(orgId, runId), enabled });
