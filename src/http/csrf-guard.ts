import type { Context, MiddlewareHandler } from 'hono';
import { CSRF_HEADER, isValidCsrf } from './csrf.js';
import type { AppEnv } from './env.js';
import { problem } from './problem.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether the browser says the request comes from one of our own pages: its `Origin` is this site
 * (the configured base URL, or the host the request was sent to), or, without `Origin`,
 * `Sec-Fetch-Site: same-origin`. A request that says neither is not same-origin.
 */
export function isSameOrigin(c: Context, baseUrl: string | undefined): boolean {
  const origin = c.req.header('Origin');
  if (origin === undefined) return c.req.header('Sec-Fetch-Site') === 'same-origin';
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false; // "null" (sandboxed frames, some redirects) and anything malformed
  }
  if (baseUrl !== undefined && origin === new URL(baseUrl).origin) return true;
  // Behind a TLS-terminating proxy the scheme seen here may differ from the browser's; the host may not.
  return host === new URL(c.req.url).host;
}

/**
 * For the API: a write authenticated by the session cookie (which browsers attach to requests from any
 * site) needs the session's CSRF token in `X-CSRF-Token`, or to come from one of our pages. Bearer
 * tokens are never attached by browsers, so their requests are not concerned. (Pages check the token
 * their forms carry.)
 */
export function requireCsrfForCookieWrites(baseUrl: string | undefined): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method) || c.get('principal')?.via !== 'session') return next();
    if (isValidCsrf(c, c.req.header(CSRF_HEADER)) || isSameOrigin(c, baseUrl)) return next();
    return problem(
      c,
      403,
      `A change made with the session cookie needs the ${CSRF_HEADER} header (the session's form token) or to come from Egide's own pages; API clients should send "Authorization: Bearer <token>".`,
    );
  };
}
