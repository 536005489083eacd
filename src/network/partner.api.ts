import { createRoute, z } from '@hono/zod-openapi';
import { requireRole } from '../http/require-role.js';
import { createApiRouter, jsonBodyOnly, problemResponse } from '../http/openapi.js';
import { inLanguage, type PartnerService } from './partner.service.js';
import { LangSchema, PartnerInLanguageSchema, PartnerListSchema, PartnerQuerySchema, PartnerSchema, SlugParamSchema } from './partner.schemas.js';

const TAG = 'Network';
const adminOnly = { middleware: [requireRole('admin')], security: [{ bearerAuth: [] }] };
const jsonBody = { content: { 'application/json': { schema: PartnerSchema } }, required: true };
const auth = { 401: problemResponse('No or invalid API token.'), 403: problemResponse('The token lacks the admin role.') };

const listPartners = createRoute({
  method: 'get',
  path: '/partners',
  operationId: 'listPartners',
  tags: [TAG],
  summary: 'List the partner directory',
  description: 'Partners in directory order. With `lang`, each text is given in that language only.',
  request: { query: PartnerQuerySchema },
  responses: {
    200: { description: 'The matching partners.', content: { 'application/json': { schema: PartnerListSchema } } },
    400: problemResponse('An invalid filter.'),
  },
});

const getPartner = createRoute({
  method: 'get',
  path: '/partners/{slug}',
  operationId: 'getPartner',
  tags: [TAG],
  summary: 'Get one partner',
  request: { params: SlugParamSchema, query: z.object({ lang: LangSchema.optional() }) },
  responses: {
    200: {
      description: 'The partner.',
      content: { 'application/json': { schema: z.union([PartnerSchema, PartnerInLanguageSchema]) } },
    },
    404: problemResponse('No partner has this slug.'),
  },
});

const createPartner = createRoute({
  method: 'post',
  path: '/partners',
  operationId: 'createPartner',
  tags: [TAG],
  summary: 'Add a partner (admin)',
  ...adminOnly,
  middleware: [requireRole('admin'), jsonBodyOnly],
  request: { body: jsonBody },
  responses: {
    201: { description: 'Created.', content: { 'application/json': { schema: PartnerSchema } } },
    400: problemResponse('Invalid fields, each named.'),
    ...auth,
    409: problemResponse('The slug is taken.'),
    415: problemResponse('The body is not JSON.'),
  },
});

const replacePartner = createRoute({
  method: 'put',
  path: '/partners/{slug}',
  operationId: 'replacePartner',
  tags: [TAG],
  summary: 'Replace a partner (admin)',
  ...adminOnly,
  middleware: [requireRole('admin'), jsonBodyOnly],
  request: { params: SlugParamSchema, body: jsonBody },
  responses: {
    200: { description: 'Updated.', content: { 'application/json': { schema: PartnerSchema } } },
    400: problemResponse('Invalid fields, each named.'),
    ...auth,
    404: problemResponse('No partner has this slug.'),
    409: problemResponse('The new slug is taken.'),
    415: problemResponse('The body is not JSON.'),
  },
});

const deletePartner = createRoute({
  method: 'delete',
  path: '/partners/{slug}',
  operationId: 'deletePartner',
  tags: [TAG],
  summary: 'Remove a partner (admin)',
  ...adminOnly,
  request: { params: SlugParamSchema },
  responses: { 204: { description: 'Removed.' }, ...auth, 404: problemResponse('No partner has this slug.') },
});

export function partnerApi(partners: PartnerService) {
  return createApiRouter()
    .openapi(listPartners, async (c) => {
      const { lang, ...filter } = c.req.valid('query');
      const items = await partners.list(filter);
      return c.json({ items: lang ? items.map((partner) => inLanguage(partner, lang)) : items }, 200);
    })
    .openapi(getPartner, async (c) => {
      const partner = await partners.get(c.req.valid('param').slug);
      const { lang } = c.req.valid('query');
      return c.json(lang ? inLanguage(partner, lang) : partner, 200);
    })
    .openapi(createPartner, async (c) => {
      const partner = await partners.create(c.req.valid('json'));
      c.header('Location', `/api/v1/partners/${partner.slug}`);
      return c.json(partner, 201);
    })
    .openapi(replacePartner, async (c) => {
      return c.json(await partners.replace(c.req.valid('param').slug, c.req.valid('json')), 200);
    })
    .openapi(deletePartner, async (c) => {
      await partners.delete(c.req.valid('param').slug);
      return c.body(null, 204);
    });
}
