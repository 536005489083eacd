import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Principal } from '../roles.js';
import { readSessionCookie } from './session-cookie.js';

const CSRF_COOKIE = 'egide_csrf';
export const CSRF_FIELD = '_csrf';
/** The header a script (or an API client using the session cookie) sends the token in. */
export const CSRF_HEADER = 'X-CSRF-Token';

/**
 * The token of a signed-in session, derived from its secret: bound to that session, it changes at
 * each sign-in, and it reveals nothing of the secret (which stays in its HttpOnly cookie).
 */
function sessionCsrfToken(sessionSecret: string): string {
  return createHash('sha256').update(`egide-csrf\0${sessionSecret}`).digest('base64url');
}

/** The session secret when the caller is signed in through the session cookie (not a bearer token). */
function signedInSession(c: Context): string | undefined {
  const principal = c.get('principal') as Principal | null | undefined;
  return principal?.via === 'session' ? readSessionCookie(c) : undefined;
}

function writeCsrfCookie(c: Context, token: string, secure: boolean): void {
  setCookie(c, CSRF_COOKIE, token, { httpOnly: true, sameSite: 'Strict', secure, path: '/' });
}

/** Per request, so that every form of a page carries the same token and the cookie is set once. */
const issuedTokens = new WeakMap<Request, string>();

/**
 * The token forms carry. Signed in: the session's own token (also mirrored in the cookie). Anonymous
 * (the sign-in form): a double-submit token, the value of an HttpOnly, SameSite=Strict cookie that a
 * page on another site can neither read nor make the browser send.
 */
export function csrfToken(c: Context, secure: boolean): string {
  const issued = issuedTokens.get(c.req.raw);
  if (issued !== undefined) return issued;
  const session = signedInSession(c);
  const existing = getCookie(c, CSRF_COOKIE);
  const token = session !== undefined ? sessionCsrfToken(session) : (existing ?? randomBytes(24).toString('base64url'));
  if (existing !== token) writeCsrfCookie(c, token, secure);
  issuedTokens.set(c.req.raw, token);
  return token;
}

/** At sign-in: the new session's token replaces whatever token the browser held before. */
export function rotateCsrfToken(c: Context, sessionSecret: string, secure: boolean): void {
  writeCsrfCookie(c, sessionCsrfToken(sessionSecret), secure);
}

/** At sign-out: the next form gets a fresh anonymous token. */
export function clearCsrfToken(c: Context): void {
  deleteCookie(c, CSRF_COOKIE, { path: '/' });
}

export function isValidCsrf(c: Context, submitted: unknown): boolean {
  const session = signedInSession(c);
  const expected = session !== undefined ? sessionCsrfToken(session) : getCookie(c, CSRF_COOKIE);
  if (!expected || typeof submitted !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(submitted);
  return a.length === b.length && timingSafeEqual(a, b);
}
