import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { createApiRouter, jsonBodyOnly, problemResponse } from '../../http/openapi.js';
import { requireRole } from '../../http/require-role.js';
import { LANGUAGES } from '../../i18n/languages.js';
import { ROLES } from '../../roles.js';
import { EMAIL_MODES, SUBSCRIPTION_KINDS, type Subscription } from './subscription.js';
import type { SubscriptionService } from './subscription.service.js';
import { searchStringOf, subscriptionQueryOf } from './subscription-search.js';

const TAG = 'Subscriptions';
const signedIn = { middleware: [requireRole(...ROLES)], security: [{ bearerAuth: [] }] };
const auth = { 401: problemResponse('No or invalid API token.') };
const notYours = problemResponse('No such subscription among yours.');

const ChannelsSchema = z
  .object({
    inApp: z.boolean().openapi({ description: 'Alerts in the notifications page.' }),
    email: z.enum(EMAIL_MODES).openapi({ description: 'One e-mail per alert, a daily digest, or none.' }),
    webhookId: z.number().int().positive().nullable().openapi({ description: 'One of your webhooks (`/webhooks`), or null.' }),
  })
  .openapi('SubscriptionChannels');

const SubscriptionSchema = z
  .object({
    id: z.string(),
    kind: z.enum(SUBSCRIPTION_KINDS),
    label: z.string(),
    search: z.string().nullable().openapi({ description: 'Kind `search`: the search as a query string of `/search` (`q`, `type`, `material`, `status`, `country`, `period`).', example: 'q=celadon&country=KR' }),
    objectIds: z.array(z.string()).openapi({ description: 'Kind `objects`: the objects followed.' }),
    channels: ChannelsSchema,
    lang: z.enum(LANGUAGES).openapi({ description: 'The language of its e-mails.' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Subscription');

const SubscriptionInputSchema = z
  .object({
    kind: z.enum(['search', 'objects']).openapi({ description: 'Image watches are made with their photos (`/{lang}/alerts/watches`).' }),
    label: z.string().trim().min(1).max(200),
    search: z.string().max(2000).optional().openapi({ description: 'Kind `search`: the search, as the query string of `/search`.', example: 'q=celadon&country=KR' }),
    objectIds: z.array(z.string().max(40)).max(500).optional().openapi({ description: 'Kind `objects`: ids of objects you see.' }),
    channels: ChannelsSchema,
    lang: z.enum(LANGUAGES),
  })
  .openapi('SubscriptionInput');

const SubscriptionChangeSchema = SubscriptionInputSchema.omit({ kind: true, search: true }).openapi('SubscriptionChange');
const IdParam = z.object({ id: z.string().max(40).openapi({ param: { name: 'id', in: 'path' }, example: '8qztp69qkx6gvdrc' }) });

const listSubscriptions = createRoute({
  method: 'get',
  path: '/subscriptions',
  operationId: 'listSubscriptions',
  tags: [TAG],
  summary: 'Your alert subscriptions',
  description: 'The caller’s own subscriptions, newest first.',
  ...signedIn,
  responses: { 200: { description: 'The subscriptions.', content: { 'application/json': { schema: z.object({ items: z.array(SubscriptionSchema) }) } } }, ...auth },
});

const createSubscription = createRoute({
  method: 'post',
  path: '/subscriptions',
  operationId: 'createSubscription',
  tags: [TAG],
  summary: 'Subscribe to alerts',
  description: 'To a saved search or to objects; alerts reach you only for objects you may see.',
  middleware: [requireRole(...ROLES), jsonBodyOnly],
  security: signedIn.security,
  request: { body: { content: { 'application/json': { schema: SubscriptionInputSchema } }, required: true } },
  responses: {
    201: { description: 'Subscribed.', content: { 'application/json': { schema: SubscriptionSchema } } },
    400: problemResponse('An invalid field, named: an empty search, an object you do not see, a webhook that is not yours.'),
    ...auth,
    415: problemResponse('Not JSON.'),
  },
});

const getSubscription = createRoute({
  method: 'get',
  path: '/subscriptions/{id}',
  operationId: 'getSubscription',
  tags: [TAG],
  summary: 'One of your subscriptions',
  description: 'Another person’s subscription answers 404.',
  ...signedIn,
  request: { params: IdParam },
  responses: { 200: { description: 'The subscription.', content: { 'application/json': { schema: SubscriptionSchema } } }, ...auth, 404: notYours },
});

const updateSubscription = createRoute({
  method: 'put',
  path: '/subscriptions/{id}',
  operationId: 'updateSubscription',
  tags: [TAG],
  summary: 'Change a subscription’s name, channels, language or objects',
  description: 'The search of a saved search stays: subscribe to the new one instead.',
  middleware: [requireRole(...ROLES), jsonBodyOnly],
  security: signedIn.security,
  request: { params: IdParam, body: { content: { 'application/json': { schema: SubscriptionChangeSchema } }, required: true } },
  responses: {
    200: { description: 'Changed.', content: { 'application/json': { schema: SubscriptionSchema } } },
    400: problemResponse('An invalid field, named.'),
    ...auth,
    404: notYours,
    415: problemResponse('Not JSON.'),
  },
});

const deleteSubscription = createRoute({
  method: 'delete',
  path: '/subscriptions/{id}',
  operationId: 'deleteSubscription',
  tags: [TAG],
  summary: 'Unsubscribe',
  description: 'Deliveries already queued for it are not sent.',
  ...signedIn,
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted.' }, ...auth, 404: notYours },
});

function subscriptionJson(subscription: Subscription): z.infer<typeof SubscriptionSchema> {
  return { id: subscription.id, kind: subscription.kind, label: subscription.label, search: subscription.query ? searchStringOf(subscription.query) : null, objectIds: subscription.objectIds, channels: subscription.channels, lang: subscription.lang, createdAt: subscription.createdAt, updatedAt: subscription.updatedAt };
}

const principalOf = (c: Context<AppEnv>) => c.get('principal')!;

/** `/api/v1/subscriptions`: each caller's own alert subscriptions. */
export function subscriptionApi(subscriptions: SubscriptionService) {
  return createApiRouter()
    .openapi(listSubscriptions, async (c) => c.json({ items: (await subscriptions.list(principalOf(c))).map(subscriptionJson) }, 200))
    .openapi(createSubscription, async (c) => {
      const { search, ...input } = c.req.valid('json');
      const created = await subscriptions.create(principalOf(c), { ...input, query: input.kind === 'search' ? subscriptionQueryOf(search ?? '') : undefined });
      return c.json(subscriptionJson(created), 201);
    })
    .openapi(getSubscription, async (c) => c.json(subscriptionJson(await subscriptions.get(principalOf(c), c.req.valid('param').id)), 200))
    .openapi(updateSubscription, async (c) => c.json(subscriptionJson(await subscriptions.update(principalOf(c), c.req.valid('param').id, c.req.valid('json'))), 200))
    .openapi(deleteSubscription, async (c) => {
      await subscriptions.delete(principalOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    });
}
