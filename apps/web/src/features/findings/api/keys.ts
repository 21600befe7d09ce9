/** Every findings query key starts with the feature and the organisation. */
export const findingsKeys = {
  overview: (orgId: string) => ['findings', orgId, 'overview'] as const,
};
