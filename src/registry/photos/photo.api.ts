import { Readable } from 'node:stream';
import { createRoute, z } from '@hono/zod-openapi';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ROLES } from '../../roles.js';
import { requireRole } from '../../http/require-role.js';
import type { AppEnv } from '../../http/env.js';
import { createApiRouter, problemResponse } from '../../http/openapi.js';
import { problem } from '../../http/problem.js';
import { matchesIfNoneMatch } from '../../http/conditional.js';
import { MAX_PHOTO_BYTES, MAX_PHOTO_PIXELS } from './photo-image.js';
import type { PhotoVariant } from './photo-storage.js';
import { MAX_CAPTION_LENGTH, type PhotoService } from './photo.service.js';

const TAG = 'Registry';
/** The multipart envelope around the file: boundaries, part headers, the caption. */
const MULTIPART_ALLOWANCE = 64 * 1024;
/** Shared caches may keep photos of alert-list objects this long; an object taken off the list stops being served within it. */
export const PUBLIC_MAX_AGE = 600;
/** What depends on who asks (a photo of an object not on the alert list, a refusal) is kept by no cache. */
export const PRIVATE_NO_STORE = 'private, no-store';

/** POST …/objects/{id}/photos: the one request whose body may exceed the app's general 1 MiB limit (it has its own, below). */
export function isPhotoUpload(method: string, path: string, apiBase: string): boolean {
  return method === 'POST' && path.startsWith(`${apiBase}/objects/`) && /^\/objects\/[^/]+\/photos$/.test(path.slice(apiBase.length));
}

/** The body limit of photo uploads (40 MB and the multipart envelope): identification uses it too. */
export const photoBodyLimit = bodyLimit({
  maxSize: MAX_PHOTO_BYTES + MULTIPART_ALLOWANCE,
  onError: (c) => problem(c, 413, `The photo is larger than ${MAX_PHOTO_BYTES / 1_000_000} MB; export it smaller (e.g. as a JPEG) and upload it again.`),
});

/**
 * Refuses callers who may not add photos to this object before their body is read: 404 if they cannot
 * see it, 403 if they see it but may not change it (the service checks again when adding).
 */
const mayAddPhotos =
  (photos: PhotoService): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    await photos.requireEditableObject(c.get('principal')!, c.req.param('id') ?? '');
    return next();
  };

export const multipartOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!/^multipart\/form-data\b/i.test(c.req.header('Content-Type') ?? '')) {
    return problem(c, 415, 'Send the photo as multipart/form-data, the file in the field "photo".');
  }
  return next();
};

export const PhotoViewSchema = z
  .object({
    id: z.string(),
    width: z.number().int().openapi({ description: 'In pixels, as displayed (after the EXIF orientation).' }),
    height: z.number().int(),
    mime: z.string().openapi({ description: 'Of the original, kept exactly as uploaded.', example: 'image/jpeg' }),
    caption: z.string().nullable(),
    url: z.string().openapi({
      description:
        'A JPEG of at most 1600 px on the long side; `{url}/original` gives the original: as uploaded to those who see the object’s sensitive fields, without its metadata (EXIF, XMP, IPTC) to anyone else.',
      example: '/media/photos/3k9x2m7q1w8e4r5t',
    }),
    thumbnailUrl: z.string().openapi({ description: 'A WebP of at most 400 px on the long side.' }),
  })
  .openapi('Photo');

const UploadSchema = z.object({
  photo: z
    .instanceof(File, { message: 'Attach the photo as a file in the field "photo".' })
    .openapi({ type: 'string', format: 'binary', description: 'JPEG, PNG, WebP, TIFF or AVIF (HEIC: export as JPEG first).' }),
  caption: z.string().max(MAX_CAPTION_LENGTH).optional().openapi({ description: 'What the photo shows (view, detail, mark).' }),
});

const IdParam = z.object({ id: z.string().min(1).max(40).openapi({ param: { name: 'id', in: 'path' }, example: '3k9x2m7q1w8e4r5t' }) });

const addPhotoRoute = (photos: PhotoService) =>
  createRoute({
    method: 'post',
    path: '/objects/{id}/photos',
    operationId: 'addObjectPhoto',
    tags: [TAG],
    summary: 'Add a photo to an object (registrar, admin)',
    description:
      `Multipart upload, the file in the field \`photo\`. JPEG, PNG, WebP, TIFF and AVIF are accepted, up to ${MAX_PHOTO_BYTES / 1_000_000} MB ` +
      `and ${MAX_PHOTO_PIXELS / 1_000_000} megapixels. The original is kept byte for byte, for those who see the object’s sensitive fields; ` +
      'a display image, a thumbnail and (for everyone else) a full-size copy are made from it with the EXIF orientation applied and metadata removed. ' +
      'The photo is added after the object’s other photos.',
    // Any signed-in caller passes the first step: the object decides (404 if not visible, 403 if not editable).
    middleware: [requireRole(...ROLES), mayAddPhotos(photos), photoBodyLimit, multipartOnly],
    security: [{ bearerAuth: [] }],
    request: { params: IdParam, body: { content: { 'multipart/form-data': { schema: UploadSchema } }, required: true } },
    responses: {
      201: {
        description: 'Added.',
        headers: { Location: { description: 'The display image.', schema: { type: 'string' as const } } },
        content: { 'application/json': { schema: PhotoViewSchema } },
      },
      400: problemResponse('Not an image Egide can read, a damaged file, HEIC, or too many pixels; the detail says which.'),
      401: problemResponse('No or invalid API token.'),
      403: problemResponse('The caller sees the object but may not change it (investigators; registrars of another organisation).'),
      404: problemResponse('No such object (or not visible).'),
      413: problemResponse(`Larger than ${MAX_PHOTO_BYTES / 1_000_000} MB.`),
      415: problemResponse('Not multipart/form-data.'),
    },
  });

export function photoApi(photos: PhotoService) {
  return createApiRouter().openapi(addPhotoRoute(photos), async (c) => {
    const { photo, caption } = c.req.valid('form');
    const bytes = Buffer.from(await photo.arrayBuffer());
    const view = await photos.addPhoto(c.get('principal')!, c.req.valid('param').id, bytes, photo.name, caption);
    c.header('Location', view.url);
    return c.json(view, 201);
  });
}

/** `/media/photos/{id}` (display), `…/original`, `…/thumbnail`: as visible as the photo's object, 404 otherwise. */
export function photoMediaRoutes(photos: PhotoService): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const variants: Array<[string, PhotoVariant]> = [
    ['', 'display'],
    ['/original', 'original'],
    ['/thumbnail', 'thumbnail'],
  ];
  for (const [suffix, variant] of variants) routes.get(`/media/photos/:id${suffix}`, (c) => sendPhoto(c, photos, variant));
  return routes;
}

async function sendPhoto(c: Context<AppEnv>, photos: PhotoService, variant: PhotoVariant): Promise<Response> {
  // Refusals (404) must not be kept by any cache: the same address answers differently to someone else.
  c.header('Cache-Control', PRIVATE_NO_STORE);
  const file = await photos.readPhoto(c.get('principal') ?? null, c.req.param('id') ?? '', variant);
  c.header('Cache-Control', file.public ? `public, max-age=${PUBLIC_MAX_AGE}` : PRIVATE_NO_STORE);
  // The original's bytes depend on who asks (with or without its metadata).
  if (variant === 'original') c.header('Vary', 'Authorization, Cookie');
  c.header('ETag', file.etag);
  if (matchesIfNoneMatch(c.req.header('If-None-Match'), file.etag)) return c.body(null, 304);
  c.header('Content-Type', file.mime);
  c.header('Content-Length', String(file.size));
  c.header('Content-Disposition', `inline; filename="${file.filename}"`);
  return c.body(Readable.toWeb(await file.stream()) as ReadableStream<Uint8Array>, 200);
}

