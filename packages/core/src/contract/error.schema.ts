import { z } from 'zod';

import { ErrorCodeSchema } from './error-codes';

/** One problem with the input: `routes[1].method`, `body.email`, `query.limit`… */
export const IssueSchema = z.object({
  path: z.string(),
  message: z.string(),
});
export type Issue = z.infer<typeof IssueSchema>;

/** The one error shape of every non-2xx answer. */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: ErrorCodeSchema,
    message: z.string(),
    requestId: z.string(),
    /** `issues` for validation errors; the limit and its value for limit errors. */
    details: z
      .object({ issues: z.array(IssueSchema).optional() })
      .catchall(z.unknown())
      .optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
