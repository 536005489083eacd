import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { SESSION_LIFETIME_MS, type AccountService } from '../accounts/account.service.js';
import { rotateCsrfToken } from '../http/csrf.js';
import { writeSessionCookie } from '../http/session-cookie.js';
import type { PendingPurpose } from './two-factor.repository.js';

/** Starts the session once every factor is checked: the session cookie, and a CSRF token bound to it. */
export async function beginSession(c: Context, accounts: AccountService, userId: number, secure: boolean): Promise<void> {
  const session = await accounts.startSession(userId);
  writeSessionCookie(c, session, secure, SESSION_LIFETIME_MS);
  rotateCsrfToken(c, session, secure);
}

/** Where each step of a half-finished sign-in is, under `/{lang}/`. */
export const STEP_PATHS: Record<PendingPurpose, string> = { 'second-factor': 'login/code', enrol: 'login/enrol' };

/** The half-finished sign-in (password right, second factor due): its secret, hashed server-side. */
const PENDING_COOKIE = 'egide_pending_sign_in';

export function readPendingCookie(c: Context): string | undefined {
  return getCookie(c, PENDING_COOKIE);
}

/** Strict: no other site can make the browser send it, so the second step cannot be driven from elsewhere. */
export function writePendingCookie(c: Context, secret: string, secure: boolean): void {
  setCookie(c, PENDING_COOKIE, secret, { httpOnly: true, sameSite: 'Strict', secure, path: '/' });
}

export function clearPendingCookie(c: Context): void {
  deleteCookie(c, PENDING_COOKIE, { path: '/' });
}
