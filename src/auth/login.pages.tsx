import { Hono } from 'hono';
import type { AccountService } from '../accounts/account.service.js';
import type { Principal } from '../roles.js';
import type { TrustedProxies } from '../config/trusted-proxies.js';
import { clientAddress } from '../http/client-address.js';
import type { AppEnv } from '../http/env.js';
import { Layout } from '../web/layout.js';
import { forbiddenPage } from '../web/page-responses.js';
import { pageContext, type PageContext } from '../web/page-context.js';
import { postedText } from '../web/posted-text.js';
import { renderHtml } from '../web/render.js';
import { clearCsrfToken, CSRF_FIELD, isValidCsrf } from '../http/csrf.js';
import type { LoginThrottle } from './login-throttle.js';
import { sameSitePath } from './same-site-path.js';
import { clearSessionCookie, readSessionCookie } from '../http/session-cookie.js';
import { beginSession, STEP_PATHS, writePendingCookie } from './sign-in.js';
import type { TwoFactorService } from './two-factor.service.js';

type LoginError = 'login.error.credentials' | 'login.error.throttled' | 'form.error.csrf';

export interface LoginPageOptions {
  secureCookies: boolean;
  /** Proxies whose `X-Forwarded-For` names the client, so that clients behind them are throttled apart. */
  trustedProxies: TrustedProxies;
}

export function loginPages(accounts: AccountService, throttle: LoginThrottle, twoFactor: TwoFactorService, { secureCookies, trustedProxies }: LoginPageOptions) {
  return new Hono<AppEnv>()
    .get('/:lang/login', (c) => {
      const page = pageContext(c, c.get('lang'), secureCookies);
      return renderHtml(c, <LoginPage page={page} next={safeNext(c.req.query('next'), page)} email="" />);
    })
    .post('/:lang/login', async (c) => {
      const page = pageContext(c, c.get('lang'), secureCookies);
      const form = await c.req.parseBody();
      const email = postedText(form, 'email').trim().toLowerCase();
      const next = safeNext(postedText(form, 'next'), page);
      const fail = (error: LoginError, status: 400 | 401 | 403 | 429, retryAfter?: number) => {
        if (retryAfter) c.header('Retry-After', String(retryAfter));
        return renderHtml(c, <LoginPage page={page} next={next} email={email} error={error} retryAfter={retryAfter} />, status);
      };
      if (!isValidCsrf(c, form[CSRF_FIELD])) return fail('form.error.csrf', 403);
      const address = clientAddress(c, trustedProxies);
      const wait = await throttle.reserve(address, email);
      if (wait > 0) return fail('login.error.throttled', 429, wait);
      let principal: Principal | undefined;
      try {
        principal = await accounts.verifyCredentials(email, postedText(form, 'password'));
      } catch (error) {
        await throttle.abandoned(address, email);
        throw error;
      }
      // A failure keeps its reserved attempt.
      if (!principal) return fail('login.error.credentials', 401);
      await throttle.succeeded(address, email);
      // With a second factor (or one the role requires but not yet set up), no session until it is given.
      const pending = await twoFactor.afterPassword(principal, next);
      if (pending) {
        writePendingCookie(c, pending.secret, secureCookies);
        return c.redirect(`/${page.lang}/${STEP_PATHS[pending.purpose]}`, 303);
      }
      await beginSession(c, accounts, principal.userId, secureCookies);
      return c.redirect(next, 303);
    })
    .post('/:lang/logout', async (c) => {
      const form = await c.req.parseBody();
      if (!isValidCsrf(c, form[CSRF_FIELD])) return forbiddenPage(c, { secureCookies });
      const session = readSessionCookie(c);
      if (session) await accounts.endSession(session);
      clearSessionCookie(c);
      clearCsrfToken(c);
      return c.redirect(`/${c.get('lang')}/`, 303);
    });
}

function safeNext(next: string | undefined, page: PageContext): string {
  return sameSitePath(next) ?? `/${page.lang}/`;
}

function LoginPage({ page, next, email, error, retryAfter }: { page: PageContext; next: string; email: string; error?: LoginError; retryAfter?: number | undefined }) {
  const { t, lang, principal } = page;
  return (
    <Layout page={page} title={t('login.title')}>
      <h1>{t('login.title')}</h1>
      {principal && <p class="notice">{t('login.already', { name: principal.displayName })}</p>}
      {error && (
        <p class="notice error" role="alert">
          {t(error, { minutes: Math.ceil((retryAfter ?? 0) / 60) })}
        </p>
      )}
      <form method="post" action={`/${lang}/login`} class="stack" style="max-width: 26rem">
        <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
        <input type="hidden" name="next" value={next} />
        <div>
          <label for="login-email">{t('login.email')}</label>
          <input id="login-email" type="email" name="email" value={email} autocomplete="username" required />
        </div>
        <div>
          <label for="login-password">{t('login.password')}</label>
          <input id="login-password" type="password" name="password" autocomplete="current-password" required />
        </div>
        <button type="submit">{t('login.submit')}</button>
      </form>
      <p>{t('login.help')}</p>
    </Layout>
  );
}
