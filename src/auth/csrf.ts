import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

const CSRF_COOKIE = 'egide_csrf';
export const CSRF_FIELD = '_csrf';

/**
 * Double-submit token: forms carry the value of an HttpOnly, SameSite=Strict cookie. A page on another
 * site can neither read the cookie nor make the browser send it, so it cannot forge a valid form.
 */
export function csrfToken(c: Context, secure: boolean): string {
  const existing = getCookie(c, CSRF_COOKIE);
  if (existing) return existing;
  const token = randomBytes(24).toString('base64url');
  setCookie(c, CSRF_COOKIE, token, { httpOnly: true, sameSite: 'Strict', secure, path: '/' });
  return token;
}

export function isValidCsrf(c: Context, submitted: unknown): boolean {
  const expected = getCookie(c, CSRF_COOKIE);
  if (!expected || typeof submitted !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(submitted);
  return a.length === b.length && timingSafeEqual(a, b);
}
