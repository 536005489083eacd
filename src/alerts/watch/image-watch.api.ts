import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../../http/env.js';
import { createApiRouter, jsonBodyOnly, problemResponse } from '../../http/openapi.js';
import { requireRole } from '../../http/require-role.js';
import { LANGUAGES } from '../../i18n/languages.js';
import { UploadTooLargeError } from '../../identify/multipart-upload.js';
import { MAX_PHOTO_BYTES } from '../../registry/photos/photo-image.js';
import { ROLES } from '../../roles.js';
import type { Subscription } from '../subscriptions/subscription.js';
import { watchedPhotoPath } from './image-watch.listener.js';
import type { ImageWatchService } from './image-watch.service.js';
import { MAX_PHOTOS_PER_OWNER } from './watched-photos.js';
import type { WatchedPhoto } from './watched-photos.repository.js';
import { MAX_FILES_PER_UPLOAD, MAX_WATCH_UPLOAD_BYTES, readWatchUpload, uploadedPhotos, type UploadProblem } from './watch-upload.js';

const TAG = 'Image watches';
const signedIn = { middleware: [requireRole(...ROLES)], security: [{ bearerAuth: [] }] };
const auth = { 401: problemResponse('No or invalid API token.') };
const notYours = problemResponse('No such image watch (or photo) among yours.');

const WatchInputSchema = z
  .object({
    label: z.string().trim().min(1).max(200),
    channels: z
      .object({
        inApp: z.boolean().openapi({ description: 'Alerts in the notifications page.' }),
        email: z.boolean().openapi({ description: 'An e-mail for each alert found in your photos, sent at once.' }),
        webhookId: z.number().int().positive().nullable().openapi({ description: 'One of your webhooks (`/webhooks`), or null.' }),
      })
      .openapi('ImageWatchChannels'),
    lang: z.enum(LANGUAGES).openapi({ description: 'The language of its e-mails.' }),
  })
  .openapi('ImageWatchInput');

const PhotoSchema = z
  .object({
    id: z.string(),
    label: z.string().openapi({ description: 'The file’s name as uploaded.' }),
    createdAt: z.string(),
    thumbnailUrl: z.string().openapi({ description: 'A small WebP of the photo, for the watch’s owner.' }),
  })
  .openapi('WatchedPhoto');

const WatchSchema = z
  .object({
    id: z.string().openapi({ description: 'The subscription’s id (`/subscriptions/{id}` changes its channels).' }),
    label: z.string(),
    channels: z.object({ inApp: z.boolean(), email: z.boolean(), webhookId: z.number().int().nullable() }),
    lang: z.enum(LANGUAGES),
    photoCount: z.number().int(),
    createdAt: z.string(),
  })
  .openapi('ImageWatch');

const WatchWithPhotosSchema = WatchSchema.extend({ photos: z.array(PhotoSchema) }).openapi('ImageWatchWithPhotos');

const AddedSchema = z
  .object({
    added: z.array(PhotoSchema),
    refused: z.array(
      z.object({
        label: z.string(),
        code: z.string().openapi({ description: '`too-large`, `zip-invalid`, or a photo’s refusal: `photo.not-an-image`, `photo.too-small`, `photo.not-enough-detail`…' }),
        message: z.string(),
      }),
    ),
  })
  .openapi('WatchedPhotosAdded');

const IdParam = z.object({ id: z.string().max(40).openapi({ param: { name: 'id', in: 'path' }, example: '8qztp69qkx6gvdrc' }) });
const PhotoParams = IdParam.extend({ photoId: z.string().max(40).openapi({ param: { name: 'photoId', in: 'path' }, example: 'k3v0m2x9qzr1p4ts' }) });

const listWatches = createRoute({
  method: 'get',
  path: '/image-watches',
  operationId: 'listImageWatches',
  tags: [TAG],
  summary: 'Your image watches',
  description: 'Each watch’s photos are compared with every photo of each new public alert; a photo found sends the alert through the watch’s channels, with the photo and its score.',
  ...signedIn,
  responses: { 200: { description: 'The watches.', content: { 'application/json': { schema: z.object({ items: z.array(WatchSchema) }) } } }, ...auth },
});

const createWatch = createRoute({
  method: 'post',
  path: '/image-watches',
  operationId: 'createImageWatch',
  tags: [TAG],
  summary: 'Create an image watch',
  description: 'Then add its photos (`/image-watches/{id}/photos`).',
  middleware: [requireRole(...ROLES), jsonBodyOnly],
  security: signedIn.security,
  request: { body: { content: { 'application/json': { schema: WatchInputSchema } }, required: true } },
  responses: {
    201: { description: 'Created.', content: { 'application/json': { schema: WatchSchema } } },
    400: problemResponse('An invalid field, named (a webhook that is not yours).'),
    ...auth,
    415: problemResponse('Not JSON.'),
  },
});

const getWatch = createRoute({
  method: 'get',
  path: '/image-watches/{id}',
  operationId: 'getImageWatch',
  tags: [TAG],
  summary: 'One of your image watches, with its photos',
  description: 'Another person’s watch answers 404.',
  ...signedIn,
  request: { params: IdParam },
  responses: { 200: { description: 'The watch.', content: { 'application/json': { schema: WatchWithPhotosSchema } } }, ...auth, 404: notYours },
});

const addPhotos = createRoute({
  method: 'post',
  path: '/image-watches/{id}/photos',
  operationId: 'addWatchedPhotos',
  tags: [TAG],
  summary: 'Add photos to an image watch',
  description:
    `multipart/form-data with the photos in the field \`photos\` (repeated, up to ${MAX_FILES_PER_UPLOAD}, each at most ${MAX_PHOTO_BYTES / 1_000_000} MB, ${MAX_WATCH_UPLOAD_BYTES / 1_000_000} MB in all), ` +
    `or ZIP archives of photos. A watch holds up to ${MAX_PHOTOS_PER_OWNER} photos. Each file is named by its file name (your stock number); a file that is not a usable photo is refused with its reason and the others are added.`,
  ...signedIn,
  request: {
    params: IdParam,
    body: {
      content: { 'multipart/form-data': { schema: { type: 'object' as const, properties: { photos: { type: 'array' as const, items: { type: 'string' as const, format: 'binary' }, maxItems: MAX_FILES_PER_UPLOAD } } } } },
      required: true,
    },
  },
  responses: {
    200: { description: 'The photos added, and those refused with why.', content: { 'application/json': { schema: AddedSchema } } },
    400: problemResponse('More photos than the watch holds, or more files than an upload carries (the field `photos`), or a malformed body.'),
    ...auth,
    404: notYours,
    413: problemResponse('The upload is larger than its limit.'),
  },
});

const removePhoto = createRoute({
  method: 'delete',
  path: '/image-watches/{id}/photos/{photoId}',
  operationId: 'removeWatchedPhoto',
  tags: [TAG],
  summary: 'Stop watching one photo',
  description: 'The watch’s other photos stay watched.',
  ...signedIn,
  request: { params: PhotoParams },
  responses: { 204: { description: 'Removed.' }, ...auth, 404: notYours },
});

const deleteWatch = createRoute({
  method: 'delete',
  path: '/image-watches/{id}',
  operationId: 'deleteImageWatch',
  tags: [TAG],
  summary: 'Delete an image watch and its photos',
  description: 'Its photos are no longer compared with new alerts.',
  ...signedIn,
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted.' }, ...auth, 404: notYours },
});

const PROBLEM_TEXT: Record<UploadProblem, string> = {
  'too-large': `The photo is larger than ${MAX_PHOTO_BYTES / 1_000_000} MB.`,
  'zip-invalid': 'The ZIP archive could not be read (damaged, encrypted, ZIP64, or compressed otherwise than stored or deflated).',
};

const watchJson = (subscription: Subscription, photoCount: number): z.infer<typeof WatchSchema> => ({
  id: subscription.id,
  label: subscription.label,
  channels: { inApp: subscription.channels.inApp, email: subscription.channels.email !== 'off', webhookId: subscription.channels.webhookId },
  lang: subscription.lang,
  photoCount,
  createdAt: subscription.createdAt,
});
const photoJson = (subscriptionId: string, photo: WatchedPhoto): z.infer<typeof PhotoSchema> => ({ id: photo.id, label: photo.label, createdAt: photo.createdAt, thumbnailUrl: watchedPhotoPath(subscriptionId, photo.id) });

const principalOf = (c: Context<AppEnv>) => c.get('principal')!;

/** `/api/v1/image-watches`: each caller's own image watches and their stock photos (a marketplace keeps them in step with its listings). */
export function imageWatchApi(watches: ImageWatchService) {
  return createApiRouter()
    .openapi(listWatches, async (c) => c.json({ items: (await watches.list(principalOf(c))).map(({ subscription, photoCount }) => watchJson(subscription, photoCount)) }, 200))
    .openapi(createWatch, async (c) => {
      const { channels, ...input } = c.req.valid('json');
      const created = await watches.create(principalOf(c), { ...input, channels: { ...channels, email: channels.email ? 'immediate' : 'off' } });
      c.header('Location', `/api/v1/image-watches/${created.id}`);
      return c.json(watchJson(created, 0), 201);
    })
    .openapi(getWatch, async (c) => {
      const { subscription, photos } = await watches.get(principalOf(c), c.req.valid('param').id);
      return c.json({ ...watchJson(subscription, photos.length), photos: photos.map((photo) => photoJson(subscription.id, photo)) }, 200);
    })
    .openapi(addPhotos, async (c) => {
      const { id } = c.req.valid('param');
      const upload = await readWatchUpload(c).catch((error: unknown) => {
        throw error instanceof UploadTooLargeError ? new HTTPException(413, { message: `The upload is larger than ${MAX_WATCH_UPLOAD_BYTES / 1_000_000} MB.` }) : error;
      });
      try {
        const { photos, refused } = await uploadedPhotos(upload.fileLists.photos ?? []);
        const result = await watches.addPhotos(principalOf(c), id, photos);
        return c.json(
          {
            added: result.added.map((photo) => photoJson(id, photo)),
            refused: [...refused.map(({ label, problem }) => ({ label, code: problem, message: PROBLEM_TEXT[problem] })), ...result.refused.map(({ label, error }) => ({ label, code: error.code ?? 'photo.not-an-image', message: error.message }))],
          },
          200,
        );
      } finally {
        await upload.discard();
      }
    })
    .openapi(removePhoto, async (c) => {
      const { id, photoId } = c.req.valid('param');
      await watches.removePhoto(principalOf(c), id, photoId);
      return c.body(null, 204);
    })
    .openapi(deleteWatch, async (c) => {
      await watches.delete(principalOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    });
}
