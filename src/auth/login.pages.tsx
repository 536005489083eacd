import { Hono, type Context } from 'hono';
import type { AccountService } from '../accounts/account.service.js';
import type { AppEnv } from '../http/env.js';
import { clientAddress } from '../http/client-address.js';
import { Layout } from '../web/layout.js';
import { pageContext, type PageContext } from '../web/page-context.js';
import { renderHtml } from '../web/render.js';
import { CSRF_FIELD, isValidCsrf } from './csrf.js';
import { RateLimiter } from './rate-limiter.js';
import { clearSessionCookie, readSessionCookie, writeSessionCookie } from './session-cookie.js';

const WINDOW_MS = 15 * 60 * 1000;

/** Login throttling: per address and account, and per address alone (against password spraying). */
export class LoginThrottle {
  private readonly perAccount = new RateLimiter(5, WINDOW_MS);
  private readonly perAddress = new RateLimiter(30, WINDOW_MS);

  retryAfter(address: string, email: string): number {
    return Math.max(this.perAccount.retryAfter(`${address}|${email}`), this.perAddress.retryAfter(address));
  }

  failed(address: string, email: string): void {
    this.perAccount.record(`${address}|${email}`);
    this.perAddress.record(address);
  }

  succeeded(address: string, email: string): void {
    this.perAccount.reset(`${address}|${email}`);
  }
}

type LoginError = 'login.error.credentials' | 'login.error.throttled' | 'form.error.csrf';

export function loginPages(accounts: AccountService, throttle: LoginThrottle, secureCookies: boolean) {
  return new Hono<AppEnv>()
    .get('/:lang/login', (c) => {
      const page = pageContext(c, c.get('lang'), secureCookies);
      return renderHtml(c, <LoginPage page={page} next={safeNext(c.req.query('next'), page)} email="" />);
    })
    .post('/:lang/login', async (c) => {
      const page = pageContext(c, c.get('lang'), secureCookies);
      const form = await c.req.parseBody();
      const email = String(form.email ?? '').trim().toLowerCase();
      const next = safeNext(String(form.next ?? ''), page);
      const fail = (error: LoginError, status: 400 | 401 | 403 | 429, retryAfter?: number) => {
        if (retryAfter) c.header('Retry-After', String(retryAfter));
        return renderHtml(c, <LoginPage page={page} next={next} email={email} error={error} retryAfter={retryAfter} />, status);
      };
      if (!isValidCsrf(c, form[CSRF_FIELD])) return fail('form.error.csrf', 403);
      const address = clientAddress(c);
      const wait = throttle.retryAfter(address, email);
      if (wait > 0) return fail('login.error.throttled', 429, wait);
      const principal = await accounts.verifyCredentials(email, String(form.password ?? ''));
      if (!principal) {
        throttle.failed(address, email);
        return fail('login.error.credentials', 401);
      }
      throttle.succeeded(address, email);
      writeSessionCookie(c, await accounts.startSession(principal.userId), secureCookies);
      return c.redirect(next, 303);
    })
    .post('/:lang/logout', async (c) => {
      const form = await c.req.parseBody();
      if (!isValidCsrf(c, form[CSRF_FIELD])) return c.text('Invalid form token', 403);
      const session = readSessionCookie(c);
      if (session) await accounts.endSession(session);
      clearSessionCookie(c);
      return c.redirect(`/${c.get('lang')}/`, 303);
    });
}

const SAME_SITE = 'http://egide.invalid';

/**
 * Only paths on this site, so the login form cannot be used to redirect elsewhere. The path is
 * resolved as a browser would (which drops tabs and newlines and reads `\` as `/`, so that
 * "/<TAB>/evil.example" means //evil.example), and the resolved, encoded form is what is kept.
 */
function safeNext(next: string | undefined, page: PageContext): string {
  const fallback = `/${page.lang}/`;
  if (!next?.startsWith('/')) return fallback;
  try {
    const url = new URL(next, SAME_SITE);
    return url.origin === SAME_SITE ? `${url.pathname}${url.search}${url.hash}` : fallback;
  } catch {
    return fallback;
  }
}

export function loginRedirect(c: Context<AppEnv>): Response {
  const url = new URL(c.req.url);
  return c.redirect(`/${c.get('lang')}/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
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
