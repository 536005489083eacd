import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { createApiRouter, problemResponse } from '../../http/openapi.js';
import { LANGUAGES, negotiateLanguage, type Lang } from '../../i18n/languages.js';
import { OBJECT_STATUSES } from '../status.js';
import { MAX_LIMIT, type SearchService } from './search.service.js';
import type { Range, SearchQuery } from './search.types.js';

const TAG = 'Search';
const MAX_VALUES = 30;
const MAX_OFFSET = 10_000;

const LangQuery = z.enum(LANGUAGES).optional().openapi({ description: 'Language of labels and titles; by default the Accept-Language header’s.', example: 'fr' });

/** A query parameter that may be repeated (`?type=a&type=b`): one value or several, always an array. */
function repeated<T extends z.ZodType>(item: T, description: string, example: string) {
  return z
    .preprocess((value) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]), z.array(item).max(MAX_VALUES))
    .optional()
    .openapi({ description: `${description} Repeat the parameter for several values (any of them matches).`, example: [example] });
}

const RANGE = /^(\d+(?:\.\d+)?)?-(\d+(?:\.\d+)?)?$/;

/** "30-40", "30-" or "-40" (cm, or kg for weight). */
function rangeParam(unit: string, example: string) {
  return z
    .string()
    .regex(RANGE, `a range such as 30-40, 30- or -40 (${unit})`)
    .refine((text) => text !== '-', { message: 'give at least one end of the range' })
    .refine((text) => {
      const [min, max] = text.split('-').map((part) => (part === '' ? undefined : Number(part)));
      return min === undefined || max === undefined || min <= max;
    }, 'the lower end is above the upper end')
    .optional()
    .openapi({ description: `A range in ${unit}: "min-max", "min-" (at least) or "-max" (at most).`, example });
}

function parseRange(text: string | undefined): Range | undefined {
  if (!text) return undefined;
  const [min = '', max = ''] = text.split('-');
  return { min: min === '' ? undefined : Number(min), max: max === '' ? undefined : Number(max) };
}

export const SearchQuerySchema = z.object({
  q: z.string().trim().max(200).optional().openapi({
    description: 'Words, in any language of the records: accents and case are ignored, the last word may be the beginning of a word, and a word with one typo is corrected.',
    example: 'portrait eveque',
  }),
  type: repeated(z.string().max(100), 'Object type (a vocabulary key such as `paintings`, narrower types included, or a free-text type as listed in the facets).', 'paintings'),
  material: repeated(z.string().max(100), 'Material (a vocabulary key such as `bronze`, or a free-text material as listed in the facets).', 'bronze'),
  status: repeated(z.enum(OBJECT_STATUSES), 'Status.', 'stolen'),
  country: repeated(z.string().regex(/^[A-Za-z]{2}$/, 'an ISO 3166-1 alpha-2 code such as FR'), 'Country of origin or discovery (ISO 3166-1 alpha-2).', 'FR'),
  period: repeated(
    z.string().regex(/^-?\d{1,5}00$/, 'a century as its first year, such as 1800 or -500'),
    'Century, as its first year: 1800 is 1800–1899, -500 is 500–401 BCE. Objects whose dating overlaps it match.',
    '1800',
  ),
  height: rangeParam('cm', '30-40'),
  width: rangeParam('cm', '-60'),
  depth: rangeParam('cm', '5-'),
  weight: rangeParam('kg', '1-3'),
  tolerance: z
    .string()
    .regex(/^\d+(?:\.\d+)?%?$/, 'a fraction such as 0.05, or a percentage such as 5%')
    .optional()
    .openapi({ description: 'Widens every range, for measurements taken differently: 0.05 or 5% turns 30-40 into 28.5-42. At most 50 %.', example: '5%' }),
  sort: z.enum(['relevance', 'newest']).optional().openapi({ description: 'Best matches first (the default with words), or most recently changed first (the default without).' }),
  limit: z.coerce.number().int().min(0).max(MAX_LIMIT).default(20).openapi({ description: `Hits per page, at most ${MAX_LIMIT}.`, example: 20 }),
  offset: z.coerce.number().int().min(0).max(MAX_OFFSET).default(0).openapi({ description: 'Hits to skip, for the next pages.', example: 0 }),
  lang: LangQuery,
});

function tolerance(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const value = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
  return Math.min(value, 0.5);
}

export const SearchHitSchema = z
  .object({
    id: z.string(),
    inventoryNumber: z.string().nullable().openapi({ description: 'Null when the object has none.' }),
    title: z.string().openapi({ description: 'In the requested language when the record has it.' }),
    status: z.enum(OBJECT_STATUSES),
    onAlertList: z.boolean(),
    objectType: z.string().nullable().openapi({ description: 'The narrowest type: a vocabulary key, or free text.' }),
    organisation: z.object({ slug: z.string(), name: z.string() }),
    thumbnailUrl: z.string().nullable(),
    dating: z.string().nullable(),
    makers: z.array(z.string()),
  })
  .openapi('SearchHit');

const FacetValueSchema = z
  .object({ value: z.string(), label: z.string().openapi({ description: 'In the requested language.' }), count: z.number().int() })
  .openapi('FacetValue');

export const SearchResultSchema = z
  .object({
    total: z.number().int(),
    items: z.array(SearchHitSchema),
    facets: z.object({
      type: z.array(FacetValueSchema),
      material: z.array(FacetValueSchema),
      status: z.array(FacetValueSchema),
      country: z.array(FacetValueSchema),
      period: z.array(FacetValueSchema).openapi({ description: 'Centuries, oldest first; values as in the `period` parameter.' }),
    }),
    corrections: z.array(z.tuple([z.string(), z.string()])).openapi({ description: 'Words replaced by a close registry word, as [typed, used].', example: [['portrat', 'portrait']] }),
    approximate: z
      .object({
        examined: z.number().int().optional(),
        totalIsLowerBound: z.boolean(),
        facetsOver: z.number().int().optional(),
        rankedByColumn: z.boolean().optional(),
      })
      .optional()
      .openapi({
        description:
          'Present only when a query matched so many objects that the search took shortcuts: only `examined` candidates (the newest) were examined, `total` may then be a lower bound, facets may count only the `facetsOver` best matches, and relevance may rank title and maker matches first instead of using bm25.',
      }),
  })
  .openapi('SearchResult');

const search = createRoute({
  method: 'get',
  path: '/search',
  operationId: 'searchObjects',
  tags: [TAG],
  summary: 'Search the registry',
  description:
    'Finds the objects the caller may see (the public: the alert list; registrars: their organisation’s objects and the alert list; investigators: reported objects; admins: everything). Counts and facets cover those objects only. Filters of different kinds combine (AND); repeated values of one filter are alternatives (OR).',
  request: { query: SearchQuerySchema },
  responses: {
    200: { description: 'One page of hits, the total and facet counts.', content: { 'application/json': { schema: SearchResultSchema } } },
    400: problemResponse('An invalid parameter, named.'),
  },
});

const SuggestionSchema = z.object({ text: z.string(), kind: z.enum(['title', 'maker']) }).openapi('Suggestion');

const suggest = createRoute({
  method: 'get',
  path: '/search/suggest',
  operationId: 'suggestSearchTerms',
  tags: [TAG],
  summary: 'Suggestions for what is being typed',
  description: 'Up to eight titles and makers of objects the caller may see, matching the words typed so far (the last one as a beginning).',
  request: {
    query: z.object({ q: z.string().trim().max(100).default('').openapi({ example: 'turn' }), lang: LangQuery }),
  },
  responses: {
    200: { description: 'The suggestions, best first.', content: { 'application/json': { schema: z.object({ items: z.array(SuggestionSchema) }) } } },
    400: problemResponse('An invalid parameter.'),
  },
});

const alerts = createRoute({
  method: 'get',
  path: '/alerts',
  operationId: 'listAlerts',
  tags: [TAG],
  summary: 'The public alert list',
  description: 'Objects reported stolen or missing and published, most recently changed first, without sensitive fields: the same list for every caller.',
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(0).max(MAX_LIMIT).default(20),
      offset: z.coerce.number().int().min(0).max(MAX_OFFSET).default(0),
      lang: LangQuery,
    }),
  },
  responses: {
    200: {
      description: 'One page of the alert list.',
      content: { 'application/json': { schema: z.object({ total: z.number().int(), items: z.array(SearchHitSchema) }).openapi('AlertList') } },
    },
    400: problemResponse('An invalid parameter.'),
  },
});

function language(c: Context<AppEnv>, lang: Lang | undefined): Lang {
  return lang ?? negotiateLanguage(c.req.header('Accept-Language'));
}

/** `GET /search`, `GET /search/suggest` and `GET /alerts`. */
export function searchApi(searchService: SearchService) {
  return createApiRouter()
    .openapi(search, async (c) => {
      const query = c.req.valid('query');
      const searchQuery: SearchQuery = {
        q: query.q || undefined,
        type: query.type,
        material: query.material,
        status: query.status,
        country: query.country?.map((code) => code.toUpperCase()),
        period: query.period,
        height: parseRange(query.height),
        width: parseRange(query.width),
        depth: parseRange(query.depth),
        weight: parseRange(query.weight),
        tolerance: tolerance(query.tolerance),
        sort: query.sort,
        limit: query.limit,
        offset: query.offset,
      };
      return c.json(await searchService.search(c.get('principal'), searchQuery, language(c, query.lang)), 200);
    })
    .openapi(suggest, async (c) => {
      const { q, lang } = c.req.valid('query');
      return c.json({ items: await searchService.suggest(c.get('principal'), q, language(c, lang)) }, 200);
    })
    .openapi(alerts, async (c) => {
      const { limit, offset, lang } = c.req.valid('query');
      return c.json(await searchService.alerts(limit, offset, language(c, lang)), 200);
    });
}
