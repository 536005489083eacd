import { createRoute } from '@hono/zod-openapi';
import { requireRole } from '../http/require-role.js';
import { createApiRouter, problemResponse } from '../http/openapi.js';
import type { AuditTrail } from './audit.service.js';
import { exportedEntry } from './audit.service.js';
import { AUDIT_PAGE_SIZE, AuditPageSchema, AuditQuerySchema } from './audit.schemas.js';

const listAuditEntries = createRoute({
  method: 'get',
  path: '/audit',
  operationId: 'listAuditEntries',
  tags: ['Audit'],
  summary: 'Read the audit trail (admin)',
  description: `Entries newest first, ${AUDIT_PAGE_SIZE} a page, filtered by actor, organisation, action, target and dates. Each keeps its hashes, so that a copy can be checked.`,
  middleware: [requireRole('admin')],
  security: [{ bearerAuth: [] }],
  request: { query: AuditQuerySchema },
  responses: {
    200: { description: 'A page of entries.', content: { 'application/json': { schema: AuditPageSchema } } },
    400: problemResponse('An invalid filter, named.'),
    401: problemResponse('No or invalid API token.'),
    403: problemResponse('The token lacks the admin role.'),
  },
});

export function auditApi(audit: AuditTrail) {
  return createApiRouter().openapi(listAuditEntries, async (c) => {
    const { page, ...filter } = c.req.valid('query');
    const { total, items } = await audit.list({ ...filter, targetId: filter.target }, AUDIT_PAGE_SIZE, (page - 1) * AUDIT_PAGE_SIZE);
    return c.json({ total, page, pageSize: AUDIT_PAGE_SIZE, items: items.map(exportedEntry) }, 200);
  });
}
