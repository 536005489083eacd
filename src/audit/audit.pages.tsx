import { Hono, type Context } from 'hono';
import type { OrganisationRow } from '../db/schema.js';
import type { FieldIssue } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { fieldIssues } from '../http/problem.js';
import { Pagination, queryString } from '../web/pagination.js';
import { Layout } from '../web/layout.js';
import type { PageContext } from '../web/page-context.js';
import { forbiddenPage, loginRedirect, renderPage, type PageOptions } from '../web/page-responses.js';
import { AUDIT_ACTIONS } from './audit-entry.js';
import type { AuditEntryView } from './audit.repository.js';
import { AUDIT_PAGE_SIZE, AuditQuerySchema } from './audit.schemas.js';
import type { AuditTrail } from './audit.service.js';

const FILTERS = ['actor', 'organisation', 'action', 'target', 'from', 'to'] as const;
type FilterValues = Partial<Record<(typeof FILTERS)[number], string>>;

/** `/{lang}/admin/audit`: the trail for admins, newest first, with filters; usable on a phone (one card per entry). */
export function auditPages(deps: { audit: AuditTrail; accounts: { listOrganisations(): Promise<OrganisationRow[]> } } & PageOptions) {
  return new Hono<AppEnv>().get('/:lang/admin/audit', async (c) => {
    const principal = c.get('principal');
    if (!principal) return loginRedirect(c);
    if (principal.role !== 'admin') return forbiddenPage(c, deps);
    const values = filterValues(c);
    const organisations = await deps.accounts.listOrganisations();
    const parsed = AuditQuerySchema.safeParse({ ...values, page: c.req.query('page') || undefined });
    if (!parsed.success) {
      const errors = fieldIssues(parsed.error.issues);
      return renderPage(c, deps, (page) => <AuditPage page={page} values={values} organisations={organisations} errors={errors} items={[]} total={0} current={1} />, 400);
    }
    const { page: current, ...filter } = parsed.data;
    const { total, items } = await deps.audit.list({ ...filter, targetId: filter.target }, AUDIT_PAGE_SIZE, (current - 1) * AUDIT_PAGE_SIZE);
    return renderPage(c, deps, (page) => <AuditPage page={page} values={values} organisations={organisations} errors={[]} items={items} total={total} current={current} />);
  });
}

/** The filters given, empty ones left out (an empty field filters nothing). */
function filterValues(c: Context<AppEnv>): FilterValues {
  const values: FilterValues = {};
  for (const name of FILTERS) {
    const value = c.req.query(name)?.trim();
    if (value) values[name] = value;
  }
  return values;
}

interface AuditPageProps {
  page: PageContext;
  values: FilterValues;
  organisations: OrganisationRow[];
  errors: FieldIssue[];
  items: AuditEntryView[];
  total: number;
  current: number;
}

function AuditPage({ page, values, organisations, errors, items, total, current }: AuditPageProps) {
  const { t, lang } = page;
  const text = (name: 'actor' | 'target' | 'from' | 'to', type: 'text' | 'date' = 'text') => (
    <div class="field">
      <label for={`audit-${name}`}>{t(`audit.filter.${name}`)}</label>
      <input id={`audit-${name}`} name={name} type={type} value={values[name] ?? ''} aria-invalid={errors.some((error) => error.field === name) ? 'true' : undefined} />
    </div>
  );
  return (
    <Layout page={page} title={t('audit.title')}>
      <h1>{t('audit.title')}</h1>
      <p class="lead">{t('audit.lead')}</p>
      {errors.length > 0 && (
        <div class="notice error" role="alert">
          <p>{t('audit.invalidFilters')}</p>
          <ul>
            {errors.map((error) => (
              <li>{t('audit.invalidFilter', { field: t(`audit.filter.${(FILTERS as readonly string[]).includes(error.field) ? (error.field as (typeof FILTERS)[number]) : 'page'}`) })}</li>
            ))}
          </ul>
        </div>
      )}
      <form class="filters wrap-rows" method="get" action={`/${lang}/admin/audit`}>
        <div class="row">
          {text('actor')}
          <div class="field">
            <label for="audit-organisation">{t('audit.filter.organisation')}</label>
            <select id="audit-organisation" name="organisation">
              <option value="">{t('audit.filter.any')}</option>
              {organisations.map((organisation) => (
                <option value={organisation.slug} selected={organisation.slug === values.organisation}>
                  {organisation.name}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="audit-action">{t('audit.filter.action')}</label>
            <select id="audit-action" name="action">
              <option value="">{t('audit.filter.any')}</option>
              {AUDIT_ACTIONS.map((action) => (
                <option value={action} selected={action === values.action}>
                  {t(`audit.action.${action}`)}
                </option>
              ))}
            </select>
          </div>
          {text('target')}
          {text('from', 'date')}
          {text('to', 'date')}
          <button type="submit">{t('audit.filter.submit')}</button>
        </div>
      </form>
      <p class="count">{t('audit.count', { count: total })}</p>
      {items.length === 0 ? (
        <p class="empty">{t('audit.none')}</p>
      ) : (
        <ol class="audit-entries">
          {items.map((entry) => (
            <AuditEntryCard entry={entry} page={page} />
          ))}
        </ol>
      )}
      <Pagination
        current={current}
        total={total}
        pageSize={AUDIT_PAGE_SIZE}
        page={page}
        href={(n) => `/${lang}/admin/audit${queryString([...FILTERS.map((name): [string, string | undefined] => [name, values[name]]), ['page', n]])}`}
      />
    </Layout>
  );
}

function AuditEntryCard({ entry, page }: { entry: AuditEntryView; page: PageContext }) {
  const { t, lang } = page;
  const details = entry.details === '{}' ? undefined : entry.details;
  return (
    <li class={`audit-entry ${entry.outcome === 'failure' ? 'failure' : ''}`}>
      <p class="audit-headline">
        <strong>{t(`audit.action.${entry.action as (typeof AUDIT_ACTIONS)[number]}`)}</strong>
        {entry.outcome === 'failure' && <span class="badge">{t('audit.outcome.failure')}</span>}{' '}
        <time datetime={entry.at}>{entry.at.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}</time>
      </p>
      <dl>
        <dt>{t('audit.actor')}</dt>
        <dd>
          {t(`audit.actorKind.${entry.actor_kind as 'user' | 'token' | 'anonymous' | 'cli'}`)}
          {entry.actor_name && ` · ${entry.actor_name}`}
          {entry.actor_user_id !== null && ` · #${entry.actor_user_id}`}
          {entry.actor_token_id !== null && ` · ${t('audit.token', { id: entry.actor_token_id })}`}
          {entry.organisation_slug && ` · ${entry.organisation_slug}`}
          {entry.client_address && ` · ${entry.client_address}`}
        </dd>
        {entry.target_type && (
          <>
            <dt>{t('audit.target')}</dt>
            <dd>
              {entry.target_type === 'object' && entry.target_id ? <a href={`/${lang}/objects/${encodeURIComponent(entry.target_id)}`}>{entry.target_id}</a> : `${entry.target_type} ${entry.target_id ?? ''}`}
            </dd>
          </>
        )}
        {details && (
          <>
            <dt>{t('audit.details')}</dt>
            <dd>
              <code>{details}</code>
            </dd>
          </>
        )}
      </dl>
    </li>
  );
}
