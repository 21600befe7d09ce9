/** Every targets query key starts with the feature and the organisation. */
export const targetsKeys = {
  all: (orgId: string) => ['targets', orgId] as const,
  list: (orgId: string, cursor: string | undefined) =>
    ['targets', orgId, 'list', cursor ?? null] as const,
  detail: (orgId: string, targetId: string) => ['targets', orgId, 'detail', targetId] as const,
  latestRuns: (orgId: string, targetId: string) =>
    ['targets', orgId, 'latest-runs', targetId] as const,
  history: (orgId: string, targetId: string) => ['targets', orgId, 'history', targetId] as const,
};
