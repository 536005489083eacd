import { z } from '@hono/zod-openapi';
import { DatasetMetadataSchema, DatasetSlugSchema, JsonRowSchema, MAX_ROWS } from './external-dataset.js';
import { LIBRARY_KINDS, LIBRARY_THEMES, LibraryTextsSchema } from './library.js';

/** Request and response shapes of the external datasets' and the library's API. */

/** A dataset is named in paths by its slug. */
export const DatasetIdParamSchema = z.object({ id: DatasetSlugSchema.openapi({ param: { name: 'id', in: 'path' }, description: 'The dataset’s slug.', example: 'police-survey-2023' }) });

const DatasetRowSchema = z
  .object({
    area: z.string().optional().describe('An ISO 3166-1 alpha-2 country or a UN M49 region code, or `total`.'),
    year: z.union([z.number().int(), z.literal('total')]).optional(),
    value: z.number(),
  })
  .openapi('ExternalDatasetRow');

const DatasetShapeSchema = z.object({ area: z.enum(['country', 'region']).nullable(), year: z.boolean() });

export const DatasetSummarySchema = DatasetMetadataSchema.extend({
  shape: DatasetShapeSchema,
  rowCount: z.number().int(),
  importedAt: z.string(),
}).openapi('ExternalDatasetSummary');

export const DatasetSchema = DatasetSummarySchema.extend({ rows: z.array(DatasetRowSchema) }).openapi('ExternalDataset');
export const DatasetListSchema = z.object({ items: z.array(DatasetSummarySchema) });

export const DatasetImportSchema = DatasetMetadataSchema.extend({
  csv: z
    .string()
    .min(1)
    .optional()
    .openapi({ description: 'The rows as CSV: a header `country` or `region`, and/or `year`, and `value`; `total` in an area or year cell declares a total.', example: 'region,year,value\n150,2022,40\n002,2022,10\ntotal,2022,50\n' }),
  rows: z.array(JsonRowSchema).max(MAX_ROWS).optional().openapi({ description: 'The rows as JSON, with the CSV file’s columns.' }),
})
  .refine((body) => (body.csv === undefined) !== (body.rows === undefined), { path: ['rows'], message: 'either csv or rows, one of them' })
  .openapi('ExternalDatasetImport');

export const DatasetImportResultSchema = z.object({ dataset: DatasetSchema, replaced: z.boolean() });

export const LibraryIdParamSchema = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).openapi({ param: { name: 'id', in: 'path' }, example: 1 }) });

const CountryFilterSchema = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'an ISO 3166-1 alpha-2 code such as IQ')
  .transform((code) => code.toUpperCase());

export const LibraryQuerySchema = z.object({
  q: z.string().trim().max(200).optional().openapi({ description: 'Words in any of the three languages: accents and case are ignored; each word must begin a word of the item.', example: 'eveque' }),
  kind: z.enum(LIBRARY_KINDS).optional(),
  country: CountryFilterSchema.optional().openapi({ example: 'IQ' }),
  theme: z.enum(LIBRARY_THEMES).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

export const LibraryItemSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(LIBRARY_KINDS),
    texts: LibraryTextsSchema,
    countries: z.array(z.string()),
    themes: z.array(z.enum(LIBRARY_THEMES)),
    source: z.string(),
    licence: z.string(),
    publishedOn: z.string(),
    url: z.string().nullable(),
    objectId: z.string().nullable(),
    consent: z.boolean().describe('A case study drawn from an object: whether its owner consented to list it.'),
    listed: z.boolean().describe('Whether the public sees the item.'),
    document: z.object({ fileName: z.string(), size: z.number().int() }).nullable().describe('The uploaded PDF, at `/observatory/library/{id}/document`.'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('LibraryItem');

export const LibraryPageSchema = z.object({ items: z.array(LibraryItemSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export const ConsentSchema = z.object({ consent: z.boolean() }).openapi('LibraryConsent');

export const LawsQuerySchema = z.object({ country: CountryFilterSchema.optional().openapi({ example: 'IQ' }) });

const TextsSchema = z.record(z.string(), z.string());
export const RedListLawsSchema = z.object({
  items: z.array(
    z.object({
      country: z.string(),
      laws: z.array(
        z.object({
          title: TextsSchema,
          reference: z.string(),
          year: z.number().int().optional(),
          url: z.string().optional(),
          summary: TextsSchema.optional(),
          list: z.object({ slug: z.string(), edition: z.number().int(), title: TextsSchema }),
        }),
      ),
    }),
  ),
});

export const DocumentFormSchema = z.object({
  document: z.instanceof(File, { message: 'a PDF file' }).openapi({ type: 'string', format: 'binary', description: 'The PDF.' }),
});
