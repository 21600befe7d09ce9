/** Every webhooks query key starts with the feature and the organisation. */
export const webhooksKeys = {
  list: (orgId: string) => ['webhooks', orgId, 'list'] as const,
  deliveries: (orgId: string, endpointId: string) =>
    ['webhooks', orgId, 'deliveries', endpointId] as const,
};
