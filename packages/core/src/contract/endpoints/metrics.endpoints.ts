import { defineEndpoints } from './endpoint-spec';

export const MetricsEndpoints = defineEndpoints({
  scrape: {
    method: 'GET',
    path: '/metrics',
    tag: 'health',
    summary: 'Prometheus metrics: queue depth and age, and process metrics',
    description:
      'The same queue metrics as the worker’s `/metrics` (docs/operations.md). Like `/health`, ' +
      'it is meant for the deployment’s monitoring: keep it off the public ingress.',
    access: 'public',
    produces: ['text/plain'],
  },
});
