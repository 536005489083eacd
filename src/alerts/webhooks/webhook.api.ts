import { createRoute, z } from '@hono/zod-openapi';
import { createApiRouter, jsonBodyOnly, problemResponse } from '../../http/openapi.js';
import { requireRole } from '../../http/require-role.js';
import { ROLES } from '../../roles.js';
import { AttemptsQuerySchema, CreatedWebhookSchema, WebhookAttemptSchema, WebhookIdParamSchema, WebhookInputSchema, WebhookSchema } from './webhook.schemas.js';
import { ATTEMPTS_PER_PAGE, type WebhookService } from './webhook.service.js';
import { DELIVERY_HEADER, EVENT_HEADER, REPLAY_TOLERANCE_SECONDS, SIGNATURE_HEADER } from './webhook-signature.js';

const TAG = 'Webhooks';
const signedIn = { middleware: [requireRole(...ROLES)], security: [{ bearerAuth: [] }] };
const auth = { 401: problemResponse('No or invalid API token.') };
const notVisible = problemResponse('No such webhook, or one of another organisation.');
const byId = { params: WebhookIdParamSchema };

const listWebhooks = createRoute({
  method: 'get',
  path: '/webhooks',
  operationId: 'listWebhooks',
  tags: [TAG],
  summary: 'The organisation’s webhooks',
  description: 'Newest first; admins see every organisation’s. Secrets are never shown again.',
  ...signedIn,
  responses: { 200: { description: 'The webhooks.', content: { 'application/json': { schema: z.object({ items: z.array(WebhookSchema) }) } } }, ...auth },
});

const createWebhook = createRoute({
  method: 'post',
  path: '/webhooks',
  operationId: 'createWebhook',
  tags: [TAG],
  summary: 'Register a webhook',
  description:
    'An HTTPS address of the caller’s organisation’s system. Its host is resolved: a loopback, private, link-local, unique-local, shared (CGNAT), multicast or reserved address is refused ' +
    '(the operator may allow some with `EGIDE_WEBHOOK_ALLOW`), and the check is made again at each delivery, whose connection goes to the address checked. ' +
    `Deliveries are POSTs of JSON \`{"id", "event", "createdAt", "data"}\` with \`${SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" keyed with the secret>\`, ` +
    `\`${DELIVERY_HEADER}\` (the idempotency key, the same on every retry) and \`${EVENT_HEADER}\`; receivers refuse a timestamp more than ${REPLAY_TOLERANCE_SECONDS / 60} minutes from their clock. ` +
    'A delivery not answered 2xx within 10 s is retried with exponential back-off for 24 hours; after repeated failures in a row the webhook is paused and its owner told.',
  ...signedIn,
  middleware: [requireRole(...ROLES), jsonBodyOnly],
  request: { body: { content: { 'application/json': { schema: WebhookInputSchema } }, required: true } },
  responses: {
    201: { description: 'Registered, with its secret (shown this once).', content: { 'application/json': { schema: CreatedWebhookSchema } } },
    400: problemResponse('A missing name, or an address refused (`url`: not HTTPS, with credentials, unresolvable, or not public).'),
    ...auth,
    409: problemResponse('The organisation has as many webhooks as it may have.'),
    415: problemResponse('Not JSON.'),
  },
});

const getWebhook = createRoute({
  method: 'get',
  path: '/webhooks/{id}',
  operationId: 'getWebhook',
  tags: [TAG],
  summary: 'One webhook',
  ...signedIn,
  request: byId,
  responses: { 200: { description: 'The webhook.', content: { 'application/json': { schema: WebhookSchema } } }, 400: problemResponse('An invalid id.'), ...auth, 404: notVisible },
});

const deleteWebhook = createRoute({
  method: 'delete',
  path: '/webhooks/{id}',
  operationId: 'deleteWebhook',
  tags: [TAG],
  summary: 'Delete a webhook',
  description: 'Its waiting deliveries are failed; subscriptions that posted to it no longer do.',
  ...signedIn,
  request: byId,
  responses: { 204: { description: 'Deleted.' }, 400: problemResponse('An invalid id.'), ...auth, 404: notVisible },
});

const action = (verb: 'pause' | 'resume', operationId: string, summary: string, description: string) =>
  createRoute({
    method: 'post',
    path: `/webhooks/{id}/${verb}`,
    operationId,
    tags: [TAG],
    summary,
    description,
    ...signedIn,
    request: byId,
    responses: { 200: { description: 'The webhook.', content: { 'application/json': { schema: WebhookSchema } } }, 400: problemResponse('An invalid id.'), ...auth, 404: notVisible },
  });

const pauseWebhook = action('pause', 'pauseWebhook', 'Pause a webhook', 'Deliveries wait (for up to 24 hours after each was queued) until it is resumed.');
const resumeWebhook = action('resume', 'resumeWebhook', 'Resume a webhook', 'Active again, its count of failures in a row cleared; waiting deliveries go out within 15 minutes.');

const testWebhook = createRoute({
  method: 'post',
  path: '/webhooks/{id}/test',
  operationId: 'testWebhook',
  tags: [TAG],
  summary: 'Send a test delivery',
  description: 'Posts a signed `ping` now, once (not retried, not counted among the webhook’s failures), and answers with the attempt, also in the log.',
  ...signedIn,
  request: byId,
  responses: { 200: { description: 'The attempt, delivered or not.', content: { 'application/json': { schema: WebhookAttemptSchema } } }, 400: problemResponse('An invalid id.'), ...auth, 404: notVisible },
});

const listAttempts = createRoute({
  method: 'get',
  path: '/webhooks/{id}/attempts',
  operationId: 'listWebhookAttempts',
  tags: [TAG],
  summary: 'The delivery log',
  description: `Every attempt of the last 30 days, latest first, ${ATTEMPTS_PER_PAGE} a page: time, status code, duration, error.`,
  ...signedIn,
  request: { params: WebhookIdParamSchema, query: AttemptsQuerySchema },
  responses: {
    200: { description: 'A page of attempts.', content: { 'application/json': { schema: z.object({ total: z.number().int(), items: z.array(WebhookAttemptSchema) }).openapi('WebhookAttemptList') } } },
    400: problemResponse('An invalid id or page.'),
    ...auth,
    404: notVisible,
  },
});

/** `/api/v1/webhooks`: register, list, pause, resume, test and delete webhooks, and read their log. */
export function webhookApi(webhooks: WebhookService) {
  return createApiRouter()
    .openapi(listWebhooks, async (c) => c.json({ items: await webhooks.list(c.get('principal')!) }, 200))
    .openapi(createWebhook, async (c) => {
      const created = await webhooks.create(c.get('principal')!, c.req.valid('json'));
      c.header('Location', `${new URL(c.req.url).pathname}/${created.webhook.id}`);
      return c.json(created, 201);
    })
    .openapi(getWebhook, async (c) => c.json(await webhooks.get(c.get('principal')!, c.req.valid('param').id), 200))
    .openapi(deleteWebhook, async (c) => {
      await webhooks.delete(c.get('principal')!, c.req.valid('param').id);
      return c.body(null, 204);
    })
    .openapi(pauseWebhook, async (c) => c.json(await webhooks.pause(c.get('principal')!, c.req.valid('param').id), 200))
    .openapi(resumeWebhook, async (c) => c.json(await webhooks.resume(c.get('principal')!, c.req.valid('param').id), 200))
    .openapi(testWebhook, async (c) => c.json(await webhooks.sendTest(c.get('principal')!, c.req.valid('param').id), 200))
    .openapi(listAttempts, async (c) => c.json(await webhooks.attempts(c.get('principal')!, c.req.valid('param').id, c.req.valid('query').page), 200));
}
