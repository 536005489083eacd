import { createRoute } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { TrustedProxies } from '../../config/trusted-proxies.js';
import { invalid } from '../../errors.js';
import type { AppEnv } from '../../http/env.js';
import { createApiRouter, problemResponse } from '../../http/openapi.js';
import { problem } from '../../http/problem.js';
import { requireRole } from '../../http/require-role.js';
import { LANGUAGES, negotiateLanguage, type Lang } from '../../i18n/languages.js';
import { admitIdentification, type IdentificationAdmission } from '../../identify/identification-admission.js';
import { readMultipartUpload, UploadTooLargeError, type MultipartUpload } from '../../identify/multipart-upload.js';
import { MAX_PHOTO_BYTES } from '../../registry/photos/photo-image.js';
import { customsCheckPdfPath, customsCheckResultPath, redListCategoryPath } from '../red-list-paths.js';
import { textFor } from '../red-list-text.js';
import type { Reason } from './check-model.js';
import { FORM_FIELDS, formIssues, formValues, parseCheckForm, withFormFields } from './customs-check.form.js';
import { MAX_CHECK_PHOTOS, CheckListSchema, CheckRequestSchema, CheckSchema, DecisionSchema, IdParamSchema, LangQuerySchema, PageQuerySchema, type CheckJson, type CheckRequest } from './customs-check.schemas.js';
import type { CheckPhoto, CheckView, CustomsCheckService } from './customs-check.service.js';
import { matchText, reasonText } from './reason-text.js';

const TAG = 'Customs check';
const JSON_BODY_BYTES = 64 * 1024;
const RETRY_AFTER = { 'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer' as const } } };
const officers = { middleware: [requireRole('investigator', 'admin')], security: [{ bearerAuth: [] }] };
const auth = { 401: problemResponse('No or invalid API token.'), 403: problemResponse('Customs checks are for investigators and admins.') };
const notVisible = problemResponse('No such check, or one of another organisation.');

/** Up to MAX_CHECK_PHOTOS photos, each under the photo limit, and the multipart envelope around them (boundaries, part headers, the facts). */
export const MAX_CHECK_UPLOAD_BYTES = MAX_CHECK_PHOTOS * MAX_PHOTO_BYTES + 64 * 1024;

/** A check's multipart body, its photos (the field `photo`, repeated) written to temporary files. */
export async function readCheckUpload(c: Context<AppEnv>): Promise<MultipartUpload> {
  if (Number(c.req.header('Content-Length') ?? 0) > MAX_CHECK_UPLOAD_BYTES) throw new UploadTooLargeError(MAX_CHECK_UPLOAD_BYTES);
  return readMultipartUpload(c.req.raw.body, c.req.header('Content-Type') ?? '', { fileFields: ['photo'], maxBytes: MAX_CHECK_UPLOAD_BYTES, maxFilesPerField: MAX_CHECK_PHOTOS });
}

/** The photos sent, in order; a form's empty file inputs (no file chosen) are not photos. */
export function uploadedPhotos(upload: MultipartUpload): CheckPhoto[] {
  return (upload.fileLists.photo ?? []).filter((file) => file.size > 0).map((file) => ({ source: { path: file.path }, filename: file.filename }));
}

/** POST /api/v1/customs-checks and POST /{lang}/customs-check: bodies with photos, under the photos' limit rather than the app's general one. */
export function isCustomsCheckUpload(method: string, path: string, apiBase: string): boolean {
  return method === 'POST' && (path === `${apiBase}/customs-checks` || new RegExp(`^/(${LANGUAGES.join('|')})/customs-check$`).test(path));
}

/** The check in the reader's language: reasons as text, category names picked, links. */
export function checkJson({ check, countries }: Pick<CheckView, 'check' | 'countries'>, lang: Lang): CheckJson {
  const reasons = (list: readonly Reason[]) => list.map((reason) => ({ key: reason.key, ...(reason.params ? { params: reason.params } : {}), text: reasonText(reason, lang, countries) }));
  const { assessment, decision } = check;
  return {
    id: check.id,
    createdAt: check.createdAt,
    organisation: { slug: check.organisation.slug, name: check.organisation.name },
    officer: check.officer.name,
    place: check.place,
    facts: check.facts,
    identificationIds: check.identificationIds,
    recommendation: { ...assessment.recommendation, reasons: reasons(assessment.recommendation.reasons) },
    registry: assessment.registry.map((match) => ({ ...match })),
    categories: assessment.categories.map((category) => ({
      ...category,
      name: textFor(category.name, lang, []).text,
      reasons: category.reasons.map((reason) => ({ ...reason, text: matchText(reason, lang, countries) })),
      url: redListCategoryPath(lang, category.listSlug, category.categoryId, category.edition) })),
    rules: assessment.rules.map((rule) => ({ ...rule, reasons: reasons(rule.reasons), references: rule.references.map(({ title, ...reference }) => ({ ...reference, ...(title ? { title: textFor(title, lang, []).text } : {}) })) })),
    missing: assessment.missing,
    editions: check.editions,
    decision: decision && { decision: decision.decision, reason: decision.reason, overridesRecommendation: decision.decision !== assessment.recommendation.action, decidedBy: decision.decidedBy.name, decidedAt: decision.decidedAt },
    links: { page: customsCheckResultPath(lang, check.id), pdf: customsCheckPdfPath(lang, check.id) },
  };
}

const multipartSchema = {
  type: 'object' as const,
  properties: {
    photo: {
      type: 'array' as const,
      items: { type: 'string' as const, format: 'binary' },
      maxItems: MAX_CHECK_PHOTOS,
      description: `Photos of the object (optional; up to ${MAX_CHECK_PHOTOS}, the field repeated; JPEG, PNG, WebP, TIFF or AVIF).`,
    },
    ...Object.fromEntries(FORM_FIELDS.map((name) => [name, { type: 'string' as const }])),
  },
};

const runCheck = createRoute({
  method: 'post',
  path: '/customs-checks',
  operationId: 'runCustomsCheck',
  tags: [TAG],
  summary: 'Check an object at the border',
  description:
    'The photo (optional) is identified against the registry (what the caller may see), the declared facts are read against the published Red Lists: ' +
    'the answer gives the registry matches, the Red List categories the object may belong to (ranked, with reasons), the rules that apply (EU Regulation 2019/880, ' +
    'the origin country’s export rules and convention status), a recommendation (release, hold for an expert, detain) and what is missing. ' +
    'The check is recorded for the caller’s organisation. Send JSON (`facts`, `place`) without a photo, or multipart/form-data with the photo in the field `photo` ' +
    `(up to ${MAX_PHOTO_BYTES / 1_000_000} MB) and the facts as the form’s fields: \`periodFrom\`/\`periodTo\` years (negative: BCE, or \`periodFromEra\`/\`periodToEra\` = \`bce\`), ` +
    '`periodPreset` instead of years, `importLicence`/`importerStatement`/`exportCertificate` = `on`, `place`, `latitude`, `longitude`.',
  ...officers,
  request: {
    query: LangQuerySchema,
    body: { content: { 'application/json': { schema: CheckRequestSchema }, 'multipart/form-data': { schema: multipartSchema } } },
  },
  responses: {
    201: { description: 'The check and its answer.', headers: { Location: { description: 'The check.', schema: { type: 'string' as const } } }, content: { 'application/json': { schema: CheckSchema } } },
    400: problemResponse('A fact out of range (an unknown country code, `from` after `to`, a negative value) or a photo Egide cannot read; each field named.'),
    ...auth,
    413: problemResponse(`A photo larger than ${MAX_PHOTO_BYTES / 1_000_000} MB, or a JSON body over ${JSON_BODY_BYTES / 1024} KiB.`),
    415: problemResponse('Neither JSON nor multipart/form-data.'),
    422: problemResponse('A blank or featureless photo: not enough detail to identify anything.'),
    429: { ...problemResponse('Too many identifications from this account in the last minute.'), headers: RETRY_AFTER },
    503: { ...problemResponse('The server is identifying as many photos as it can take.'), headers: RETRY_AFTER },
  },
});

const listChecks = createRoute({
  method: 'get',
  path: '/customs-checks',
  operationId: 'listCustomsChecks',
  tags: [TAG],
  summary: 'The organisation’s checks',
  description: 'Newest first, 20 a page; admins see every organisation’s.',
  ...officers,
  request: { query: PageQuerySchema },
  responses: { 200: { description: 'A page of checks.', content: { 'application/json': { schema: CheckListSchema } } }, 400: problemResponse('An invalid page.'), ...auth },
});

const getCheck = createRoute({
  method: 'get',
  path: '/customs-checks/{id}',
  operationId: 'getCustomsCheck',
  tags: [TAG],
  summary: 'One check',
  description: 'For the investigators of the organisation that made it, and admins; recorded in the audit trail.',
  ...officers,
  request: { params: IdParamSchema, query: LangQuerySchema },
  responses: { 200: { description: 'The check.', content: { 'application/json': { schema: CheckSchema } } }, ...auth, 404: notVisible },
});

const decideCheck = createRoute({
  method: 'post',
  path: '/customs-checks/{id}/decision',
  operationId: 'decideCustomsCheck',
  tags: [TAG],
  summary: 'Confirm or override the recommendation',
  description: 'Once per check; a decision other than the recommendation needs a `reason`.',
  ...officers,
  request: { params: IdParamSchema, query: LangQuerySchema, body: { content: { 'application/json': { schema: DecisionSchema } }, required: true } },
  responses: {
    200: { description: 'The check with its decision.', content: { 'application/json': { schema: CheckSchema } } },
    400: problemResponse('An unknown decision, or an override without a reason.'),
    ...auth,
    404: notVisible,
    409: problemResponse('The check was decided already.'),
  },
});

const isJson = (contentType: string | undefined) => /^application\/([\w.+-]+\+)?json\b/i.test(contentType ?? '');
const isMultipart = (contentType: string | undefined) => /^multipart\/form-data\b/i.test(contentType ?? '');

export function customsCheckApi(checks: CustomsCheckService, admission: IdentificationAdmission, trustedProxies: TrustedProxies) {
  const admit = admitIdentification(admission, trustedProxies, (c, refusal) =>
    problem(c, refusal.status, refusal.status === 429 ? 'Too many identifications: wait before sending another photo.' : 'The server is busy identifying other photos: try again shortly.'),
  );
  const jsonLimit = bodyLimit({ maxSize: JSON_BODY_BYTES, onError: (c) => problem(c, 413, `The request body is larger than ${JSON_BODY_BYTES / 1024} KiB.`) });
  // After the role check (anonymous callers never send 40 MB): JSON under a small limit, a photo through identification's admission.
  const byBody: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const contentType = c.req.header('Content-Type');
    if (isJson(contentType)) return jsonLimit(c, next);
    if (isMultipart(contentType)) return admit(c, next);
    return problem(c, 415, 'Send the check as application/json, or as multipart/form-data with the photo in the field "photo".');
  };
  const lang = (c: { req: { header(name: string): string | undefined } }, query: { lang?: Lang | undefined }) => query.lang ?? negotiateLanguage(c.req.header('Accept-Language'));
  const router = createApiRouter();
  router.use('/customs-checks', requireRole('investigator', 'admin'), byBody);
  return router
    .openapi(runCheck, async (c) => {
      const principal = c.get('principal');
      let view: CheckView;
      if (isJson(c.req.header('Content-Type'))) {
        // Validated by the route's JSON schema; the multipart body (a plain schema, streamed) leaves it out of the route's types.
        const request = (c.req.valid as unknown as (target: 'json') => CheckRequest)('json');
        view = await checks.run(principal, { ...request, photos: [] });
      } else {
        const upload = await readCheckUpload(c).catch((error: unknown) => {
          throw error instanceof UploadTooLargeError ? new HTTPException(413, { message: `The photos are larger than ${MAX_PHOTO_BYTES / 1_000_000} MB each.` }) : error;
        });
        try {
          const parsed = parseCheckForm(formValues(upload.fields));
          if (!parsed.success) throw invalid('Invalid facts.', formIssues(parsed.issues));
          view = await checks.run(principal, { ...parsed.request, photos: uploadedPhotos(upload) }).catch((error: unknown) => {
            throw withFormFields(error);
          });
        } finally {
          await upload.discard();
        }
      }
      const json = checkJson(view, lang(c, c.req.valid('query')));
      c.header('Location', `/api/v1/customs-checks/${json.id}`);
      return c.json(json, 201);
    })
    .openapi(listChecks, async (c) => {
      const query = c.req.valid('query');
      const found = await checks.list(c.get('principal'), { page: query.page });
      const countries = await checks.countries();
      return c.json({ ...found, items: found.items.map((check) => checkJson({ check, countries }, lang(c, query))) }, 200);
    })
    .openapi(getCheck, async (c) => {
      const view = await checks.get(c.get('principal'), c.req.valid('param').id);
      return c.json(checkJson(view, lang(c, c.req.valid('query'))), 200);
    })
    .openapi(decideCheck, async (c) => {
      const view = await checks.decide(c.get('principal'), c.req.valid('param').id, c.req.valid('json'));
      return c.json(checkJson(view, lang(c, c.req.valid('query'))), 200);
    });
}
