import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { PRIVATE_NO_STORE } from '../../registry/photos/photo.api.js';
import type { CustomsCheckService } from './customs-check.service.js';

/**
 * The photos of a customs check and the evidence of its registry matches (red-list-paths.ts), with
 * the check's visibility (its organisation's people and admins; 404 for anyone else). Kept by no
 * cache (`private, no-store`): they depend on who asks.
 */
export function customsCheckMediaRoutes(checks: Pick<CustomsCheckService, 'photo' | 'evidence'>): Hono<AppEnv> {
  const principal = (c: Context<AppEnv>) => c.get('principal') ?? null;
  return new Hono<AppEnv>()
    .get('/media/customs-checks/:id/photos/:n{[1-9]}', (c) => sendImage(c, 'image/jpeg', () => checks.photo(principal(c), c.req.param('id'), Number(c.req.param('n')), 'display')))
    .get('/media/customs-checks/:id/photos/:n{[1-9]}/thumbnail', (c) => sendImage(c, 'image/webp', () => checks.photo(principal(c), c.req.param('id'), Number(c.req.param('n')), 'thumbnail')))
    .get('/media/customs-checks/:id/evidence/:objectId', (c) => sendImage(c, 'image/jpeg', () => checks.evidence(principal(c), c.req.param('id'), c.req.param('objectId'))));
}

async function sendImage(c: Context<AppEnv>, mime: string, load: () => Promise<Buffer>): Promise<Response> {
  // Set before loading: a refusal (404) must not be kept by any cache either.
  c.header('Cache-Control', PRIVATE_NO_STORE);
  const bytes = await load();
  return c.body(new Uint8Array(bytes), 200, { 'Content-Type': mime, 'Content-Length': String(bytes.length), 'X-Content-Type-Options': 'nosniff' });
}
