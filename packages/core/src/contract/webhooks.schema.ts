import { z } from 'zod';

import { IdSchema, PageQuerySchema, TimestampSchema, pageOf } from './common.schema';

/** The events an endpoint can subscribe to; `webhook.test` is only sent by the test button. */
export const WEBHOOK_EVENT_TYPES = ['run.completed', 'run.regressed', 'run.failed'] as const;
export const WebhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof WebhookEventTypeSchema>;

const WebhookUrlSchema = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .max(2048);

const EventsSchema = z
  .array(WebhookEventTypeSchema)
  .min(1)
  .max(WEBHOOK_EVENT_TYPES.length)
  .refine((events) => new Set(events).size === events.length, { message: 'lists an event twice' });

/** `POST /webhooks`: the URL is refused (`url_not_allowed`) when it resolves to a private address. */
export const CreateWebhookRequestSchema = z.strictObject({
  url: WebhookUrlSchema,
  description: z.string().normalize('NFC').max(500).default(''),
  events: EventsSchema,
  enabled: z.boolean().default(true),
});
export type CreateWebhookRequest = z.infer<typeof CreateWebhookRequestSchema>;

/** `PATCH /webhooks/:id`: any of the fields; re-enabling resets the failure count. */
export const UpdateWebhookRequestSchema = z
  .strictObject({
    url: WebhookUrlSchema.optional(),
    description: z.string().normalize('NFC').max(500).optional(),
    events: EventsSchema.optional(),
    enabled: z.boolean().optional(),
  })
  .refine((update) => Object.keys(update).length > 0, { message: 'changes nothing' });
export type UpdateWebhookRequest = z.infer<typeof UpdateWebhookRequestSchema>;

export const WebhookEndpointSchema = z.object({
  id: IdSchema,
  url: z.string(),
  description: z.string(),
  events: z.array(WebhookEventTypeSchema),
  enabled: z.boolean(),
  disabledAt: TimestampSchema.nullable(),
  disabledReason: z.string().nullable(),
  consecutiveFailures: z.number().int(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpointSchema>;
export const WebhookEndpointListSchema = z.object({ items: z.array(WebhookEndpointSchema) });
export type WebhookEndpointList = z.infer<typeof WebhookEndpointListSchema>;

/** The answer of `POST /webhooks`: `secret` (`whsec_…`, Standard Webhooks) is shown this once. */
export const CreatedWebhookEndpointSchema = z.object({
  endpoint: WebhookEndpointSchema,
  secret: z.string(),
});
export type CreatedWebhookEndpoint = z.infer<typeof CreatedWebhookEndpointSchema>;

/** The answer of `POST /webhooks/:id/rotate-secret`: the new secret, shown this once. */
export const RotatedWebhookSecretSchema = z.object({ secret: z.string() });
export type RotatedWebhookSecret = z.infer<typeof RotatedWebhookSecretSchema>;

export const WebhookAttemptSchema = z.object({
  attemptNumber: z.number().int(),
  startedAt: TimestampSchema,
  durationMs: z.number().int(),
  succeeded: z.boolean(),
  responseStatus: z.number().int().nullable(),
  error: z.string().nullable(),
});
export type WebhookAttempt = z.infer<typeof WebhookAttemptSchema>;

export const WebhookDeliverySchema = z.object({
  id: IdSchema,
  endpointId: IdSchema,
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed']),
  attempts: z.number().int(),
  lastAttemptAt: TimestampSchema.nullable(),
  nextAttemptAt: TimestampSchema.nullable(),
  lastResponseStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: TimestampSchema,
  attemptsLog: z.array(WebhookAttemptSchema),
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;
export const WebhookDeliveryListSchema = pageOf(WebhookDeliverySchema);
export type WebhookDeliveryList = z.infer<typeof WebhookDeliveryListSchema>;
export const WebhookDeliveryListQuerySchema = PageQuerySchema;
