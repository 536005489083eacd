import { readFile } from 'node:fs/promises';
import { createRoute, z } from '@hono/zod-openapi';
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { DomainError } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { createApiRouter, problemResponse } from '../http/openapi.js';
import { LANGUAGES, negotiateLanguage, type Lang } from '../i18n/languages.js';
import { pickLocalized } from '../registry/object-record.js';
import { MAX_PHOTO_BYTES } from '../registry/photos/photo-image.js';
import { multipartOnly, photoBodyLimit } from '../registry/photos/photo.api.js';
import { OBJECT_STATUSES } from '../registry/status.js';
import { DEFAULT_TOP, MAX_TOP, type IdentificationView, type IdentifyService } from './identify.service.js';
import { MIN_IDENTIFY_SIDE } from './prepare-image.js';
import type { SightingService } from './sightings.service.js';
import { NOT_ENOUGH_DETAIL } from './verdict.js';

const TAG = 'Identification';
const VERDICTS = ['match', 'possible', 'no-match'] as const;

/** POST /api/v1/identify and POST /{lang}/identify: uploads with the photo limit, not the app's general one. */
export function isIdentifyUpload(method: string, path: string, apiBase: string): boolean {
  return method === 'POST' && (path === `${apiBase}/identify` || new RegExp(`^/(${LANGUAGES.join('|')})/identify$`).test(path));
}

/** "Not enough detail" is a photo Egide read but cannot use: 422, where an unreadable file is 400. */
export function isNotEnoughDetail(error: unknown): error is DomainError {
  return error instanceof DomainError && error.message === NOT_ENOUGH_DETAIL;
}

const CandidateSchema = z
  .object({
    objectId: z.string(),
    inventoryNumber: z.string(),
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
  tags: [TAG],
  summary: 'Identify a photographed object',
  description:
    'Multipart upload, the photo in the field `photo` (JPEG, PNG, WebP, TIFF or AVIF, up to ' +
    `${MAX_PHOTO_BYTES / 1_000_000} MB; large photos are downscaled, animated and multi-page images give their first frame). ` +
    'Answers the registered objects the photo may show, strongest evidence first, among those the caller may see: the public ' +
    'identifies against the alert list; with an API token, investigators against every reported object, registrars also against their inventory. ' +
    'Without enough evidence the verdict is `no-match` and there are no candidates. A person must always confirm.',
  middleware: [photoBodyLimit, multipartOnly],
  request: {
    query: z.object({ lang: z.enum(LANGUAGES).optional().openapi({ description: 'Language of the titles; by default the Accept-Language header’s.', example: 'fr' }) }),
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: z.object({
            photo: z.instanceof(File, { message: 'Attach the photo as a file in the field "photo".' }).openapi({ type: 'string', format: 'binary' }),
            top: z.coerce.number().int().min(1).max(MAX_TOP).optional().openapi({ type: 'integer', description: `At most this many candidates (default ${DEFAULT_TOP}).` }),
          }),
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
  },
});

export function identifyApi(identify: IdentifyService) {
  return createApiRouter().openapi(identifyRoute, async (c) => {
    const { photo, top } = c.req.valid('form');
    const lang = c.req.valid('query').lang ?? negotiateLanguage(c.req.header('Accept-Language'));
    try {
      const view = await identify.identify(c.get('principal'), Buffer.from(await photo.arrayBuffer()), photo.name, { top });
      return c.json(identificationJson(view, lang), 200);
    } catch (error) {
      throw isNotEnoughDetail(error) ? new HTTPException(422, { message: error.message }) : error;
    }
  });
}

/**
 * The images of identifications: the photo identified (its author's), the evidence of each
 * candidate shown (its author's, while they may see the object), and the photo of a sighting
 * (for those it notifies). Never cached by shared caches.
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

/** An image file (by path) or drawn image; refusals (404) are not kept by any cache either. */
async function sendImage(c: Context<AppEnv>, mime: string, load: () => Promise<string | Buffer>): Promise<Response> {
  c.header('Cache-Control', 'no-store');
  const image = await load();
  const bytes = typeof image === 'string' ? await readFile(image) : image;
  return c.body(new Uint8Array(bytes), 200, { 'Content-Type': mime, 'Content-Length': String(bytes.length), 'Cache-Control': 'private, max-age=600' });
}
