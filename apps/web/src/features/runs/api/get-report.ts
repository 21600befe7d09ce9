import { ReportSchema } from '@shakedown/core/report';
import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '../../../lib/api';
import { runsKeys } from './keys';

export const REPORT_DOWNLOADS = {
  json: { label: 'JSON', extension: 'json' },
  junit: { label: 'JUnit XML', extension: 'junit.xml' },
  sarif: { label: 'SARIF', extension: 'sarif' },
} as const;
export type ReportFormat = keyof typeof REPORT_DOWNLOADS;

/** The JSON report of a finished run; the load charts read its `load` block. */
export const reportQueryOptions = (orgId: string, runId: string) =>
  queryOptions({
    queryKey: runsKeys.report(orgId, runId),
    queryFn: () =>
      api.request('GET', `/runs/${runId}/report`, {
        orgId,
        query: { format: 'json' },
        schema: ReportSchema,
      }),
    staleTime: Infinity,
  });

export const useReport = (orgId: string, runId: string, enabled: boolean) =>
  useQuery({ ...reportQueryOptions(orgId, runId), enabled });

/** Downloads the report as a file (the request carries the session and organisation). */
export async function downloadReport(orgId: string, runId: string, format: ReportFormat) {
  const blob = await api.download(`/runs/${runId}/report`, { orgId, query: { format } });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `shakedown-run-${runId}.${REPORT_DOWNLOADS[format].extension}`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
