import { createRoute } from '@hono/zod-openapi';
import { requireRole } from '../http/require-role.js';
import { createApiRouter, problemResponse } from '../http/openapi.js';
import type { AccountService } from './account.service.js';
import { ApiTokenListSchema, ApiTokenSchema, IdParamSchema, PersonListSchema, TokenListQuerySchema } from './access.schemas.js';
import type { Role } from '../roles.js';
import type { PersonListRow } from './user.repository.js';

const TAG = 'Access';
const adminOnly = { middleware: [requireRole('admin')], security: [{ bearerAuth: [] }] };
const auth = { 401: problemResponse('No or invalid API token.'), 403: problemResponse('The token lacks the admin role.') };

const listApiTokens = createRoute({
  method: 'get',
  path: '/admin/tokens',
  operationId: 'listApiTokens',
  tags: [TAG],
  summary: 'List API tokens (admin)',
  description: 'Every token, newest first, with its organisation, role, expiry, last use (to the minute) and state. Secrets are never shown: only their hashes are stored.',
  ...adminOnly,
  request: { query: TokenListQuerySchema },
  responses: {
    200: { description: 'The tokens.', content: { 'application/json': { schema: ApiTokenListSchema } } },
    ...auth,
    404: problemResponse('No organisation has this slug.'),
  },
});

const revokeApiToken = createRoute({
  method: 'post',
  path: '/admin/tokens/{id}/revoke',
  operationId: 'revokeApiToken',
  tags: [TAG],
  summary: 'Revoke an API token (admin)',
  description: 'The token is refused (401) from its next request on. Revoking a revoked token changes nothing.',
  ...adminOnly,
  request: { params: IdParamSchema },
  responses: {
    200: { description: 'The token, revoked.', content: { 'application/json': { schema: ApiTokenSchema } } },
    ...auth,
    404: problemResponse('No token has this id.'),
  },
});

const listPeople = createRoute({
  method: 'get',
  path: '/admin/people',
  operationId: 'listPeople',
  tags: [TAG],
  summary: 'List the people who sign in (admin)',
  ...adminOnly,
  responses: {
    200: { description: 'The people, by organisation then name.', content: { 'application/json': { schema: PersonListSchema } } },
    ...auth,
  },
});

const disablePerson = createRoute({
  method: 'post',
  path: '/admin/people/{id}/disable',
  operationId: 'disablePerson',
  tags: [TAG],
  summary: 'Disable a person (admin)',
  description: 'The person can no longer sign in, and their sessions end at once.',
  ...adminOnly,
  request: { params: IdParamSchema },
  responses: { 204: { description: 'Disabled.' }, ...auth, 404: problemResponse('No person has this id.'), 409: problemResponse('One cannot disable one’s own account.') },
});

const enablePerson = createRoute({
  method: 'post',
  path: '/admin/people/{id}/enable',
  operationId: 'enablePerson',
  tags: [TAG],
  summary: 'Enable a disabled person again (admin)',
  ...adminOnly,
  request: { params: IdParamSchema },
  responses: { 204: { description: 'Enabled.' }, ...auth, 404: problemResponse('No person has this id.') },
});

export function accessApi(accounts: AccountService) {
  return createApiRouter()
    .openapi(listApiTokens, async (c) => c.json({ items: await accounts.listApiTokens(c.req.valid('query').organisation) }, 200))
    .openapi(revokeApiToken, async (c) => c.json(await accounts.revokeApiToken(c.req.valid('param').id, c.get('principal')), 200))
    .openapi(listPeople, async (c) => c.json({ items: (await accounts.listPeople()).map(personView) }, 200))
    .openapi(disablePerson, async (c) => {
      await accounts.disablePerson(c.req.valid('param').id, c.get('principal'));
      return c.body(null, 204);
    })
    .openapi(enablePerson, async (c) => {
      await accounts.enablePerson(c.req.valid('param').id, c.get('principal'));
      return c.body(null, 204);
    });
}

function personView(row: PersonListRow) {
  return { id: row.id, email: row.email, displayName: row.display_name, organisation: row.organisation, role: row.role as Role, createdAt: row.created_at, disabledAt: row.disabled_at };
}
