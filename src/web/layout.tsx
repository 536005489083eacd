import type { Child } from 'hono/jsx';
import { LANGUAGES } from '../i18n/languages.js';
import { CSRF_FIELD } from '../http/csrf.js';
import { assetUrl } from './assets.js';
import type { PageContext } from './page-context.js';

interface LayoutProps {
  page: PageContext;
  title: string;
  description?: string;
  scripts?: string[];
  /** More of the head: a page's own stylesheet, a web app manifest. */
  head?: Child;
  children: Child;
}

export function Layout({ page, title, description, scripts = [], head, children }: LayoutProps) {
  const { lang, t, principal } = page;
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · Egide`}</title>
        <meta name="description" content={description ?? t('site.tagline')} />
        <link rel="stylesheet" href={assetUrl('egide.css')} />
        <link rel="icon" type="image/svg+xml" href={assetUrl('favicon.svg')} />
        {LANGUAGES.map((other) => (
          <link rel="alternate" hreflang={other} href={`/${other}${page.pathInLang}`} />
        ))}
        {scripts.map((src) => (
          <script type="module" src={src} defer></script>
        ))}
        {head}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('nav.skip')}
        </a>
        <header class="site-header">
          <div class="bar">
            <a class="brand" href={`/${lang}/`}>
              Egide
            </a>
            <nav class="site-nav" aria-label={t('nav.main')}>
              <ul>
                <li>
                  <a href={`/${lang}/alerts`}>{t('nav.alerts')}</a>
                </li>
                <li>
                  <a href={`/${lang}/search`}>{t('nav.search')}</a>
                </li>
                <li>
                  <a href={`/${lang}/identify`}>{t('nav.identify')}</a>
                </li>
                <li>
                  <a href={`/${lang}/red-lists`}>{t('redlists.nav')}</a>
                </li>
                <li>
                  <a href={`/${lang}/observatory`}>{t('observatory.nav')}</a>
                </li>
                <li>
                  <a href={`/${lang}/heritage-places`}>{t('places.nav')}</a>
                </li>
                <li>
                  <a href={`/${lang}/emergencies`}>{t('emergencies.nav')}</a>
                </li>
                {principal && (
                  <li>
                    <a href={`/${lang}/due-diligence`}>{t('dd.page.title')}</a>
                  </li>
                )}
                {principal && (
                  <li>
                    <a href={`/${lang}/alerts/subscriptions`}>{t('alerts.subscriptions.nav')}</a>
                  </li>
                )}
                {(principal?.role === 'investigator' || principal?.role === 'admin') && (
                  <li>
                    <a href={`/${lang}/customs-check`}>{t('customs.page.nav')}</a>
                  </li>
                )}
                {(principal?.role === 'registrar' || principal?.role === 'admin') && (
                  <li>
                    <a href={`/${lang}/inventory`}>{t('nav.inventory')}</a>
                  </li>
                )}
                {(principal?.role === 'heritage-assessor' || principal?.role === 'registrar' || principal?.role === 'admin') && (
                  <li>
                    <a href={`/${lang}/field`}>{t('field.nav')}</a>
                  </li>
                )}
                {(principal?.role === 'red-list-editor' || principal?.role === 'admin') && (
                  <li>
                    <a href={`/${lang}/red-lists/edit`}>{t('redlistEditor.nav')}</a>
                  </li>
                )}
                <li>
                  <a href={`/${lang}/verify`}>{t('certificate.verify.title')}</a>
                </li>
                <li>
                  <a href={`/${lang}/partners`}>{t('nav.partners')}</a>
                </li>
                <li>
                  <a href={`/${lang}/api`}>{t('nav.api')}</a>
                </li>
                {principal?.role === 'admin' && (
                  <li>
                    <a href={`/${lang}/admin/partners`}>{t('nav.admin')}</a>
                  </li>
                )}
                {principal?.role === 'admin' && (
                  <li>
                    <a href={`/${lang}/admin/audit`}>{t('audit.title')}</a>
                  </li>
                )}
                {principal?.role === 'admin' && (
                  <li>
                    <a href={`/${lang}/admin/access`}>{t('access.nav')}</a>
                  </li>
                )}
                {principal && (
                  <li>
                    <NotificationsLink page={page} />
                  </li>
                )}
              </ul>
            </nav>
            <nav class="lang-switch" aria-label={t('nav.language')}>
              <ul>
                {LANGUAGES.map((other) => (
                  <li>
                    <a href={`/${other}${page.pathInLang}`} hreflang={other} lang={other} aria-current={other === lang ? 'true' : undefined}>
                      <span aria-hidden="true">{other}</span>
                      <span class="visually-hidden">{t(`language.${other}`)}</span>
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            <div class="account">
              {principal ? (
                <form method="post" action={`/${lang}/logout`}>
                  <span>
                    {principal.displayName} · <a href={`/${lang}/account/security`}>{t('nav.security')}</a> ·{' '}
                  </span>
                  <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
                  <button type="submit" class="linklike">
                    {t('nav.logout')}
                  </button>
                </form>
              ) : (
                <a href={`/${lang}/login`}>{t('nav.login')}</a>
              )}
            </div>
          </div>
        </header>
        <main id="main" tabindex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <div>{t('site.footer')}</div>
        </footer>
      </body>
    </html>
  );
}

/** Notifications, with the number of unread ones as a badge (spelled out for screen readers). */
function NotificationsLink({ page }: { page: PageContext }) {
  const { lang, t } = page;
  const unread = page.unreadNotifications ?? 0;
  return (
    <a href={`/${lang}/notifications`}>
      {t('nav.notifications')}
      {unread > 0 && (
        <>
          {' '}
          <span class="count-badge" aria-hidden="true">
            {unread}
          </span>
          <span class="visually-hidden">{` (${t('nav.notifications.unread', { count: unread })})`}</span>
        </>
      )}
    </a>
  );
}
