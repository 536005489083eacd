import { Hono, type MiddlewareHandler } from 'hono';
import { CSRF_FIELD, isValidCsrf } from '../http/csrf.js';
import type { AppEnv } from '../http/env.js';
import { countryName, Flash, formatDateTime, StatusBadge, Thumbnail } from '../registry/object.components.js';
import { PAGE_SIZE, pageNumber, Pagination, queryString } from '../web/pagination.js';
import { Layout } from '../web/layout.js';
import type { PageContext } from '../web/page-context.js';
import { forbiddenPage, loginRedirect, renderPage } from '../web/page-responses.js';
import type { NotificationService, NotificationView } from './notifications.service.js';

/** Counts the signed-in person's unread notifications for the navigation of every page. */
export function unreadNotifications(notifications: NotificationService): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (principal) c.set('unreadNotifications', await notifications.unreadCount(principal));
    return next();
  };
}

/** `/{lang}/notifications`: the sightings a signed-in person is notified of, and marking them read. */
export function notificationPages(notifications: NotificationService, secureCookies: boolean) {
  return new Hono<AppEnv>()
    .get('/:lang/notifications', async (c) => {
      const principal = c.get('principal');
      if (!principal) return loginRedirect(c);
      const current = pageNumber(c.req.query('page'));
      const list = await notifications.list(principal, c.get('lang'), PAGE_SIZE, (current - 1) * PAGE_SIZE);
      const saved = c.req.query('saved') === 'read';
      return renderPage(c, { secureCookies }, (page) => <NotificationsPage page={page} {...list} current={current} saved={saved} />);
    })
    .post('/:lang/notifications/read', async (c) => {
      const principal = c.get('principal');
      if (!principal) return loginRedirect(c);
      const form = await c.req.parseBody();
      if (!isValidCsrf(c, form[CSRF_FIELD])) return forbiddenPage(c, { secureCookies });
      const id = typeof form.id === 'string' && form.id ? form.id : undefined;
      await notifications.markRead(principal, id ? [id] : undefined);
      const current = pageNumber(typeof form.page === 'string' ? form.page : undefined);
      return c.redirect(`/${c.get('lang')}/notifications${queryString([['page', current], ['saved', 'read']])}${id ? `#n-${id}` : ''}`, 303);
    });
}

interface NotificationsProps {
  page: PageContext;
  items: NotificationView[];
  total: number;
  unread: number;
  current: number;
  saved: boolean;
}

function NotificationsPage({ page, items, total, unread, current, saved }: NotificationsProps) {
  const { t, lang, principal } = page;
  const lead = principal?.role === 'investigator' ? t('notifications.lead.investigator') : t('notifications.lead');
  return (
    <Layout page={page} title={t('notifications.title')} description={lead}>
      <h1>{t('notifications.title')}</h1>
      <p class="lead">{lead}</p>
      <Flash message={saved ? t('notifications.saved') : undefined} />
      <p class="count">
        {t('notifications.count', { count: total })}
        {unread > 0 && ` · ${t('nav.notifications.unread', { count: unread })}`}
      </p>
      {unread > 0 && (
        <form method="post" action={`/${lang}/notifications/read`}>
          <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
          <input type="hidden" name="page" value={String(current)} />
          <button type="submit" class="secondary">
            {t('notifications.markAll')}
          </button>
        </form>
      )}
      {items.length === 0 ? (
        <p class="empty">{t('notifications.none')}</p>
      ) : (
        <ul class="object-list notifications">
          {items.map((item) => (
            <Notification item={item} page={page} current={current} />
          ))}
        </ul>
      )}
      <Pagination current={current} total={total} page={page} href={(n) => `/${lang}/notifications${queryString([['page', n]])}`} />
    </Layout>
  );
}

function Notification({ item, page, current }: { item: NotificationView; page: PageContext; current: number }) {
  const { t, lang } = page;
  return (
    <li class={item.read ? 'object-item' : 'object-item unread'} id={`n-${item.id}`}>
      <a href={item.photoUrl} aria-label={t('notifications.photo')}>
        <Thumbnail src={item.thumbnailUrl} alt={t('notifications.photo')} />
      </a>
      <div class="object-item-body">
        <h2 class="notification-title">
          {!item.read && <span class="badge new">{t('notifications.new')}</span>} {t('notifications.sightingOf')}{' '}
          <a href={`/${lang}/objects/${item.object.id}`} lang={item.object.titleLang}>
            {item.object.title}
          </a>
        </h2>
        <p class="object-item-status">
          <StatusBadge status={item.object.status} t={t} />
          <span class="muted">{item.object.inventoryNumber}</span>
        </p>
        <dl class="object-item-facts">
          <div>
            <dt>{t('notifications.when')}</dt>
            <dd>
              <time datetime={item.createdAt}>{formatDateTime(item.createdAt, lang)}</time>
            </dd>
          </div>
          <div>
            <dt>{t('notifications.where')}</dt>
            <dd>{[item.place, countryName(item.country, lang)].filter(Boolean).join(', ')}</dd>
          </div>
          <div>
            <dt>{t('notifications.who')}</dt>
            <dd>{t('notifications.who.value', { name: item.reporter, organisation: item.reporterOrganisation })}</dd>
          </div>
          {item.note && (
            <div>
              <dt>{t('notifications.note')}</dt>
              <dd>{item.note}</dd>
            </div>
          )}
        </dl>
        {!item.read && (
          <form method="post" action={`/${lang}/notifications/read`}>
            <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
            <input type="hidden" name="id" value={item.id} />
            <input type="hidden" name="page" value={String(current)} />
            <button type="submit" class="secondary">
              {t('notifications.markRead')}
            </button>
          </form>
        )}
      </div>
    </li>
  );
}
