/** Every runs query key starts with the feature and the organisation. */
export const runsKeys = {
  list: (orgId: string, targetId: string) => ['runs', orgId, 'list', targetId] as const,
  detail: (orgId: string, runId: string) => ['runs', orgId, 'detail', runId] as const,
  findings: (orgId: string, runId: string) => ['runs', orgId, 'findings', runId] as const,
  comparison: (orgId: string, runId: string) => ['runs', orgId, 'comparison', runId] as const,
  report: (orgId: string, runId: string) => ['runs', orgId, 'report', runId] as const,
};
