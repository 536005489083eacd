import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { Layout } from '../web/layout.js';
import type { PageContext } from '../web/page-context.js';
import { listItemOf, ObjectList } from './object.components.js';
import { PAGE_SIZE, pageNumber, Pagination, queryString } from '../web/pagination.js';
import type { ObjectView } from './object-view.js';
import { render, type RegistryPageDeps } from './page-support.js';
import { ALERT_STATUSES } from './status.js';

/**
 * The public alert list: objects reported stolen or missing whose owners consented to publish
 * them, newest first. Not kept in the page cache: it changes with every report and status change.
 */
export function alertsPages(deps: RegistryPageDeps) {
  return new Hono<AppEnv>().get('/:lang/alerts', async (c) => {
    const current = pageNumber(c.req.query('page'));
    // The public list is the same for everyone: published objects only, whoever is signed in.
    const { items, total } = await deps.objects.page(null, {
      publishedOnly: true,
      statuses: ALERT_STATUSES,
      limit: PAGE_SIZE,
      offset: (current - 1) * PAGE_SIZE,
    });
    return render(c, deps, (page) => <AlertsPage page={page} items={items} total={total} current={current} />);
  });
}

function AlertsPage({ page, items, total, current }: { page: PageContext; items: ObjectView[]; total: number; current: number }) {
  const { t, lang } = page;
  // The Atom feed of the list (alerts/feeds/, which this lower domain does not import).
  const feed = `/${lang}/feeds/alerts.atom`;
  return (
    <Layout page={page} title={t('alerts.title')} description={t('alerts.lead')} head={<link rel="alternate" type="application/atom+xml" title={t('feeds.link')} href={feed} />}>
      <h1>{t('alerts.title')}</h1>
      <p class="lead">{t('alerts.lead')}</p>
      <p>
        <a href={feed} type="application/atom+xml">
          {t('feeds.link')}
        </a>
      </p>
      {/* Subscriptions live in alerts/subscriptions/ (not imported by this lower domain). */}
      {page.principal && (
        <p>
          <a href={`/${lang}/alerts/subscriptions/new?status=stolen&status=missing`}>{t('alerts.subscriptions.subscribeAlerts')}</a>
        </p>
      )}
      <p class="count">{t('alerts.count', { count: total })}</p>
      {items.length === 0 ? (
        <p class="empty">{t('alerts.none')}</p>
      ) : (
        <ObjectList items={items.map((view) => listItemOf(view, page))} page={page} show={{ reported: true, emergency: true }} />
      )}
      <Pagination current={current} total={total} page={page} href={(n) => `/${lang}/alerts${queryString([['page', n]])}`} />
    </Layout>
  );
}
