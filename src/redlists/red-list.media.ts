import { Hono } from 'hono';
import { notFound } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { matchesIfNoneMatch } from '../http/conditional.js';
import { PRIVATE_NO_STORE } from '../registry/photos/photo.api.js';
import type { EditionRef, ImageVariant } from './red-list-paths.js';
import type { RedListService } from './red-list.service.js';

/** A published edition's image never changes under its address: cached for a year, never revalidated. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const VARIANTS: readonly string[] = ['original', 'display', 'thumbnail'] satisfies ImageVariant[];

/**
 * `/media/red-lists/{slug}/{edition}/{variant}/{name}` (red-list-paths.ts): the images of published
 * editions for anyone, those of a draft (`draft`) for its editors (`private, no-store`), 404 otherwise.
 */
export function redListMediaRoutes(redLists: RedListService): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/media/red-lists/:slug/:edition/:variant/:name', async (c) => {
    // Refusals must not be kept by any cache: the same address answers a draft's editor otherwise.
    c.header('Cache-Control', PRIVATE_NO_STORE);
    const { slug, edition, variant, name } = c.req.param();
    const ref: EditionRef | undefined = edition === 'draft' ? 'draft' : /^[1-9]\d{0,3}$/.test(edition) ? Number(edition) : undefined;
    if (ref === undefined || !VARIANTS.includes(variant)) throw notFound('No such Red List image.');
    const image = await redLists.readImage(c.get('principal') ?? null, slug, ref, name, variant as ImageVariant);
    const etag = `"${image.sha256}-${variant}"`;
    c.header('Cache-Control', image.published ? IMMUTABLE : PRIVATE_NO_STORE);
    c.header('ETag', etag);
    if (matchesIfNoneMatch(c.req.header('If-None-Match'), etag)) return c.body(null, 304);
    c.header('Content-Type', image.contentType);
    c.header('Content-Length', String(image.bytes.length));
    c.header('X-Content-Type-Options', 'nosniff');
    return c.body(new Uint8Array(image.bytes), 200);
  });
}
