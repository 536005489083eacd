import { Hono, type Context } from 'hono';
import type { AccountService } from '../accounts/account.service.js';
import type { AppEnv } from '../http/env.js';
import { forbiddenPage, loginRedirect, renderPage } from '../web/page-responses.js';
import { postedText } from '../web/posted-text.js';
import { CSRF_FIELD, isValidCsrf } from '../http/csrf.js';
import { beginSession, clearPendingCookie, readPendingCookie, STEP_PATHS } from './sign-in.js';
import type { PendingPurpose, PendingSignIn } from './two-factor.repository.js';
import type { TwoFactorService } from './two-factor.service.js';
import { AccountSecurityPage, EnrolmentPage, RecoveryCodesPage, SecondFactorPage, type EnrolmentProps } from './two-factor.views.js';

/** Where an enrolment is made: at a sign-in that requires it, or from one's account page. */
interface EnrolmentPlace {
  path: string;
  intro: EnrolmentProps['intro'];
}
const AT_SIGN_IN: EnrolmentPlace = { path: STEP_PATHS.enrol, intro: 'twoFactor.enrol.required' };
const ON_ACCOUNT: EnrolmentPlace = { path: 'account/security/enrol', intro: 'account.security.off' };

export interface TwoFactorPageOptions {
  secureCookies: boolean;
}

/**
 * The second step of a sign-in (`/{lang}/login/code`), the enrolment a role requires before any
 * session exists (`/{lang}/login/enrol`), and a signed-in person's `/{lang}/account/security`.
 */
export function twoFactorPages(accounts: AccountService, twoFactor: TwoFactorService, { secureCookies }: TwoFactorPageOptions) {
  const options = { secureCookies };
  /** No half-finished sign-in (none, expired, finished): back to the password. At the other step: there. */
  const restart = async (c: Context<AppEnv>) => {
    const secret = readPendingCookie(c);
    const pending = secret ? await twoFactor.pending(secret) : undefined;
    if (pending) return c.redirect(`/${c.get('lang')}/${STEP_PATHS[pending.purpose]}`, 303);
    clearPendingCookie(c);
    return c.redirect(`/${c.get('lang')}/login`, 303);
  };
  /** Ends the half-finished sign-in and starts the session; false when another request finished it first. */
  const complete = async (c: Context<AppEnv>, secret: string, pending: PendingSignIn) => {
    if (!(await twoFactor.finishPending(secret))) return false;
    clearPendingCookie(c);
    await beginSession(c, accounts, pending.userId, secureCookies);
    return true;
  };

  /** The enrolment form: the key to add to the app, and a field for its first code (again, saying what was wrong). */
  const enrolmentForm = async (c: Context<AppEnv>, userId: number, place: EnrolmentPlace, error?: EnrolmentProps['error'], status: 200 | 400 | 403 = 200) => {
    const enrolment = await twoFactor.enrolment(userId);
    return renderPage(c, options, (page) => <EnrolmentPage page={page} enrolment={enrolment} action={`/${page.lang}/${place.path}`} intro={place.intro} error={error} />, status);
  };
  /** Checks the form's token and first code: the recovery codes, or the form again. */
  const confirmEnrolment = async (c: Context<AppEnv>, userId: number, place: EnrolmentPlace): Promise<string[] | Response> => {
    const form = await c.req.parseBody();
    if (!isValidCsrf(c, form[CSRF_FIELD])) return enrolmentForm(c, userId, place, 'form.error.csrf', 403);
    const codes = await twoFactor.confirmEnrolment(userId, postedText(form, 'code'));
    return codes ?? enrolmentForm(c, userId, place, 'twoFactor.enrol.error', 400);
  };

  return new Hono<AppEnv>()
    .get('/:lang/login/code', async (c) => {
      if (!(await pendingFor(c, twoFactor, 'second-factor'))) return restart(c);
      return renderPage(c, options, (page) => <SecondFactorPage page={page} />);
    })
    .post('/:lang/login/code', async (c) => {
      const form = await c.req.parseBody();
      if (!isValidCsrf(c, form[CSRF_FIELD])) return renderPage(c, options, (page) => <SecondFactorPage page={page} error="form.error.csrf" />, 403);
      const found = await pendingFor(c, twoFactor, 'second-factor');
      if (!found) return restart(c);
      const result = await twoFactor.check(found.pending.userId, postedText(form, 'code'));
      if (!result.ok) {
        if (result.retryAfter > 0) c.header('Retry-After', String(result.retryAfter));
        const error = result.retryAfter > 0 ? 'twoFactor.error.throttled' : 'twoFactor.error.code';
        return renderPage(c, options, (page) => <SecondFactorPage page={page} error={error} retryAfter={result.retryAfter} />, result.retryAfter > 0 ? 429 : 401);
      }
      if (!(await complete(c, found.secret, found.pending))) return restart(c);
      return c.redirect(found.pending.nextPath, 303);
    })
    .get('/:lang/login/enrol', async (c) => {
      const found = await pendingFor(c, twoFactor, 'enrol');
      if (!found) return restart(c);
      return enrolmentForm(c, found.pending.userId, AT_SIGN_IN);
    })
    .post('/:lang/login/enrol', async (c) => {
      const found = await pendingFor(c, twoFactor, 'enrol');
      if (!found) return restart(c);
      const codes = await confirmEnrolment(c, found.pending.userId, AT_SIGN_IN);
      if (codes instanceof Response) return codes;
      if (!(await complete(c, found.secret, found.pending))) return restart(c);
      // Rendered with the request's (anonymous) context: the page has no form, so no CSRF token is issued over the new session's.
      return renderPage(c, options, (page) => <RecoveryCodesPage page={page} codes={codes} continueTo={found.pending.nextPath} />);
    })
    .get('/:lang/account/security', async (c) => {
      const principal = c.get('principal');
      if (principal?.via !== 'session') return loginRedirect(c);
      const status = await twoFactor.status(principal);
      if (status.enrolled) return renderPage(c, options, (page) => <AccountSecurityPage page={page} status={status} />);
      return enrolmentForm(c, principal.userId, ON_ACCOUNT);
    })
    .post('/:lang/account/security/enrol', async (c) => {
      const principal = c.get('principal');
      if (principal?.via !== 'session') return loginRedirect(c);
      // Sent twice (a double click): the first one turned it on.
      if (await twoFactor.isEnrolled(principal.userId)) return c.redirect(`/${c.get('lang')}/account/security`, 303);
      const codes = await confirmEnrolment(c, principal.userId, ON_ACCOUNT);
      if (codes instanceof Response) return codes;
      return renderPage(c, options, (page) => <RecoveryCodesPage page={page} codes={codes} continueTo={`/${page.lang}/account/security`} />);
    })
    .post('/:lang/account/security/recovery-codes', async (c) => {
      const principal = c.get('principal');
      if (principal?.via !== 'session') return loginRedirect(c);
      const form = await c.req.parseBody();
      if (!isValidCsrf(c, form[CSRF_FIELD])) return forbiddenPage(c, options);
      const codes = await twoFactor.regenerateRecoveryCodes(principal);
      return renderPage(c, options, (page) => <RecoveryCodesPage page={page} codes={codes} continueTo={`/${page.lang}/account/security`} />);
    });
}

/** The request's half-finished sign-in, if it exists, has not expired, and is at this step. */
async function pendingFor(c: Context<AppEnv>, twoFactor: TwoFactorService, purpose: PendingPurpose): Promise<{ secret: string; pending: PendingSignIn } | undefined> {
  const secret = readPendingCookie(c);
  const pending = secret ? await twoFactor.pending(secret) : undefined;
  return secret && pending?.purpose === purpose ? { secret, pending } : undefined;
}
