import { z } from '@hono/zod-openapi';
import { MAX_LABEL_LENGTH } from './webhook.service.js';

export const WebhookInputSchema = z
  .object({
    label: z.string().trim().min(1).max(MAX_LABEL_LENGTH).openapi({ example: 'Stock system' }),
    url: z.string().min(1).max(2000).openapi({ example: 'https://hooks.example.org/egide', description: 'An HTTPS address whose host resolves to public addresses only.' }),
  })
  .openapi('WebhookInput');

export const WebhookSchema = z
  .object({
    id: z.number().int(),
    label: z.string(),
    url: z.string(),
    organisation: z.object({ slug: z.string(), name: z.string() }),
    owner: z.object({ userId: z.number().int(), name: z.string() }),
    status: z.enum(['active', 'paused']),
    pausedAt: z.string().nullable(),
    pauseReason: z.enum(['failures', 'owner']).nullable().describe('`failures`: paused by Egide after failed attempts in a row; `owner`: paused by a person.'),
    consecutiveFailures: z.number().int(),
    createdAt: z.string(),
  })
  .openapi('Webhook');

export const CreatedWebhookSchema = z
  .object({
    webhook: WebhookSchema,
    secret: z.string().describe('The signing secret: in this answer only, never again.'),
  })
  .openapi('CreatedWebhook');

export const WebhookAttemptSchema = z
  .object({
    deliveryId: z.string().describe('The delivery’s idempotency key (`X-Egide-Delivery`).'),
    event: z.string(),
    attempt: z.number().int(),
    at: z.string(),
    durationMs: z.number().int(),
    statusCode: z.number().int().nullable().describe('The receiver’s HTTP status; null when it did not answer.'),
    error: z.string().nullable(),
    outcome: z.enum(['delivered', 'retry', 'failed']),
  })
  .openapi('WebhookAttempt');

export const WebhookIdParamSchema = z.object({ id: z.coerce.number().int().min(1).openapi({ param: { name: 'id', in: 'path' }, example: 1 }) });
export const AttemptsQuerySchema = z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1) });
