import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { PRIVATE_NO_STORE } from '../../registry/photos/photo.api.js';
import type { AssessmentPhotoVariant } from './assessment-photos.js';
import type { HeritagePlaceService } from './heritage-place.service.js';

/**
 * The photos of assessments (`assessmentPhotoPath`), as visible as their place allows; none keeps its
 * metadata. Kept by no cache: whether a photo is shown depends on who asks.
 */
export function heritagePlaceMediaRoutes(places: Pick<HeritagePlaceService, 'photo'>): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const variants: Array<[string, AssessmentPhotoVariant]> = [
    ['', 'display'],
    ['/thumbnail', 'thumbnail'],
    ['/original', 'original'],
  ];
  for (const [suffix, variant] of variants) routes.get(`/media/heritage-places/photos/:id${suffix}`, (c) => send(c, places, variant));
  return routes;
}

async function send(c: Context<AppEnv>, places: Pick<HeritagePlaceService, 'photo'>, variant: AssessmentPhotoVariant): Promise<Response> {
  // Set before loading: a refusal (404) must not be kept by any cache either.
  c.header('Cache-Control', PRIVATE_NO_STORE);
  const file = await places.photo(c.get('principal') ?? null, c.req.param('id') ?? '', variant);
  return c.body(new Uint8Array(file.bytes), 200, { 'Content-Type': file.contentType, 'Content-Length': String(file.bytes.length), 'X-Content-Type-Options': 'nosniff' });
}
