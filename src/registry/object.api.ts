import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Principal } from '../roles.js';
import { requireRole } from '../http/require-role.js';
import type { AppEnv } from '../http/env.js';
import { createApiRouter, jsonBodyOnly, problemResponse } from '../http/openapi.js';
import { DomainError } from '../errors.js';
import { CreateObjectSchema, IncidentInputSchema, ObjectDescriptionSchema, SensitiveSchema, StatusChangeSchema, UpdateObjectSchema } from './object.schemas.js';
import type { ObjectView } from './object-view.js';
import { VersionConflict, type ObjectService } from './object.service.js';
import { INCIDENT_METHODS, OBJECT_STATUSES } from './status.js';

const TAG = 'Registry';
const writers = { middleware: [requireRole('admin', 'registrar'), jsonBodyOnly], security: [{ bearerAuth: [] }] };
const IdParam = z.object({ id: z.string().min(1).max(40).openapi({ param: { name: 'id', in: 'path' }, example: '3k9x2m7q1w8e4r5t' }) });
const auth = { 401: problemResponse('No or invalid API token.'), 403: problemResponse('Not allowed for this token.') };

const IncidentViewSchema = z
  .object({
    id: z.string(),
    reference: z.string(),
    method: z.enum(INCIDENT_METHODS),
    discoveredOn: z.string().nullable(),
    reportedOn: z.string(),
    country: z.string().nullable(),
    reporter: z.string().optional(),
    reporterContact: z.string().nullable().optional(),
    circumstances: z.string().nullable().optional(),
    policeReportNumber: z.string().nullable().optional(),
    place: z.string().nullable().optional(),
    publish: z.boolean().optional(),
  })
  .openapi('Incident');

export const ObjectViewSchema = z
  .object({
    id: z.string(),
    inventoryNumber: z.string().nullable().openapi({ description: 'Null when the object has none.' }),
    organisation: z.object({ slug: z.string(), name: z.string() }),
    status: z.enum(OBJECT_STATUSES),
    onAlertList: z.boolean(),
    title: z.string(),
    description: ObjectDescriptionSchema,
    sensitive: SensitiveSchema.optional(),
    photos: z.array(z.object({ id: z.string(), width: z.number(), height: z.number(), mime: z.string(), caption: z.string().nullable(), url: z.string(), thumbnailUrl: z.string() })),
    incidents: z.array(IncidentViewSchema),
    completeness: z.object({ complete: z.boolean(), score: z.number(), missing: z.array(z.string()), missingRecommended: z.array(z.string()) }).passthrough(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    canEdit: z.boolean(),
  })
  .openapi('Object');

const objectResponse = (description: string) => ({
  description,
  headers: { ETag: { description: 'The object’s version, for If-Match.', schema: { type: 'string' as const } } },
  content: { 'application/json': { schema: ObjectViewSchema } },
});

const createObject = createRoute({
  method: 'post',
  path: '/objects',
  operationId: 'createObject',
  tags: [TAG],
  summary: 'Describe a new object (registrar, admin)',
  ...writers,
  request: { body: { content: { 'application/json': { schema: CreateObjectSchema } }, required: true } },
  responses: { 201: objectResponse('Created.'), 400: problemResponse('Invalid fields, each named.'), ...auth, 409: problemResponse('Inventory number already used.') },
});

const getObject = createRoute({
  method: 'get',
  path: '/objects/{id}',
  operationId: 'getObject',
  tags: [TAG],
  summary: 'Get an object',
  description: 'Answers 404 for an object the caller may not see, as if it did not exist.',
  request: { params: IdParam },
  responses: { 200: objectResponse('The object, as the caller may see it.'), 404: problemResponse('No such object (or not visible).') },
});

const patchObject = createRoute({
  method: 'patch',
  path: '/objects/{id}',
  operationId: 'editObject',
  tags: [TAG],
  summary: 'Edit an object (If-Match required)',
  description: 'Send the ETag you read as If-Match. If someone changed the object since, the edit is refused with 412 and nothing is lost.',
  ...writers,
  request: {
    params: IdParam,
    headers: z.object({ 'if-match': z.string().optional().openapi({ description: 'The ETag of the version being edited.' }) }),
    body: { content: { 'application/json': { schema: UpdateObjectSchema } }, required: true },
  },
  responses: {
    200: objectResponse('Updated.'),
    400: problemResponse('Invalid fields, each named.'),
    ...auth,
    404: problemResponse('No such object (or not visible).'),
    409: problemResponse('Inventory number already used.'),
    412: problemResponse('The object changed since the ETag was read.'),
    428: problemResponse('If-Match is missing.'),
  },
});

const changeStatus = createRoute({
  method: 'post',
  path: '/objects/{id}/status',
  operationId: 'changeObjectStatus',
  tags: [TAG],
  summary: 'Move an object through its lifecycle (recovered, found, disputed, closed, back in collection)',
  ...writers,
  request: { params: IdParam, body: { content: { 'application/json': { schema: StatusChangeSchema } }, required: true } },
  responses: { 200: objectResponse('Status changed.'), 400: problemResponse('Transition not allowed.'), ...auth, 404: problemResponse('No such object.') },
});

const reportIncident = createRoute({
  method: 'post',
  path: '/objects/{id}/incidents',
  operationId: 'reportIncident',
  tags: [TAG],
  summary: 'Report a theft, loss or other incident',
  description: 'The object becomes stolen or missing; with `publish: true` it joins the public alert list (without sensitive fields).',
  ...writers,
  request: { params: IdParam, body: { content: { 'application/json': { schema: IncidentInputSchema } }, required: true } },
  responses: { 201: objectResponse('Incident recorded.'), 400: problemResponse('Invalid fields, each named.'), ...auth, 404: problemResponse('No such object.') },
});

const objectHistory = createRoute({
  method: 'get',
  path: '/objects/{id}/history',
  operationId: 'getObjectHistory',
  tags: [TAG],
  summary: 'The object’s append-only history (owner, investigators, admins)',
  request: { params: IdParam },
  responses: {
    200: {
      description: 'Newest first.',
      content: {
        'application/json': {
          schema: z.object({ items: z.array(z.object({ at: z.string(), actor: z.string(), action: z.string(), reason: z.string().nullable(), changes: z.record(z.string(), z.unknown()) })) }),
        },
      },
    },
    403: problemResponse('Not entitled to the history.'),
    404: problemResponse('No such object.'),
  },
});

const etagOf = (view: ObjectView) => `"v${view.version}"`;

function sendObject<S extends 200 | 201>(c: Context<AppEnv>, view: ObjectView, status: S) {
  c.header('ETag', etagOf(view));
  if (status === 201) c.header('Location', `/api/v1/objects/${view.id}`);
  return c.json(view, status);
}

function actor(c: Context<AppEnv>): Principal {
  return c.get('principal')!;
}

/**
 * The version an `If-Match` names (`"v3"` → 3), undefined without the header (or an empty one).
 * If-Match compares strongly (RFC 9110 §13.1.1), so a weak tag (`W/"v3"`) matches nothing: 412.
 */
function ifMatchVersion(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const match = /^"v(\d+)"$/.exec(header.trim());
  if (!match) throw new DomainError('precondition-failed', `If-Match ${header} is not a current ETag of this object${header.trim().startsWith('W/') ? ' (a weak ETag never matches)' : ''}.`);
  return Number(match[1]);
}

export function objectApi(objects: ObjectService) {
  return createApiRouter()
    .openapi(createObject, async (c) => sendObject(c, await objects.create(actor(c), c.req.valid('json')), 201))
    .openapi(getObject, async (c) => sendObject(c, await objects.read(c.get('principal'), c.req.valid('param').id), 200))
    .openapi(patchObject, async (c) => {
      const version = ifMatchVersion(c.req.header('If-Match'));
      if (version === undefined) throw new DomainError('precondition-required', 'Send the ETag you read as If-Match, so that concurrent edits are never lost.');
      try {
        return sendObject(c, await objects.update(actor(c), c.req.valid('param').id, c.req.valid('json'), version), 200);
      } catch (error) {
        if (error instanceof VersionConflict) c.header('ETag', `"v${error.currentVersion}"`);
        throw error;
      }
    })
    .openapi(changeStatus, async (c) => {
      const { status, reason } = c.req.valid('json');
      return sendObject(c, await objects.changeStatus(actor(c), c.req.valid('param').id, status, reason, ifMatchVersion(c.req.header('If-Match'))), 200);
    })
    .openapi(reportIncident, async (c) => sendObject(c, await objects.reportIncident(actor(c), c.req.valid('param').id, c.req.valid('json')), 201))
    .openapi(objectHistory, async (c) => c.json({ items: await objects.history(c.get('principal'), c.req.valid('param').id) }, 200));
}
