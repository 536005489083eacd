import { createRoute, z } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env.js';
import { createApiRouter, jsonBodyOnly, problemResponse } from '../http/openapi.js';
import { requireRole } from '../http/require-role.js';
import type { Context } from 'hono';
import {
  EMERGENCY_STATUSES,
  EmergencyIdParamSchema,
  EmergencyInputSchema,
  EmergencyListSchema,
  EmergencySchema,
  EmergencySummarySchema,
  NoStrikeParamsSchema,
  SummaryQuerySchema,
} from './emergency.schemas.js';
import { NO_STRIKE_ROLES, type EmergencyService, type InsidePlace } from './emergency.service.js';
import type { NoStrikeExportService, SignedExport } from './no-strike-export.service.js';
import { HERITAGE_API } from './heritage-place-contract.js';

const TAG = 'Emergencies';
/** The header carrying a download's detached JWS (signing/signing.service.ts). */
export const SIGNATURE_HEADER = 'Egide-Signature';

const listEmergencies = createRoute({
  method: 'get',
  path: HERITAGE_API.emergencies,
  operationId: 'listEmergencies',
  tags: [TAG],
  summary: 'Every declared emergency',
  description: 'Active and closed (or those of one `status`), the latest start first.',
  request: { query: z.object({ status: z.enum(EMERGENCY_STATUSES).optional() }) },
  responses: {
    200: { description: 'The emergencies.', content: { 'application/json': { schema: EmergencyListSchema } } },
    400: problemResponse('An unknown status.'),
  },
});

const declareEmergency = createRoute({
  method: 'post',
  path: HERITAGE_API.emergencies,
  operationId: 'declareEmergency',
  tags: [TAG],
  summary: 'Declare an emergency (admin)',
  description: 'Over countries, a drawn area (GeoJSON Polygon or MultiPolygon), or both, from a start date; each invalid field or vertex is named.',
  middleware: [requireRole('admin'), jsonBodyOnly],
  security: [{ bearerAuth: [] }],
  request: { body: { content: { 'application/json': { schema: EmergencyInputSchema } }, required: true } },
  responses: {
    201: { description: 'Declared.', content: { 'application/json': { schema: EmergencySchema } } },
    400: problemResponse('An invalid field, named (`area.coordinates[0][3]` for a vertex).'),
    401: problemResponse('No or invalid API token.'),
    403: problemResponse('Not an admin.'),
    415: problemResponse('Not JSON.'),
  },
});

const getEmergency = createRoute({
  method: 'get',
  path: '/emergencies/{id}',
  operationId: 'getEmergency',
  tags: [TAG],
  summary: 'An emergency’s dashboard',
  description:
    'The emergency, the heritage places inside (in its countries or meeting its area) with their latest assessment, places assessed and not, conditions, museums inside, and the objects of those museums evacuated, missing and found since it began. ' +
    'A sensitive place’s position is given only to those who see it (its organisation, investigators, admins); others get its 1° region.',
  request: { params: EmergencyIdParamSchema, query: SummaryQuerySchema },
  responses: {
    200: { description: 'The dashboard.', content: { 'application/json': { schema: EmergencySummarySchema } } },
    400: problemResponse('An invalid parameter, named.'),
    404: problemResponse('No such emergency.'),
  },
});

const updateEmergency = createRoute({
  method: 'put',
  path: '/emergencies/{id}',
  operationId: 'updateEmergency',
  tags: [TAG],
  summary: 'Change an emergency’s declaration (admin)',
  description: 'The whole declaration, with the `version` read: a save over someone else’s newer one is refused (412). Closing an emergency is setting its `status` to `closed` and its `endsOn`.',
  middleware: [requireRole('admin'), jsonBodyOnly],
  security: [{ bearerAuth: [] }],
  request: {
    params: EmergencyIdParamSchema,
    body: { content: { 'application/json': { schema: EmergencyInputSchema.and(z.object({ version: z.number().int().min(1) })) } }, required: true },
  },
  responses: {
    200: { description: 'Saved.', content: { 'application/json': { schema: EmergencySchema } } },
    400: problemResponse('An invalid field, named.'),
    401: problemResponse('No or invalid API token.'),
    403: problemResponse('Not an admin.'),
    404: problemResponse('No such emergency.'),
    412: problemResponse('Someone saved a newer version.'),
    415: problemResponse('Not JSON.'),
  },
});

const exportNoStrikeList = createRoute({
  method: 'get',
  path: '/emergencies/{id}/no-strike/{format}',
  operationId: 'exportNoStrikeList',
  tags: [TAG],
  summary: 'The no-strike list of an emergency, signed (admin, investigator, heritage assessor)',
  description:
    'Every heritage place and museum inside, with its exact position, kind, protection status under the 1954 Hague Convention and responsible organisation, as GeoJSON, KML or CSV; the export time and the emergency are inside the file. ' +
    `The \`${SIGNATURE_HEADER}\` header holds the detached JWS of the bytes (Ed25519, keys at \`/api/v1/signing-keys\`). Every export is recorded in the audit trail.`,
  middleware: [requireRole(...NO_STRIKE_ROLES)],
  security: [{ bearerAuth: [] }],
  request: { params: NoStrikeParamsSchema },
  responses: {
    200: {
      description: 'The list, signed.',
      headers: { [SIGNATURE_HEADER]: { description: 'Detached JWS (`header..signature`) of the body.', schema: { type: 'string' } } },
      content: { 'application/geo+json': { schema: z.object({}).passthrough() }, 'application/vnd.google-earth.kml+xml': { schema: z.string() }, 'text/csv': { schema: z.string() } },
    },
    400: problemResponse('An unknown format.'),
    401: problemResponse('No or invalid API token.'),
    403: problemResponse('Not an admin, investigator or heritage assessor.'),
    404: problemResponse('No such emergency.'),
  },
});

/** A signed file as a download, its signature in the header. */
export function sendSigned(c: Context<AppEnv>, file: SignedExport): Response {
  return c.body(new Uint8Array(file.bytes), 200, {
    'Content-Type': file.contentType,
    'Content-Disposition': `attachment; filename="${file.fileName}"`,
    [SIGNATURE_HEADER]: file.signature,
  });
}

const placeJson = ({ names: _names, geometry: _geometry, ...place }: InsidePlace) => place;

export function emergencyApi(emergencies: EmergencyService, noStrike: NoStrikeExportService) {
  return createApiRouter()
    .openapi(listEmergencies, async (c) => {
      const { status } = c.req.valid('query');
      return c.json({ items: (await emergencies.list()).filter((emergency) => !status || emergency.status === status) }, 200);
    })
    .openapi(declareEmergency, async (c) => c.json(await emergencies.declare(c.get('principal')!, c.req.valid('json')), 201))
    .openapi(getEmergency, async (c) => {
      const { lang, limit } = c.req.valid('query');
      const summary = await emergencies.summary(c.get('principal') ?? null, c.req.valid('param').id, lang ?? 'en', limit);
      return c.json({ ...summary, items: summary.items.map(placeJson) }, 200);
    })
    .openapi(updateEmergency, async (c) => {
      const { version, ...input } = c.req.valid('json');
      return c.json(await emergencies.update(c.get('principal')!, c.req.valid('param').id, version, input), 200);
    })
    .openapi(exportNoStrikeList, async (c) => {
      const { id, format } = c.req.valid('param');
      return sendSigned(c, await noStrike.export(c.get('principal')!, id, format)) as never;
    });
}
