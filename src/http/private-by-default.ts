import type { MiddlewareHandler } from 'hono';

/**
 * Whatever depends on who asks (a session, a token, an object's visibility) must not be kept by a
 * shared cache or on disk: responses that did not choose their own caching (public alert-list
 * images, content-hashed assets) are `private, no-store`.
 */
export const privateByDefault: MiddlewareHandler = async (c, next) => {
  await next();
  if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'private, no-store');
};
