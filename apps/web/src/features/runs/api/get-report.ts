import { readJson, RunEndpoints } from '@shakedown/core/contract';
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

const getReportFile = (orgId: string, runId: string, format: ReportFormat) =>
  api.send(RunEndpoints.report, {
    orgId,
    params: { id: runId },
    query: { format },
    headers: { Accept: '*/*' },
  });

/** The JSON report of a finished run; the load charts read its `load` block. */
export const getReport = async (orgId: string, runId: string) =>
  readJson(await getReportFile(orgId, runId, 'json'), ReportSchema);

export const reportQueryOptions = (orgId: string, runId: string) =>
  queryOptions({
    queryKey: runsKeys.report(orgId, runId),
    queryFn: () => getReport(orgId, runId),
    staleTime: Infinity,
  });

export const useReport = (orgId: string, runId: string, enabled: boolean) =>
  useQuery({ ...reportQueryOptions(orgId, runId), enabled });

/** Downloads the report as a file (the request carries the session and organisation). */
export async function downloadReport(orgId: string, runId: string, format: ReportFormat) {
  const blob = await (await getReportFile(orgId, runId, format)).blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `shakedown-run-${runId}.${REPORT_DOWNLOADS[format].extension}`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
