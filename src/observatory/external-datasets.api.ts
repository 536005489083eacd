import { createRoute, z } from '@hono/zod-openapi';
import { createApiRouter, jsonBodyOnly, problemResponse } from '../http/openapi.js';
import { requireRole } from '../http/require-role.js';
import { datasetCsv } from './external-dataset-csv.js';
import type { ExternalDatasetService } from './external-datasets.service.js';
import { DatasetImportResultSchema, DatasetImportSchema, DatasetListSchema, DatasetSchema, DatasetIdParamSchema } from './library.schemas.js';

const TAG = 'Observatory';
const auth = { 401: problemResponse('No or invalid API token.'), 403: problemResponse('Not an admin.') };

const listDatasets = createRoute({
  method: 'get',
  path: '/observatory/datasets',
  operationId: 'listExternalDatasets',
  tags: [TAG],
  summary: 'External datasets',
  description: 'Figures published by others (police surveys, specialised units), newest publication first, without their rows. Never summed with Egide’s own figures.',
  responses: {
    200: { description: 'Each dataset’s source, definitions, caveats and shape.', content: { 'application/json': { schema: DatasetListSchema } } },
    401: problemResponse('An invalid or expired API token was sent (the list itself is public).'),
  },
});

const getDataset = createRoute({
  method: 'get',
  path: '/observatory/datasets/{id}',
  operationId: 'getExternalDataset',
  tags: [TAG],
  summary: 'An external dataset with its rows',
  request: { params: DatasetIdParamSchema },
  responses: {
    200: { description: 'The dataset.', content: { 'application/json': { schema: DatasetSchema } } },
    404: problemResponse('No dataset has this slug.'),
  },
});

const getDatasetCsv = createRoute({
  method: 'get',
  path: '/observatory/datasets/{id}/rows.csv',
  operationId: 'getExternalDatasetCsv',
  tags: [TAG],
  summary: 'An external dataset’s rows as CSV',
  description: 'The columns it was imported with (`country` or `region`, `year`, `value`), then `unit` and `source`.',
  request: { params: DatasetIdParamSchema },
  responses: {
    200: { description: 'The rows.', content: { 'text/csv': { schema: z.string() } } },
    404: problemResponse('No dataset has this slug.'),
  },
});

const importDataset = createRoute({
  method: 'post',
  path: '/observatory/datasets',
  operationId: 'importExternalDataset',
  tags: [TAG],
  summary: 'Import an external dataset (admin)',
  description:
    'The source’s metadata and the rows, as CSV (`csv`) or JSON (`rows`). All or nothing: every bad row is named (CSV line or JSON path, and column) — unknown country or region codes, ' +
    'values that are not non-negative numbers, a key given twice, a declared total that is not the sum of its parts. A dataset with the same slug is replaced.',
  middleware: [requireRole('admin'), jsonBodyOnly],
  security: [{ bearerAuth: [] }],
  request: { body: { content: { 'application/json': { schema: DatasetImportSchema } }, required: true } },
  responses: {
    201: { description: 'Imported.', content: { 'application/json': { schema: DatasetImportResultSchema } } },
    200: { description: 'Imported, replacing the dataset that had this slug.', content: { 'application/json': { schema: DatasetImportResultSchema } } },
    400: problemResponse('Invalid metadata or rows, each named.'),
    ...auth,
    415: problemResponse('The body is not JSON.'),
  },
});

const deleteDataset = createRoute({
  method: 'delete',
  path: '/observatory/datasets/{id}',
  operationId: 'deleteExternalDataset',
  tags: [TAG],
  summary: 'Delete an external dataset (admin)',
  middleware: [requireRole('admin')],
  security: [{ bearerAuth: [] }],
  request: { params: DatasetIdParamSchema },
  responses: { 204: { description: 'Deleted.' }, ...auth, 404: problemResponse('No dataset has this slug.') },
});

/** The external datasets' API: public reads and downloads, imports and deletions by admins. */
export function externalDatasetApi(datasets: ExternalDatasetService) {
  return createApiRouter()
    .openapi(listDatasets, async (c) => c.json({ items: await datasets.list() }, 200))
    .openapi(getDatasetCsv, async (c) => {
      const dataset = await datasets.get(c.req.valid('param').id);
      return c.body(datasetCsv(dataset), 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${dataset.slug}.csv"` });
    })
    .openapi(getDataset, async (c) => c.json(await datasets.get(c.req.valid('param').id), 200))
    .openapi(importDataset, async (c) => {
      const { csv, rows, ...metadata } = c.req.valid('json');
      const result = await datasets.import(c.get('principal')!, metadata, csv !== undefined ? { csv } : { rows: rows ?? [] });
      return c.json(result, result.replaced ? 200 : 201);
    })
    .openapi(deleteDataset, async (c) => {
      await datasets.delete(c.get('principal')!, c.req.valid('param').id);
      return c.body(null, 204);
    });
}

