import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/env.js';

const CACHEABLE_TYPES = ['text/html', 'application/json'];

/**
 * Keeps anonymous GET responses (pages and JSON) whose content depends only on the URL and on a
 * data version (e.g. the partner directory's). Signed-in responses carry the user's name and form
 * tokens, and responses that set cookies are personal: neither is cached. Bounded, oldest out first.
 */
export function publicResponseCache(version: () => number, maxEntries = 500): MiddlewareHandler<AppEnv> {
  const responses = new Map<string, { body: string; contentType: string }>();
  let cachedVersion = version();
  return async (c, next) => {
    if (c.req.method !== 'GET' || c.get('principal')) return next();
    if (version() !== cachedVersion) {
      responses.clear();
      cachedVersion = version();
    }
    const key = c.req.url;
    const hit = responses.get(key);
    if (hit !== undefined) return c.body(hit.body, 200, { 'Content-Type': hit.contentType });
    await next();
    const contentType = c.res.headers.get('Content-Type') ?? '';
    const cacheable = c.res.status === 200 && !c.res.headers.has('Set-Cookie') && CACHEABLE_TYPES.some((type) => contentType.startsWith(type));
    if (!cacheable) return;
    if (responses.size >= maxEntries) responses.delete(responses.keys().next().value!);
    responses.set(key, { body: await c.res.clone().text(), contentType });
  };
}
