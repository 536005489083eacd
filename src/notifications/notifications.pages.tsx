import { Hono, type MiddlewareHandler } from 'hono';
import { CSRF_FIELD, isValidCsrf } from '../http/csrf.js';
import type { AppEnv } from '../http/env.js';
import { countryName, Flash, formatDateTime, StatusBadge, Thumbnail } from '../registry/object.components.js';
import { PAGE_SIZE, pageNumber, Pagination, queryString } from '../web/pagination.js';
import { Layout } from '../web/layout.js';
import type { PageContext } from '../web/page-context.js';
import { forbiddenPage, loginRedirect, renderPage } from '../web/page-responses.js';
import { isSubscriptionAlert, type InboxItemView, type SubscriptionAlerts, type SubscriptionAlertView, type WebhookPausedView } from './subscription-alerts.js';
import type { NotificationService, NotificationView } from './notifications.service.js';

/** Counts the signed-in person's unread notifications (sightings and subscription alerts) for the navigation of every page. */
export function unreadNotifications(notifications: NotificationService, alerts?: SubscriptionAlerts): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (principal) {
      const [sightings, subscribed] = await Promise.all([notifications.unreadCount(principal), alerts?.unreadAlerts(principal) ?? 0]);
      c.set('unreadNotifications', sightings + subscribed);
    }
    return next();
  };
}

/** `/{lang}/notifications`: the sightings a signed-in person is notified of, and marking them read. */
export function notificationPages(notifications: NotificationService, secureCookies: boolean, alerts?: SubscriptionAlerts) {
  return new Hono<AppEnv>()
    .get('/:lang/notifications', async (c) => {
      const principal = c.get('principal');
      if (!principal) return loginRedirect(c);
      const current = pageNumber(c.req.query('page'));
      const lang = c.get('lang');
      const [list, subscribed] = await Promise.all([
        notifications.list(principal, lang, PAGE_SIZE, (current - 1) * PAGE_SIZE),
        alerts ? alerts.inbox(principal, PAGE_SIZE, 0, lang) : undefined,
      ]);
      const saved = c.req.query('saved') === 'read';
      return renderPage(c, { secureCookies }, (page) => <NotificationsPage page={page} {...list} current={current} saved={saved} alerts={subscribed?.items} />);
    })
    .post('/:lang/notifications/alerts/read', async (c) => {
      const principal = c.get('principal');
      if (!principal) return loginRedirect(c);
      const form = await c.req.parseBody();
      if (!isValidCsrf(c, form[CSRF_FIELD])) return forbiddenPage(c, { secureCookies });
      const id = typeof form.id === 'string' && /^\d+$/.test(form.id) ? Number(form.id) : undefined;
      await alerts?.markAlertsRead(principal, id === undefined ? undefined : [id]);
      return c.redirect(`/${c.get('lang')}/notifications${queryString([['saved', 'read']])}#subscription-alerts`, 303);
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
  /** The latest alerts of the person's subscriptions, and notices about their webhooks. */
  alerts?: InboxItemView[] | undefined;
}

function NotificationsPage({ page, items, total, unread, current, saved, alerts }: NotificationsProps) {
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
      {alerts && <SubscriptionAlertList alerts={alerts} page={page} />}
    </Layout>
  );
}

function SubscriptionAlertList({ alerts, page }: { alerts: InboxItemView[]; page: PageContext }) {
  const { t, lang } = page;
  return (
    <section id="subscription-alerts" aria-labelledby="subscription-alerts-title">
      <h2 id="subscription-alerts-title">{t('alerts.inbox.title')}</h2>
      <p>
        <a href={`/${lang}/alerts/subscriptions`}>{t('alerts.inbox.manage')}</a>
      </p>
      {alerts.some((alert) => !alert.read) && (
        <form method="post" action={`/${lang}/notifications/alerts/read`}>
          <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
          <button type="submit" class="secondary">
            {t('alerts.inbox.markAll')}
          </button>
        </form>
      )}
      {alerts.length === 0 ? (
        <p class="empty">{t('alerts.inbox.none')}</p>
      ) : (
        <ul class="object-list notifications">
          {alerts.map((item) => (isSubscriptionAlert(item) ? <SubscriptionAlert alert={item} page={page} /> : <WebhookPaused notice={item} page={page} />))}
        </ul>
      )}
    </section>
  );
}

function SubscriptionAlert({ alert, page }: { alert: SubscriptionAlertView; page: PageContext }) {
  const { t, lang } = page;
  return (
    <li class={alert.read ? 'object-item' : 'object-item unread'} id={`a-${alert.id}`}>
      <div class="object-item-body">
        <h3 class="notification-title">
          {!alert.read && <span class="badge new">{t('notifications.new')}</span>} <StatusBadge status={alert.status} t={t} />{' '}
          {alert.title === null ? alert.objectId : <a href={`/${lang}/objects/${alert.objectId}`}>{alert.title}</a>}
        </h3>
        <p class="muted">
          {alert.inventoryNumber && `${alert.inventoryNumber} · `}
          {t('alerts.inbox.via', { label: alert.subscriptionLabel })} · <time datetime={alert.createdAt}>{formatDateTime(alert.createdAt, lang)}</time>
        </p>
        {alert.certificateId && (
          <p>
            {t('alerts.inbox.certificateRevoked')} <a href={`/${lang}/certificates/${alert.certificateId}`}>{t('alerts.inbox.certificate', { id: alert.certificateId })}</a>
          </p>
        )}
        {alert.evidence && alert.evidence.length > 0 && (
          <>
            <p>{t('alerts.inbox.evidence')}</p>
            <ul class="object-list">
              {alert.evidence.map((match) => (
                <li class="object-item">
                  <Thumbnail src={match.thumbnailPath} alt={match.label} />
                  <p class="object-item-body">{match.line}</p>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </li>
  );
}

function WebhookPaused({ notice, page }: { notice: WebhookPausedView; page: PageContext }) {
  const { t, lang } = page;
  return (
    <li class={notice.read ? 'object-item' : 'object-item unread'} id={`a-${notice.id}`}>
      <div class="object-item-body">
        <h3 class="notification-title">
          {!notice.read && <span class="badge new">{t('notifications.new')}</span>} {t('alerts.webhookPaused.title', { label: notice.webhookLabel })}
        </h3>
        <p class="muted">
          <time datetime={notice.createdAt}>{formatDateTime(notice.createdAt, lang)}</time>
        </p>
        <dl class="object-item-facts">
          <div>
            <dt>{t('alerts.webhookPaused.url')}</dt>
            <dd>{notice.url}</dd>
          </div>
          <div>
            <dt>{t('alerts.webhookPaused.lastError')}</dt>
            <dd>{notice.lastError}</dd>
          </div>
        </dl>
        <p>
          <a href={`/${lang}/alerts/webhooks/${notice.webhookId}`}>{t('alerts.webhookPaused.link')}</a>
        </p>
      </div>
    </li>
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
