/**
 * IIIF under `/iiif/3`:
 * - `GET /iiif/3/{photoId}` → 303 to its `info.json`;
 * - `GET /iiif/3/{photoId}/info.json`: the Image API 3.0 service description (level 2);
 * - `GET /iiif/3/{photoId}/{region}/{size}/{rotation}/{quality}.{format}`: an image;
 * - `GET /iiif/3/manifests/{objectId}`: the object's Presentation API 3.0 manifest.
 * As visible as the photo's object, 404 otherwise. What the public may see is cacheable by anyone
 * (and embeddable by other sites' viewers); the rest is never stored. Every answer allows CORS.
 * Each client (an IPv4 address, an IPv6 /64) runs a few renders at a time; beyond a short queue it gets 503 with Retry-After.
 */
import { createHash } from 'node:crypto';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { TrustedProxies } from '../../config/trusted-proxies.js';
import { notFound } from '../../errors.js';
import { clientAddress } from '../../http/client-address.js';
import type { AppEnv } from '../../http/env.js';
import { problem } from '../../http/problem.js';
import type { ObjectService } from '../../registry/object.service.js';
import { matchesIfNoneMatch } from '../../http/conditional.js';
import { PRIVATE_NO_STORE, PUBLIC_MAX_AGE } from '../../registry/photos/photo.api.js';
import { linksFor } from '../base-url.js';
import { exportableFromView } from '../exportable-object.js';
import { IIIF_BASE, imageServicePath, MANIFEST_MEDIA_TYPE } from '../../web/iiif-paths.js';
import { FORMATS, LIMITS, parseImageRequest } from './image-request.js';
import type { IiifImageService } from './image.service.js';
import { IMAGE_PROFILE, iiifManifest } from './manifest.js';
import { renderClient, RenderSlots } from './render-slots.js';

const IMAGE_CONTEXT = 'http://iiif.io/api/image/3/context.json';
const IMAGE_PROFILE_URI = `http://iiif.io/api/image/3/${IMAGE_PROFILE}.json`;
const TILE_SIZE = 512;
/** Seconds a client refused a render slot is asked to wait: a render takes well under that. */
const RENDER_RETRY_AFTER = 1;

/** Scale factors 1, 2, 4… until the whole image fits in one tile. */
function scaleFactors(width: number, height: number): number[] {
  const factors = [1];
  while (Math.max(Math.ceil(width / factors.at(-1)!), Math.ceil(height / factors.at(-1)!)) > TILE_SIZE) factors.push(factors.at(-1)! * 2);
  return factors;
}

function imageInfo(id: string, width: number, height: number) {
  const factors = scaleFactors(width, height);
  return {
    '@context': IMAGE_CONTEXT,
    id,
    type: 'ImageService3',
    protocol: 'http://iiif.io/api/image',
    profile: IMAGE_PROFILE,
    width,
    height,
    ...LIMITS,
    sizes: factors
      .map((factor) => ({ width: Math.ceil(width / factor), height: Math.ceil(height / factor) }))
      .filter((size) => size.width <= LIMITS.maxWidth && size.height <= LIMITS.maxHeight && size.width * size.height <= LIMITS.maxArea)
      .reverse(),
    tiles: [{ width: TILE_SIZE, height: TILE_SIZE, scaleFactors: factors }],
    extraQualities: ['color', 'gray', 'bitonal'],
    extraFormats: ['webp'],
    extraFeatures: ['canonicalLinkHeader', 'mirroring', 'profileLinkHeader', 'sizeUpscaling'],
  };
}

/**
 * Cache-Control, ETag and Last-Modified; true when the client's copy is current (the caller answers 304).
 * What the public sees is shared-cacheable as long as `/media/photos` is, and no longer, so that an
 * object taken off the alert list stops being served within that time; revalidating is a cheap 304.
 */
function validated(c: Context<AppEnv>, shared: boolean, etag: string, lastModified?: Date): boolean {
  c.header('Cache-Control', shared ? `public, max-age=${PUBLIC_MAX_AGE}` : PRIVATE_NO_STORE);
  c.header('ETag', etag);
  if (lastModified) c.header('Last-Modified', lastModified.toUTCString());
  const ifNoneMatch = c.req.header('If-None-Match');
  if (ifNoneMatch !== undefined) return matchesIfNoneMatch(ifNoneMatch, etag);
  const since = Date.parse(c.req.header('If-Modified-Since') ?? '');
  return lastModified !== undefined && Number.isFinite(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}

/** JSON-LD only for clients that ask for it (Image API §5.1); plain JSON otherwise. */
function jsonMediaType(c: Context<AppEnv>, profile: string): string {
  c.header('Vary', 'Accept');
  return /\bapplication\/ld\+json\b/i.test(c.req.header('Accept') ?? '') ? `application/ld+json;profile="${profile}"` : 'application/json';
}

const digest = (text: string) => `"${createHash('sha256').update(text).digest('hex').slice(0, 32)}"`;

export function iiifRoutes(images: IiifImageService, objects: ObjectService, trustedProxies: TrustedProxies): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const slots = new RenderSlots();
  const principal = (c: Context<AppEnv>) => c.get('principal') ?? null;

  routes.use(`${IIIF_BASE}/*`, async (c, next) => {
    // Refusals (404) must not be kept by any cache: the same address answers differently to someone else.
    c.header('Cache-Control', PRIVATE_NO_STORE);
    c.header('Access-Control-Allow-Origin', '*');
    await next();
  });

  routes.get(`${IIIF_BASE}/manifests/:objectId`, async (c) => {
    const view = await objects.get(principal(c), c.req.param('objectId'));
    if (view.photos.length === 0) throw notFound(`The object "${view.id}" has no photograph, so no IIIF manifest.`);
    const body = JSON.stringify(iiifManifest(exportableFromView(view), linksFor(c)), null, 2);
    if (validated(c, view.onAlertList, digest(body))) return c.body(null, 304);
    return c.body(body, 200, { 'Content-Type': MANIFEST_MEDIA_TYPE });
  });

  routes.get(`${IIIF_BASE}/:photoId`, async (c) => {
    const photoId = c.req.param('photoId');
    await images.describe(principal(c), photoId);
    return c.redirect(`${linksFor(c).absolute(imageServicePath(photoId))}/info.json`, 303);
  });

  routes.get(`${IIIF_BASE}/:photoId/info.json`, async (c) => {
    const photoId = c.req.param('photoId');
    const image = await images.describe(principal(c), photoId);
    const type = jsonMediaType(c, IMAGE_CONTEXT);
    const body = JSON.stringify(imageInfo(linksFor(c).absolute(imageServicePath(photoId)), image.width, image.height));
    if (validated(c, image.public, digest(type + body), image.lastModified)) return c.body(null, 304);
    return c.body(body, 200, { 'Content-Type': type });
  });

  routes.get(`${IIIF_BASE}/:photoId/:region/:size/:rotation/:file`, async (c) => {
    const { photoId, region, size, rotation, file } = c.req.param();
    const request = parseImageRequest(region, size, rotation, file);
    // The slot covers building the pyramid and rendering, the costly parts.
    const release = await slots.acquire(renderClient(clientAddress(c, trustedProxies)));
    if (!release) {
      c.header('Retry-After', String(RENDER_RETRY_AFTER));
      return problem(c, 503, `Too many images requested at once from this address (at most ${slots.perClient} rendered at a time); retry in ${RENDER_RETRY_AFTER} s.`);
    }
    try {
      const image = await images.image(principal(c), photoId, request);
      c.header('Link', `<${linksFor(c).absolute(imageServicePath(photoId))}/${image.request.canonical}>;rel="canonical", <${IMAGE_PROFILE_URI}>;rel="profile"`);
      if (validated(c, image.public, image.etag, image.lastModified)) return c.body(null, 304);
      return c.body(new Uint8Array(await image.bytes()), 200, { 'Content-Type': FORMATS[image.request.format] });
    } finally {
      release();
    }
  });

  return routes;
}

/**
 * Lets other sites' IIIF viewers embed what the public may see. Mounted before the security headers,
 * whose `Cross-Origin-Resource-Policy: same-origin` it then relaxes on public answers only.
 */
export const iiifCrossOrigin: MiddlewareHandler = async (c, next) => {
  await next();
  if (c.res.headers.get('Cache-Control')?.startsWith('public')) c.res.headers.set('Cross-Origin-Resource-Policy', 'cross-origin');
};
