import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/env.js';

/**
 * Keeps the HTML of anonymous GET pages whose content depends only on the URL and on a data
 * version (e.g. the partner directory's). Signed-in pages carry the user's name and form tokens,
 * and responses that set cookies are personal: neither is cached. Bounded, oldest out first.
 */
export function publicPageCache(version: () => number, maxEntries = 500): MiddlewareHandler<AppEnv> {
  const pages = new Map<string, string>();
  let cachedVersion = version();
  return async (c, next) => {
    if (c.req.method !== 'GET' || c.get('principal')) return next();
    if (version() !== cachedVersion) {
      pages.clear();
      cachedVersion = version();
    }
    const key = c.req.url;
    const hit = pages.get(key);
    if (hit !== undefined) return c.html(hit);
    await next();
    const cacheable =
      c.res.status === 200 && !c.res.headers.has('Set-Cookie') && (c.res.headers.get('Content-Type') ?? '').startsWith('text/html');
    if (!cacheable) return;
    if (pages.size >= maxEntries) pages.delete(pages.keys().next().value!);
    pages.set(key, await c.res.clone().text());
  };
}
