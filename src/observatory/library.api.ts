import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/env.js';
import { createApiRouter, jsonBodyOnly, problemResponse } from '../http/openapi.js';
import { problem } from '../http/problem.js';
import { requireRole } from '../http/require-role.js';
import { LibraryItemInputSchema } from './library.js';
import { ConsentSchema, DocumentFormSchema, LawsQuerySchema, LibraryIdParamSchema, LibraryItemSchema, LibraryPageSchema, LibraryQuerySchema, RedListLawsSchema } from './library.schemas.js';
import { LIBRARY_PAGE_SIZE, MAX_DOCUMENT_BYTES, type LibraryService } from './library.service.js';

const TAG = 'Observatory library';
const auth = { 401: problemResponse('No or invalid API token.'), 403: problemResponse('Not an admin.') };
const adminJson = { middleware: [requireRole('admin'), jsonBodyOnly] as MiddlewareHandler<AppEnv>[], security: [{ bearerAuth: [] }] };
const itemJson = { content: { 'application/json': { schema: LibraryItemSchema } } };
const DOCUMENT_PATH = /^\/observatory\/library\/\d+\/document$/;

/** POST …/observatory/library/{id}/document: a PDF may exceed the app's general 1 MiB limit (it has its own, after the role check). */
export function isLibraryDocumentUpload(method: string, path: string, apiBase: string): boolean {
  return method === 'POST' && path.startsWith(apiBase) && DOCUMENT_PATH.test(path.slice(apiBase.length));
}

const searchLibrary = createRoute({
  method: 'get',
  path: '/observatory/library',
  operationId: 'searchLibrary',
  tags: [TAG],
  summary: 'Search the resource library',
  description: `Documents, laws, case studies and news, newest first, ${LIBRARY_PAGE_SIZE} a page. Case studies drawn from a registry object are listed once its owner consents (admins see every item).`,
  request: { query: LibraryQuerySchema },
  responses: { 200: { description: 'One page of items.', content: { 'application/json': { schema: LibraryPageSchema } } }, 400: problemResponse('An invalid filter, named.') },
});

const listLaws = createRoute({
  method: 'get',
  path: '/observatory/library/laws',
  operationId: 'listRedListLaws',
  tags: [TAG],
  summary: 'National laws from the published Red Lists',
  description: 'The laws the legal sections of the latest published Red List editions give, by country, each with its list.',
  request: { query: LawsQuerySchema },
  responses: { 200: { description: 'Laws by country.', content: { 'application/json': { schema: RedListLawsSchema } } }, 400: problemResponse('An invalid country code.') },
});

const getItem = createRoute({
  method: 'get',
  path: '/observatory/library/{id}',
  operationId: 'getLibraryItem',
  tags: [TAG],
  summary: 'A library item',
  request: { params: LibraryIdParamSchema },
  responses: { 200: { description: 'The item.', ...itemJson }, 404: problemResponse('No such item, or one the caller may not see.') },
});

const getDocument = createRoute({
  method: 'get',
  path: '/observatory/library/{id}/document',
  operationId: 'getLibraryDocument',
  tags: [TAG],
  summary: 'A library item’s PDF',
  request: { params: LibraryIdParamSchema },
  responses: { 200: { description: 'The PDF.', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } }, 404: problemResponse('No such item or document.') },
});

const createItem = createRoute({
  method: 'post',
  path: '/observatory/library',
  operationId: 'createLibraryItem',
  tags: [TAG],
  summary: 'Add a library item (admin)',
  ...adminJson,
  request: { body: { content: { 'application/json': { schema: LibraryItemInputSchema } }, required: true } },
  responses: { 201: { description: 'Created.', ...itemJson }, 400: problemResponse('Invalid fields, each named (an object that is not recovered included).'), ...auth, 415: problemResponse('The body is not JSON.') },
});

const replaceItem = createRoute({
  method: 'put',
  path: '/observatory/library/{id}',
  operationId: 'replaceLibraryItem',
  tags: [TAG],
  summary: 'Replace a library item (admin)',
  description: 'Drawing a case study from another object withdraws the consent given for the previous one.',
  ...adminJson,
  request: { params: LibraryIdParamSchema, body: { content: { 'application/json': { schema: LibraryItemInputSchema } }, required: true } },
  responses: { 200: { description: 'Replaced.', ...itemJson }, 400: problemResponse('Invalid fields, each named.'), ...auth, 404: problemResponse('No such item.'), 415: problemResponse('The body is not JSON.') },
});

const deleteItem = createRoute({
  method: 'delete',
  path: '/observatory/library/{id}',
  operationId: 'deleteLibraryItem',
  tags: [TAG],
  summary: 'Delete a library item (admin)',
  middleware: [requireRole('admin')],
  security: [{ bearerAuth: [] }],
  request: { params: LibraryIdParamSchema },
  responses: { 204: { description: 'Deleted.' }, ...auth, 404: problemResponse('No such item.') },
});

const setConsent = createRoute({
  method: 'post',
  path: '/observatory/library/{id}/consent',
  operationId: 'setLibraryConsent',
  tags: [TAG],
  summary: 'Consent to list a case study drawn from one’s object (registrar of its organisation, admin)',
  middleware: [requireRole('registrar', 'admin'), jsonBodyOnly],
  security: [{ bearerAuth: [] }],
  request: { params: LibraryIdParamSchema, body: { content: { 'application/json': { schema: ConsentSchema } }, required: true } },
  responses: {
    200: { description: 'The item with its consent.', ...itemJson },
    400: problemResponse('The item is not drawn from an object.'),
    401: problemResponse('No or invalid API token.'),
    403: problemResponse('Not a registrar of the object’s organisation, nor an admin.'),
    404: problemResponse('No such item, or one the caller may not see.'),
    415: problemResponse('The body is not JSON.'),
  },
});

const uploadDocument = createRoute({
  method: 'post',
  path: '/observatory/library/{id}/document',
  operationId: 'uploadLibraryDocument',
  tags: [TAG],
  summary: 'Attach a PDF to a library item (admin)',
  description: `Multipart, the PDF in the field \`document\`; it replaces the item’s previous one. At most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB.`,
  middleware: [requireRole('admin'), bodyLimit({ maxSize: MAX_DOCUMENT_BYTES + 64 * 1024, onError: (c) => problem(c, 413, `The document is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB.`) })],
  security: [{ bearerAuth: [] }],
  request: { params: LibraryIdParamSchema, body: { content: { 'multipart/form-data': { schema: DocumentFormSchema } }, required: true } },
  responses: { 200: { description: 'The item with its document.', ...itemJson }, 400: problemResponse('Not a PDF.'), ...auth, 404: problemResponse('No such item.'), 413: problemResponse('Too large.') },
});

/** The library's API: search and reads for anyone (what they may see), writes for admins, consent for the owners' registrars. */
export function libraryApi(library: LibraryService) {
  return createApiRouter()
    .openapi(listLaws, async (c) => {
      const laws = await library.redListLaws(c.req.valid('query').country);
      return c.json({ items: [...laws].map(([country, list]) => ({ country, laws: list.map(({ country: _country, ...law }) => law) })) }, 200);
    })
    .openapi(searchLibrary, async (c) => c.json(await library.search(c.get('principal') ?? null, c.req.valid('query')), 200))
    .openapi(getItem, async (c) => c.json(await library.get(c.get('principal') ?? null, c.req.valid('param').id), 200))
    .openapi(getDocument, async (c) => {
      const document = await library.readDocument(c.get('principal') ?? null, c.req.valid('param').id);
      return c.body(new Uint8Array(document.bytes), 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="${document.fileName}"` });
    })
    .openapi(createItem, async (c) => c.json(await library.create(c.get('principal')!, c.req.valid('json')), 201))
    .openapi(replaceItem, async (c) => c.json(await library.update(c.get('principal')!, c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(deleteItem, async (c) => {
      await library.delete(c.get('principal')!, c.req.valid('param').id);
      return c.body(null, 204);
    })
    .openapi(setConsent, async (c) => c.json(await library.setConsent(c.get('principal')!, c.req.valid('param').id, c.req.valid('json').consent), 200))
    .openapi(uploadDocument, async (c) => {
      const file = c.req.valid('form').document;
      return c.json(await library.attachDocument(c.get('principal')!, c.req.valid('param').id, file.name, Buffer.from(await file.arrayBuffer())), 200);
    });
}
