import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { invalid } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { createApiRouter, problemResponse } from '../http/openapi.js';
import { problem } from '../http/problem.js';
import { requireRole } from '../http/require-role.js';
import { linksFor } from '../interop/base-url.js';
import { LINKED_ART_MEDIA_TYPE } from '../interop/linked-art/linked-art-writer.js';
import { negotiate } from '../interop/object-formats.api.js';
import type { Category } from './red-list-document.js';
import { categoryJsonLd } from './red-list-jsonld.js';
import { redListImagePath } from './red-list-paths.js';
import { categoryOf, childrenOf, isLatest, summaryOf, type PublishedRedList, type PublishedRedLists } from './red-list-public.js';
import type { RedListSearch } from './red-list-search.js';
import { ancestorsOf } from './red-list-text.js';
import {
  CategoryParamsSchema,
  EditionQuerySchema,
  periodIssue,
  PublishedRedListSchema,
  RedListCategorySchema,
  RedListSearchQuerySchema,
  RedListSearchResultSchema,
  RedListImportFormSchema,
  RedListImportResultSchema,
  RedListListQuerySchema,
  RedListSummariesSchema,
  SlugParamSchema,
} from './red-list.schemas.js';
import type { RedListService } from './red-list.service.js';

const TAG = 'Red Lists';

const listRedLists = createRoute({
  method: 'get',
  path: '/red-lists',
  operationId: 'listRedLists',
  tags: [TAG],
  summary: 'The published Red Lists',
  description: 'The latest published edition of every list, by slug; with `country`, the lists whose region includes it.',
  request: { query: RedListListQuerySchema },
  responses: {
    200: { description: 'A summary of each list.', content: { 'application/json': { schema: RedListSummariesSchema } } },
    400: problemResponse('An invalid country code.'),
  },
});

const searchRedLists = createRoute({
  method: 'get',
  path: '/red-lists/search',
  operationId: 'searchRedLists',
  tags: [TAG],
  summary: 'Search the categories of every published Red List',
  description: 'Words, country, material and period combine; without words, the categories that pass the filters in list order.',
  request: { query: RedListSearchQuerySchema },
  responses: {
    200: { description: 'The matching categories, best first.', content: { 'application/json': { schema: RedListSearchResultSchema } } },
    400: problemResponse('An invalid parameter, named (`from` after `to` included).'),
  },
});

const getRedList = createRoute({
  method: 'get',
  path: '/red-lists/{slug}',
  operationId: 'getRedList',
  tags: [TAG],
  summary: 'A published Red List',
  description: 'The latest published edition as its document, or an earlier one with `edition`.',
  request: { params: SlugParamSchema, query: EditionQuerySchema },
  responses: {
    200: { description: 'The edition.', content: { 'application/json': { schema: PublishedRedListSchema } } },
    400: problemResponse('An invalid edition number.'),
    404: problemResponse('No published list has this slug, or no such edition.'),
  },
});

const getRedListCategory = createRoute({
  method: 'get',
  path: '/red-lists/{slug}/categories/{id}',
  operationId: 'getRedListCategory',
  tags: [TAG],
  summary: 'A category of a published Red List',
  description: 'With `Accept: application/ld+json`, the category as JSON-LD (as `/red-lists/{slug}/categories/{id}.jsonld`).',
  request: { params: CategoryParamsSchema, query: EditionQuerySchema },
  responses: {
    200: {
      description: 'The category, its broader and narrower categories, and the URLs of its example images.',
      content: { 'application/json': { schema: RedListCategorySchema }, 'application/ld+json': { schema: z.object({}).passthrough() } },
    },
    400: problemResponse('An invalid edition number.'),
    404: problemResponse('No such list, edition or category.'),
  },
});

/** A list's document and its images in one request: larger lists go through `egide red-list import`. */
const MAX_IMPORT_BYTES = 256 * 1024 * 1024;
const IMPORT_PATH = '/red-lists/import';

/** POST …/red-lists/import: its body may exceed the app's general 1 MiB limit (it has its own, after the role check). */
export function isRedListImport(method: string, path: string, apiBase: string): boolean {
  return method === 'POST' && path === `${apiBase}${IMPORT_PATH}`;
}

const multipartOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!/^multipart\/form-data\b/i.test(c.req.header('Content-Type') ?? '')) return problem(c, 415, 'Send the list as multipart/form-data: the JSON in the field "document", each image in a field "images".');
  return next();
};

const importRedList = createRoute({
  method: 'post',
  path: IMPORT_PATH,
  operationId: 'importRedList',
  tags: [TAG],
  summary: 'Import a Red List edition (admin, Red List editor)',
  description:
    'The documented JSON file in the field `document` and each example image in a field `images` (its file name is the name the document gives it). ' +
    'A new list, or the next edition of one the caller edits; everything is checked before anything is written, and each problem is named by its JSON path. ' +
    `At most ${MAX_IMPORT_BYTES / 1024 / 1024} MiB; larger lists are imported with \`egide red-list import\`.`,
  middleware: [requireRole('admin', 'red-list-editor'), bodyLimit({ maxSize: MAX_IMPORT_BYTES, onError: (c) => problem(c, 413, `The import is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB: use \`egide red-list import\`.`) }), multipartOnly],
  security: [{ bearerAuth: [] }],
  request: { body: { content: { 'multipart/form-data': { schema: RedListImportFormSchema } }, required: true } },
  responses: {
    201: { description: 'Imported, as a draft or published.', content: { 'application/json': { schema: RedListImportResultSchema } } },
    200: { description: 'This edition was already published, identical: nothing was written.', content: { 'application/json': { schema: RedListImportResultSchema } } },
    400: problemResponse('The document or an image is invalid; each problem is named (JSON path, file).'),
    401: problemResponse('No or invalid API token.'),
    403: problemResponse('Not an admin or Red List editor, or not an editor of this list.'),
    409: problemResponse('The edition is already published and differs, or the list has a draft (send `replaceDraft=true`).'),
    413: problemResponse(`Larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB.`),
    415: problemResponse('Not multipart/form-data.'),
  },
});

const ref = (category: Category) => ({ id: category.id, name: category.name });
const listRef = (published: PublishedRedList) => ({
  slug: published.slug,
  edition: published.edition,
  title: published.document.title,
  languages: published.document.languages,
  demonstration: published.document.demonstration,
});

function sendJsonLd(c: Context<AppEnv>, published: PublishedRedList, category: Category, apiBase: string): Response {
  c.header('Vary', 'Accept');
  return c.body(JSON.stringify(categoryJsonLd(published, category, linksFor(c).base, apiBase), null, 2), 200, { 'Content-Type': LINKED_ART_MEDIA_TYPE });
}

/** The read API of published Red Lists (`apiBase` makes the JSON-LD ids absolute), and the import. */
export function redListApi(lists: PublishedRedLists & Pick<RedListService, 'importDocument'>, search: RedListSearch, apiBase: string) {
  const router = createApiRouter();
  // Before the category route, which would read "x.jsonld" as a category id.
  router.get('/red-lists/:slug/categories/:file{[a-z0-9-]+\\.jsonld}', async (c) => {
    const published = await lists.getPublished(c.req.param('slug'), editionParam(c.req.query('edition')));
    return sendJsonLd(c, published, categoryOf(published, c.req.param('file').replace(/\.jsonld$/, '')), apiBase);
  });
  // The same by content negotiation; anything else falls through to the JSON view.
  router.get('/red-lists/:slug/categories/:id', async (c, next) => {
    if (negotiate(c.req.header('Accept')).format === 'linked-art') {
      const published = await lists.getPublished(c.req.param('slug'), editionParam(c.req.query('edition')));
      return sendJsonLd(c, published, categoryOf(published, c.req.param('id')), apiBase);
    }
    await next();
    c.res.headers.append('Vary', 'Accept');
  });
  return router
    .openapi(importRedList, async (c) => {
      const form = c.req.valid('form');
      const images = new Map<string, Buffer>();
      for (const file of form.images) {
        if (images.has(file.name)) throw invalid('The request has 1 invalid field(s): images.', [{ field: 'images', message: `two images are named ${file.name}` }]);
        images.set(file.name, Buffer.from(await file.arrayBuffer()));
      }
      const result = await lists.importDocument(c.get('principal')!, await documentJson(form.document), images, { publish: form.publish, replaceDraft: form.replaceDraft });
      return c.json(result, result.unchanged ? 200 : 201);
    })
    .openapi(listRedLists, async (c) => {
      const { country } = c.req.valid('query');
      const published = await lists.listPublished();
      return c.json({ items: published.filter((list) => !country || list.document.region.countries.includes(country)).map(summaryOf) }, 200);
    })
    .openapi(searchRedLists, async (c) => {
      const query = c.req.valid('query');
      const issue = periodIssue(query);
      if (issue) throw invalid(`The request has 1 invalid field(s): ${issue.field}.`, [issue]);
      const result = await search.search(query);
      return c.json(
        {
          total: result.total,
          corrections: result.corrections.map(([from, to]) => ({ from, to })),
          items: result.hits.map((hit) => ({
            list: hit.list,
            category: { id: hit.category.id, name: hit.category.name, parent: hit.category.parent, period: hit.category.period && { from: hit.category.period.from, to: hit.category.period.to } },
            ancestors: hit.ancestors.map(ref),
            score: Math.round(hit.score * 100) / 100,
            matched: hit.matched,
          })),
        },
        200,
      );
    })
    .openapi(getRedList, async (c) => {
      const published = await lists.getPublished(c.req.valid('param').slug, c.req.valid('query').edition);
      return c.json({ ...published, latest: isLatest(published) }, 200);
    })
    .openapi(getRedListCategory, async (c) => {
      const { slug, id } = c.req.valid('param');
      const published = await lists.getPublished(slug, c.req.valid('query').edition);
      const category = categoryOf(published, id);
      const image = (name: string) => ({
        original: redListImagePath(slug, published.edition, name, 'original'),
        display: redListImagePath(slug, published.edition, name, 'display'),
        thumbnail: redListImagePath(slug, published.edition, name, 'thumbnail'),
      });
      return c.json(
        {
          list: listRef(published),
          category,
          ancestors: ancestorsOf(category, published.document.categories).map(ref),
          children: childrenOf(published.document, category.id).map(ref),
          exampleImages: category.examples.map((example) => image(example.image)),
        },
        200,
      );
    });
}

/** The document field as JSON: a file or a text, refused by name when it is not JSON. */
async function documentJson(document: File | string): Promise<unknown> {
  const text = typeof document === 'string' ? document : await document.text();
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw invalid('The request has 1 invalid field(s): document.', [{ field: 'document', message: `not JSON: ${(error as Error).message}` }]);
  }
}

/** `?edition=` of the JSON-LD routes, which are outside the validated ones: checked by the same schema as theirs. */
function editionParam(value: string | undefined): number | undefined {
  const parsed = EditionQuerySchema.safeParse({ edition: value });
  if (!parsed.success) throw invalid('The request has 1 invalid field(s): edition.', [{ field: 'edition', message: 'a published edition’s number' }]);
  return parsed.data.edition;
}

/** Documents the JSON-LD route in the OpenAPI description. */
export function documentRedListJsonLd(api: OpenAPIHono<AppEnv>): void {
  api.openAPIRegistry.registerPath({
    method: 'get',
    path: '/red-lists/{slug}/categories/{id}.jsonld',
    operationId: 'getRedListCategoryJsonLd',
    tags: [TAG],
    summary: 'A Red List category as JSON-LD',
    description:
      'Linked Art shaped: a `Type` named in each language of its list, `broader` its parent category, `skos:broadMatch` its Getty AAT concepts, its period as `timespan`, its examples as `representation`.',
    request: { params: CategoryParamsSchema, query: EditionQuerySchema },
    responses: {
      200: { description: 'The category as JSON-LD.', content: { 'application/ld+json': { schema: z.object({}).passthrough() } } },
      400: problemResponse('An invalid edition number.'),
      404: problemResponse('No such list, edition or category.'),
    },
  });
}
