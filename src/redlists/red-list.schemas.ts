import { z } from '@hono/zod-openapi';
import { CategorySchema, CountryCodeSchema, RedListDocumentSchema, SlugSchema, TextsSchema, YearSchema } from './red-list-document.js';
import { MAX_SEARCH_LIMIT, SEARCH_FIELDS } from './red-list-search.js';

export const SlugParamSchema = z.object({ slug: SlugSchema.openapi({ param: { name: 'slug', in: 'path' }, example: 'levant-demo' }) });
export const CategoryParamsSchema = SlugParamSchema.extend({ id: SlugSchema.openapi({ param: { name: 'id', in: 'path' }, example: 'painted-bowls' }) });

export const EditionQuerySchema = z.object({
  edition: z.coerce.number().int().min(1).max(1000).optional().openapi({ description: 'A published edition’s number; by default the latest.', example: 1 }),
});

const RegionSchema = z.object({ name: TextsSchema, countries: z.array(CountryCodeSchema) });

export const RedListSummarySchema = z
  .object({
    slug: z.string(),
    edition: z.number().int(),
    year: z.number().int(),
    publishedAt: z.string(),
    editions: z.array(z.number().int()).describe('Every published edition, newest first.'),
    title: TextsSchema,
    region: RegionSchema,
    languages: z.array(z.string()),
    demonstration: z.boolean().describe('A demonstration list written for Egide, not a list of the network.'),
    categoryCount: z.number().int(),
  })
  .openapi('RedListSummary');

const CountryQuerySchema = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'an ISO 3166-1 alpha-2 code such as LB')
  .transform((code) => code.toUpperCase())
  .optional();

export const RedListListQuerySchema = z.object({
  country: CountryQuerySchema.openapi({ description: 'Lists whose region includes this country (ISO 3166-1 alpha-2).', example: 'LB' }),
});

export const RedListSummariesSchema = z.object({ items: z.array(RedListSummarySchema) });

export const PublishedRedListSchema = z
  .object({
    slug: z.string(),
    edition: z.number().int(),
    publishedAt: z.string(),
    editions: z.array(z.number().int()),
    latest: z.boolean().describe('Whether this is the latest published edition.'),
    document: RedListDocumentSchema.describe('The edition as written (the documented JSON format). An example’s `image` is at `/media/red-lists/{slug}/{edition}/{original|display|thumbnail}/{image}`.'),
  })
  .openapi('PublishedRedList');

const CategoryRefSchema = z.object({ id: z.string(), name: TextsSchema });
const ListRefSchema = z.object({ slug: z.string(), edition: z.number().int(), title: TextsSchema, languages: z.array(z.string()), demonstration: z.boolean() });
const ImageUrlsSchema = z.object({ original: z.string(), display: z.string(), thumbnail: z.string() });

export const RedListCategorySchema = z
  .object({
    list: ListRefSchema,
    category: CategorySchema,
    ancestors: z.array(CategoryRefSchema).describe('The broader categories, nearest first.'),
    children: z.array(CategoryRefSchema).describe('The narrower categories.'),
    exampleImages: z.array(ImageUrlsSchema).describe('The images of `category.examples`, in the same order.'),
  })
  .openapi('RedListCategory');

export const RedListSearchQuerySchema = z.object({
  q: z.string().trim().max(200).optional().openapi({
    description: 'Words, in any language of the lists: accents and case are ignored, a word may be the beginning of one, and a word with one typo is corrected. Every word must match.',
    example: 'bronze statuette',
  }),
  country: CountryQuerySchema.openapi({ description: 'Categories of the lists whose region includes this country (ISO 3166-1 alpha-2).', example: 'LB' }),
  material: z.string().trim().min(1).max(80).optional().openapi({ description: 'A material keyword of the category or a broader one.', example: 'bronze' }),
  from: z.coerce.number().pipe(YearSchema).optional().openapi({ description: 'Categories whose period ends in or after this year (negative: BCE).', example: -500 }),
  to: z.coerce.number().pipe(YearSchema).optional().openapi({ description: 'Categories whose period begins in or before this year (negative: BCE).', example: 300 }),
  list: SlugSchema.optional().openapi({ description: 'One list, by slug.', example: 'levant-demo' }),
  limit: z.coerce.number().int().min(0).max(MAX_SEARCH_LIMIT).default(50).openapi({ description: `Hits per page, at most ${MAX_SEARCH_LIMIT}.`, example: 50 }),
  offset: z.coerce.number().int().min(0).max(10_000).default(0).openapi({ example: 0 }),
});
export type RedListSearchParams = z.infer<typeof RedListSearchQuerySchema>;

/** `from` after `to` is refused by name, as an invalid field. */
export function periodIssue(query: Pick<RedListSearchParams, 'from' | 'to'>): { field: string; message: string } | undefined {
  if (query.from !== undefined && query.to !== undefined && query.from > query.to) return { field: 'from', message: 'must not be after to' };
  return undefined;
}

export const RedListSearchResultSchema = z
  .object({
    total: z.number().int(),
    corrections: z.array(z.object({ from: z.string(), to: z.string() })).describe('Query words read as a close word of the lists (one typo).'),
    items: z.array(
      z.object({
        list: ListRefSchema,
        category: z.object({ id: z.string(), name: TextsSchema, parent: z.string().optional(), period: z.object({ from: z.number(), to: z.number() }).optional() }),
        ancestors: z.array(CategoryRefSchema),
        score: z.number(),
        matched: z.array(z.enum(SEARCH_FIELDS)).describe('The fields the words were found in.'),
      }),
    ),
  })
  .openapi('RedListSearchResult');

/** A form field that may be repeated: one value or several, always an array (none: empty). */
const repeatedFiles = z.preprocess((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]), z.array(z.instanceof(File, { message: 'each image as a file' })).max(2000));
const flag = z.enum(['true', 'false']).optional().transform((value) => value === 'true');

export const RedListImportFormSchema = z.object({
  document: z.union([z.instanceof(File), z.string().min(1)]).openapi({ type: 'string', format: 'binary', description: 'The list as the documented JSON format (a file or a text).' }),
  images: repeatedFiles.openapi({ type: 'array', items: { type: 'string', format: 'binary' }, description: 'The example images, each under the file name the document gives it.' }),
  publish: flag.openapi({ type: 'string', enum: ['true', 'false'], description: 'Publish the edition at once (it must then be complete: every text in every language of the list).' }),
  replaceDraft: flag.openapi({ type: 'string', enum: ['true', 'false'], description: 'Replace the list’s current draft, if it has one.' }),
});

export const RedListImportResultSchema = z
  .object({
    slug: z.string(),
    edition: z.number().int(),
    status: z.enum(['draft', 'published']),
    warnings: z.array(z.object({ field: z.string(), message: z.string() })).describe('Left in the draft (missing translations).'),
    unchanged: z.boolean(),
  })
  .openapi('RedListImportResult');
