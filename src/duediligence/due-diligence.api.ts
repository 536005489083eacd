import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../http/env.js';
import { createApiRouter, problemResponse } from '../http/openapi.js';
import { problem } from '../http/problem.js';
import { negotiateLanguage, type Lang } from '../i18n/languages.js';
import { UploadTooLargeError } from '../identify/multipart-upload.js';
import { ROLES } from '../roles.js';
import { requireRole } from '../http/require-role.js';
import type { DueDiligenceCheck } from './due-diligence-check.js';
import { DUE_DILIGENCE_API, dueDiligenceCheckPath, lotEvidencePath, lotPhotoPath } from './due-diligence-paths.js';
import { CheckListSchema, CheckRequestSchema, CheckSchema, CheckWithLotsSchema, IdParamSchema, MAX_JSON_LOTS, PageQuerySchema } from './due-diligence.schemas.js';
import type { DueDiligenceService } from './due-diligence.service.js';
import { MAX_UPLOAD_BYTES, readDueDiligenceUpload, submissionOf } from './due-diligence.upload.js';
import type { Lot } from './lot.js';

const TAG = 'Due diligence';
const JSON_BODY_BYTES = 4 * 1024 ** 2;
const API_BASE = '/api/v1';
const signedIn = { middleware: [requireRole(...ROLES)], security: [{ bearerAuth: [] }] };
const auth = { 401: problemResponse('No or invalid API token.') };
const notVisible = problemResponse('No such check, or one of another organisation.');

export function checkJson(check: DueDiligenceCheck, lang: Lang) {
  const { organisation, requestedBy, ...rest } = check;
  return { ...rest, organisation: { slug: organisation.slug, name: organisation.name }, requestedBy: requestedBy.name, links: { page: dueDiligenceCheckPath(lang, check.id), self: `${API_BASE}${DUE_DILIGENCE_API}/${check.id}` } };
}

export function lotJson(checkId: string, lot: Lot) {
  return {
    id: lot.id,
    position: lot.position,
    state: lot.state,
    fields: lot.fields,
    photos: lot.photos.map((photo, i) => ({ name: photo.name, sha256: photo.sha256, url: lotPhotoPath(checkId, lot.id, i + 1) })),
    error: lot.error,
    outcome: lot.outcome,
    evidence: lot.evidence && {
      ...lot.evidence,
      photos: lot.evidence.photos.map(({ identificationId: _identification, ...hit }) => ({ ...hit, evidenceUrl: lotEvidencePath(checkId, lot.id, hit.objectId) })),
    },
    screenedAt: lot.screenedAt,
  };
}

const multipartSchema = {
  type: 'object' as const,
  properties: {
    catalogue: { type: 'string' as const, format: 'binary', description: 'The catalogue: CSV (lot, title, maker, inventory_number, date, dimensions, value_eur, provenance, images…) or a file of `format`.' },
    format: { type: 'string' as const, enum: ['csv', 'json', 'jsonl', 'lido', 'linked-art'], default: 'csv' },
    images: { type: 'array' as const, items: { type: 'string' as const, format: 'binary' }, description: 'Photos of the lots, matched by the images column, else by inventory number or lot number in the file name.' },
    archive: { type: 'string' as const, format: 'binary', description: 'Or a ZIP archive of the photos.' },
  },
};

const submitCheck = createRoute({
  method: 'post',
  path: DUE_DILIGENCE_API,
  operationId: 'submitDueDiligenceCheck',
  tags: [TAG],
  summary: 'Check lots or a catalogue',
  description:
    'Each lot is screened in the background against what the caller may see: objects reported stolen or missing (title, maker, inventory numbers, measurements ±5 %; photos identified), ' +
    'the published Red Lists, the EU import thresholds (Regulation (EU) 2019/880: age and value) and gaps in its provenance over 1933–1945 and since 1970. ' +
    `Answers 202 at once with the check; poll it (\`Location\`) until \`state\` is \`done\`. JSON: up to ${MAX_JSON_LOTS} lots without photos; multipart/form-data: a catalogue and its photos ` +
    `(up to ${MAX_UPLOAD_BYTES / 1024 ** 3} GiB). A row that cannot be read is reported as a broken lot; the others are checked.`,
  ...signedIn,
  request: { body: { content: { 'application/json': { schema: CheckRequestSchema }, 'multipart/form-data': { schema: multipartSchema } } } },
  responses: {
    202: { description: 'The check, queued.', headers: { Location: { description: 'The check.', schema: { type: 'string' as const } } }, content: { 'application/json': { schema: CheckSchema } } },
    400: problemResponse('A catalogue that cannot be read at all (no header line naming a title, inventory number or images column), an unknown format, an unreadable archive, or invalid lots; each field named.'),
    ...auth,
    413: problemResponse('A body over the limit.'),
    415: problemResponse('Neither JSON nor multipart/form-data.'),
  },
});

const listChecks = createRoute({
  method: 'get',
  path: DUE_DILIGENCE_API,
  operationId: 'listDueDiligenceChecks',
  tags: [TAG],
  summary: 'The organisation’s checks',
  description: 'Newest first, 20 a page, with their progress; admins see every organisation’s.',
  ...signedIn,
  request: { query: PageQuerySchema },
  responses: { 200: { description: 'A page of checks.', content: { 'application/json': { schema: CheckListSchema } } }, 400: problemResponse('An invalid page.'), ...auth },
});

const getCheck = createRoute({
  method: 'get',
  path: `${DUE_DILIGENCE_API}/{id}`,
  operationId: 'getDueDiligenceCheck',
  tags: [TAG],
  summary: 'One check and its lots',
  description: 'Its progress, and each lot with its outcome (`no-match`, `possible`, `match`) and evidence: the registry candidates with the rules that fired and their scores, photo matches with their evidence image, Red List categories, import thresholds and provenance gaps.',
  ...signedIn,
  request: { params: IdParamSchema },
  responses: { 200: { description: 'The check.', content: { 'application/json': { schema: CheckWithLotsSchema } } }, ...auth, 404: notVisible },
});

const isJson = (contentType: string | undefined) => /^application\/([\w.+-]+\+)?json\b/i.test(contentType ?? '');
const isMultipart = (contentType: string | undefined) => /^multipart\/form-data\b/i.test(contentType ?? '');

export function dueDiligenceApi(checks: DueDiligenceService) {
  const jsonLimit = bodyLimit({ maxSize: JSON_BODY_BYTES, onError: (c) => problem(c, 413, `The request body is larger than ${JSON_BODY_BYTES / 1024 ** 2} MiB.`) });
  const byBody: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const contentType = c.req.header('Content-Type');
    if (isJson(contentType)) return jsonLimit(c, next);
    if (isMultipart(contentType)) return next();
    return problem(c, 415, 'Send the lots as application/json, or a catalogue as multipart/form-data.');
  };
  const lang = (c: { req: { header(name: string): string | undefined } }) => negotiateLanguage(c.req.header('Accept-Language'));
  const router = createApiRouter();
  router.use(DUE_DILIGENCE_API, requireRole(...ROLES), byBody);
  return router
    .openapi(submitCheck, async (c) => {
      const principal = c.get('principal');
      let check: DueDiligenceCheck;
      if (isJson(c.req.header('Content-Type'))) {
        // Validated by the route's JSON schema; the multipart body (a plain schema, streamed) leaves it out of the route's types.
        const request = (c.req.valid as unknown as (target: 'json') => { lots: Lot['fields'][] })('json');
        check = await checks.submit(principal, { source: 'json', lots: request.lots.map((fields, i) => ({ position: i + 1, fields })) });
      } else {
        const upload = await readDueDiligenceUpload(c).catch((error: unknown) => {
          throw error instanceof UploadTooLargeError ? new HTTPException(413, { message: `The upload is larger than ${MAX_UPLOAD_BYTES / 1024 ** 3} GiB.` }) : error;
        });
        try {
          check = await checks.submit(principal, await submissionOf(upload, lang(c)));
        } finally {
          await upload.discard();
        }
      }
      c.header('Location', `${API_BASE}${DUE_DILIGENCE_API}/${check.id}`);
      return c.json(checkJson(check, lang(c)), 202);
    })
    .openapi(listChecks, async (c) => {
      const found = await checks.list(c.get('principal'), { page: c.req.valid('query').page });
      return c.json({ ...found, items: found.items.map((check) => checkJson(check, lang(c))) }, 200);
    })
    .openapi(getCheck, async (c) => {
      const { check, lots } = await checks.get(c.get('principal'), c.req.valid('param').id);
      return c.json({ ...checkJson(check, lang(c)), lots: lots.map((lot) => lotJson(check.id, lot)) }, 200);
    });
}
