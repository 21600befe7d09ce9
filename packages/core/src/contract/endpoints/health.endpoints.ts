import { z } from 'zod';

import { defineEndpoints } from './endpoint-spec';

export const HealthEndpoints = defineEndpoints({
  check: {
    method: 'GET',
    path: '/health',
    tag: 'health',
    summary: '200 when PostgreSQL and Redis answer; 503 naming the part that does not',
    access: 'public',
    response: z.object({
      status: z.enum(['ok', 'unavailable']),
      checks: z.object({ database: z.string(), redis: z.string() }),
    }),
  },
});
