import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRoute, z } from '@hono/zod-openapi';
import { invalid } from '../errors.js';
import { createApiRouter, problemResponse } from '../http/openapi.js';
import { requireRole } from '../http/require-role.js';
import { PLACE_WRITERS } from './places/heritage-place-access.js';
import { DEFAULT_MAPPING, parsePlaceMapping, placeRecords, placeSourceFormat, type PlaceMapping } from './places-import.js';
import type { PlacesImportService } from './places-import.service.js';

const IssueSchema = z.object({ row: z.number().int().describe('The CSV line, or the GeoJSON feature number (1 for the first).'), field: z.string(), message: z.string() });

const ImportFormSchema = z.object({
  file: z.instanceof(File).openapi({ type: 'string', format: 'binary', description: 'A CSV file (header line first) or a GeoJSON FeatureCollection (`.geojson` or `.json`).' }),
  mapping: z.string().optional().openapi({ description: 'The mapping as JSON (`PlaceImportMapping`); without it, columns and properties are read by the fields’ own names (`name` for the English name).' }),
  organisation: z.string().max(100).optional().openapi({ description: 'The responsible organisation of rows that name none.' }),
});

const ImportResultSchema = z
  .object({ imported: z.number().int(), placeIds: z.array(z.string()), refused: z.array(IssueSchema), warnings: z.array(IssueSchema) })
  .openapi('PlaceImportResult');

const importHeritagePlaces = createRoute({
  method: 'post',
  path: '/heritage-places/import',
  operationId: 'importHeritagePlaces',
  tags: ['Heritage places'],
  summary: 'Import heritage places from CSV or GeoJSON (admin, heritage assessor, registrar)',
  description:
    'Each record becomes a place through the same rules as `POST /heritage-places` (registrars: their museum’s places). A record with an invalid or self-intersecting geometry, coordinates out of range, or a missing name, kind or country is refused with its row and field; the others are imported. ' +
    'A bad optional field is left out with a warning. At most 1 MiB; larger files go through `egide places import`.',
  middleware: [requireRole(...PLACE_WRITERS)],
  security: [{ bearerAuth: [] }],
  request: { body: { content: { 'multipart/form-data': { schema: ImportFormSchema } }, required: true } },
  responses: {
    200: { description: 'What was imported, refused and warned of.', content: { 'application/json': { schema: ImportResultSchema } } },
    400: problemResponse('The file is not CSV or GeoJSON, or the mapping is invalid (each problem named).'),
    401: problemResponse('No or invalid API token.'),
    403: problemResponse('Not an admin, heritage assessor or registrar.'),
  },
});

function mappingOf(text: string | undefined): PlaceMapping {
  if (!text) return DEFAULT_MAPPING;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalid('The request has 1 invalid field(s): mapping.', [{ field: 'mapping', message: 'not JSON' }]);
  }
  const mapping = parsePlaceMapping(json);
  if ('issues' in mapping) throw invalid(`The request has ${mapping.issues.length} invalid field(s): mapping.`, mapping.issues);
  return mapping;
}

export function placesImportApi(imports: PlacesImportService) {
  return createApiRouter().openapi(importHeritagePlaces, async (c) => {
    const form = c.req.valid('form');
    const mapping = mappingOf(form.mapping);
    // The CSV reader streams from a file (it counts physical lines): the upload is written to one.
    const folder = await mkdtemp(join(tmpdir(), 'egide-places-'));
    try {
      const path = join(folder, form.file.name.replace(/[^\w.-]/g, '_') || 'places.csv');
      await writeFile(path, Buffer.from(await form.file.arrayBuffer()));
      const source = placeRecords(path, placeSourceFormat(form.file.name), mapping);
      return c.json(await imports.import(c.get('principal')!, source.records, source.mapping, form.organisation), 200);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
}
