import { createRoute, z } from '@hono/zod-openapi';
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { TrustedProxies } from '../config/trusted-proxies.js';
import { DomainError, invalid } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { createApiRouter, problemResponse } from '../http/openapi.js';
import { fieldIssues, problem } from '../http/problem.js';
import { LANGUAGES, negotiateLanguage, type Lang } from '../i18n/languages.js';
import { pickLocalized } from '../registry/object-record.js';
import { MAX_PHOTO_BYTES } from '../registry/photos/photo-image.js';
import { multipartOnly, PRIVATE_NO_STORE } from '../registry/photos/photo.api.js';
import { admitIdentification } from './identification-admission.js';
import { readMultipartUpload, UploadTooLargeError, type MultipartUpload } from './multipart-upload.js';
import { OBJECT_STATUSES } from '../registry/status.js';
import { DEFAULT_TOP, MAX_TOP, type IdentificationView, type IdentifyService } from './identify.service.js';
import { MIN_IDENTIFY_SIDE } from './prepare-image.js';
import type { SightingService } from './sightings.service.js';

const TAG = 'Identification';
/** The multipart envelope around the photo: boundaries, part headers, the form token. */
const MAX_UPLOAD_BYTES = MAX_PHOTO_BYTES + 64 * 1024;
const RETRY_AFTER = { 'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer' as const } } };
const PHOTO_TOO_LARGE = `The photo is larger than ${MAX_PHOTO_BYTES / 1_000_000} MB; export it smaller (e.g. as a JPEG) and upload it again.`;
const VERDICTS = ['match', 'possible', 'no-match'] as const;

/** POST /api/v1/identify and POST /{lang}/identify: uploads with the photo limit, not the app's general one. */
export function isIdentifyUpload(method: string, path: string, apiBase: string): boolean {
  return method === 'POST' && (path === `${apiBase}/identify` || new RegExp(`^/(${LANGUAGES.join('|')})/identify$`).test(path));
}

/** "Not enough detail" is a photo Egide read but cannot use: 422, where an unreadable file is 400. */
export function isNotEnoughDetail(error: unknown): error is DomainError {
  return error instanceof DomainError && error.code === 'photo.not-enough-detail';
}

const CandidateSchema = z
  .object({
    objectId: z.string(),
    inventoryNumber: z.string().nullable().openapi({ description: 'Null when the object has none.' }),
    title: z.string().openapi({ description: 'In the requested language when the record has it.' }),
    status: z.enum(OBJECT_STATUSES),
    organisation: z.object({ slug: z.string(), name: z.string() }),
    verdict: z.enum(['match', 'possible']),
    score: z.number().min(0).max(1).openapi({ description: 'Strength of the evidence, 0 to 1; a match begins at 0.5.' }),
    inliers: z.number().int().openapi({ description: 'Points of the photo found at the same places in the registered photo (geometrically verified).' }),
    evidenceUrl: z.string().openapi({ description: 'A JPEG: the photo and the registered photo side by side, lines joining the matching points. Only for the caller who identified.' }),
    thumbnailUrl: z.string().nullable(),
  })
  .openapi('IdentificationCandidate');

export const IdentificationSchema = z
  .object({
    identificationId: z.string(),
    verdict: z.enum(VERDICTS).openapi({ description: '`match`, `possible` (a person must look closely) or `no-match` (not among the objects the caller may see; no candidates then).' }),
    candidates: z.array(CandidateSchema),
  })
  .openapi('Identification');

export type IdentificationJson = z.infer<typeof IdentificationSchema>;

/** The identification as the API and `egide identify --json` give it. */
export function identificationJson(view: IdentificationView, lang: Lang): IdentificationJson {
  return {
    identificationId: view.id,
    verdict: view.verdict,
    candidates: view.candidates.map(({ object, verdict, score, inliers, evidenceUrl }) => ({
      objectId: object.id,
      inventoryNumber: object.inventoryNumber,
      title: pickLocalized(object.description.title, lang)?.text ?? object.title,
      status: object.status,
      organisation: object.organisation,
      verdict: verdict === 'match' ? 'match' : 'possible',
      score,
      inliers,
      evidenceUrl,
      thumbnailUrl: object.photos[0]?.thumbnailUrl ?? null,
    })),
  };
}

const identifyRoute = createRoute({
  method: 'post',
  path: '/identify',
  operationId: 'identifyPhoto',
  tags: [TAG],
  summary: 'Identify a photographed object',
  description:
    'Multipart upload, the photo in the field `photo` (JPEG, PNG, WebP, TIFF or AVIF, up to ' +
    `${MAX_PHOTO_BYTES / 1_000_000} MB; large photos are downscaled, animated and multi-page images give their first frame). ` +
    'Answers the registered objects the photo may show, strongest evidence first, among those the caller may see: the public ' +
    'identifies against the alert list; with an API token, investigators against every reported object, registrars also against their inventory. ' +
    'Without enough evidence the verdict is `no-match` and there are no candidates. A person must always confirm.',
  request: {
    query: z.object({ lang: z.enum(LANGUAGES).optional().openapi({ description: 'Language of the titles; by default the Accept-Language header’s.', example: 'fr' }) }),
    body: {
      required: true,
      content: {
        // A plain schema, not zod: the handler streams the body to disk rather than let a validator buffer it.
        'multipart/form-data': {
          schema: {
            type: 'object',
            required: ['photo'],
            properties: {
              photo: { type: 'string', format: 'binary' },
              top: { type: 'integer', minimum: 1, maximum: MAX_TOP, description: `At most this many candidates (default ${DEFAULT_TOP}).` },
            },
          },
        },
      },
    },
  },
  responses: {
    200: { description: 'The verdict and the candidates.', content: { 'application/json': { schema: IdentificationSchema } } },
    400: problemResponse(`Not an image Egide can read, a damaged file, HEIC, or smaller than ${MIN_IDENTIFY_SIDE} pixels on a side; the detail says which.`),
    401: problemResponse('A wrong API token (without one, the caller is the public).'),
    413: problemResponse(`Larger than ${MAX_PHOTO_BYTES / 1_000_000} MB.`),
    415: problemResponse('Not multipart/form-data.'),
    422: problemResponse('A blank or featureless photo: not enough detail to identify anything.'),
    429: { ...problemResponse('Too many identifications from this client address (anonymous) or account in the last minute.'), headers: RETRY_AFTER },
    503: { ...problemResponse('The server is identifying as many photos as it can take; try again after `Retry-After` seconds.'), headers: RETRY_AFTER },
  },
});

const TopSchema = z.coerce.number().int().min(1).max(MAX_TOP).optional();

export function identifyApi(identify: IdentifyService, trustedProxies: TrustedProxies) {
  const admit = admitIdentification(identify.admission, trustedProxies, (c, refusal) =>
    problem(c, refusal.status, refusal.status === 429 ? 'Too many identifications: wait before sending another photo.' : 'The server is busy identifying other photos: try again shortly.'),
  );
  const router = createApiRouter();
  router.use('/identify', admit, multipartOnly);
  return router.openapi(identifyRoute, async (c) => {
    const lang = c.req.valid('query').lang ?? negotiateLanguage(c.req.header('Accept-Language'));
    const upload = await readPhotoUpload(c).catch((error: unknown) => {
      throw error instanceof UploadTooLargeError ? new HTTPException(413, { message: PHOTO_TOO_LARGE }) : error;
    });
    try {
      const photo = upload.files.photo;
      if (!photo) throw invalid('Attach the photo as a file in the field "photo".', [{ field: 'photo', message: 'missing' }]);
      const top = TopSchema.safeParse(upload.fields.top);
      if (!top.success) throw invalid('Invalid request.', fieldIssues(top.error.issues.map((issue) => ({ ...issue, path: ['top'] }))));
      const view = await identify.identify(c.get('principal'), { path: photo.path }, photo.filename, { top: top.data });
      return c.json(identificationJson(view, lang), 200);
    } finally {
      await upload.discard();
    }
  });
}

/**
 * The upload of an identification (API or page), its photo streamed to a temporary file: refused
 * at once when it announces more than the photo limit, and as soon as it passes it otherwise
 * (UploadTooLargeError, which the API answers with 413).
 */
export async function readPhotoUpload(c: Context<AppEnv>): Promise<MultipartUpload> {
  if (Number(c.req.header('Content-Length') ?? 0) > MAX_UPLOAD_BYTES) throw new UploadTooLargeError(MAX_UPLOAD_BYTES);
  return readMultipartUpload(c.req.raw.body, c.req.header('Content-Type') ?? '', { fileFields: ['photo'], maxBytes: MAX_UPLOAD_BYTES });
}

/**
 * The images of identifications: the photo identified (its author's), the evidence of each
 * candidate shown (its author's, while they may see the object), and the photo of a sighting
 * (for those it notifies). Kept by no cache (`private, no-store`): they depend on who asks.
 */
export function identifyMediaRoutes(identify: IdentifyService, sightings: SightingService): Hono<AppEnv> {
  const principal = (c: Context<AppEnv>) => c.get('principal');
  return new Hono<AppEnv>()
    .get('/media/identifications/:id/photo', (c) => sendImage(c, 'image/jpeg', () => identify.photo(principal(c), c.req.param('id'), 'display')))
    .get('/media/identifications/:id/photo/thumbnail', (c) => sendImage(c, 'image/webp', () => identify.photo(principal(c), c.req.param('id'), 'thumbnail')))
    .get('/media/identifications/:id/evidence/:objectId', (c) =>
      sendImage(c, 'image/jpeg', () => identify.evidence(principal(c), c.req.param('id'), c.req.param('objectId'))),
    )
    .get('/media/sightings/:id', (c) => sendImage(c, 'image/jpeg', () => sightings.photo(principal(c), c.req.param('id'), 'display')))
    .get('/media/sightings/:id/thumbnail', (c) => sendImage(c, 'image/webp', () => sightings.photo(principal(c), c.req.param('id'), 'thumbnail')));
}

/** A stored or drawn image; refusals (404) are not kept by any cache either. */
async function sendImage(c: Context<AppEnv>, mime: string, load: () => Promise<Buffer>): Promise<Response> {
  c.header('Cache-Control', PRIVATE_NO_STORE);
  const bytes = await load();
  return c.body(new Uint8Array(bytes), 200, { 'Content-Type': mime, 'Content-Length': String(bytes.length), 'Cache-Control': PRIVATE_NO_STORE });
}
