import type { FieldIssue } from '../../errors.js';
import { CSRF_FIELD } from '../../http/csrf.js';
import { describedBy, Field, fieldId, issuesFor } from '../../registry/object.components.js';
import { Layout } from '../../web/layout.js';
import type { PageContext } from '../../web/page-context.js';
import { Pagination, queryString } from '../../web/pagination.js';
import { PRIORITIES, type Priority } from './evacuation-plan.js';
import type { PlanListView } from './evacuation-plan.service.js';
import { fieldLabel } from './evacuation.components.js';

export interface ImportOutcome {
  imported?: number;
  warnings?: FieldIssue[];
  errors: FieldIssue[];
}

interface Filters {
  organisation: string | undefined;
  priority: Priority | 'none' | undefined;
  building: string | undefined;
  q: string | undefined;
}

/** The museum's objects with their plans, filterable; the evacuation list; the CSV import. */
export function EvacuationIndexPage({ page, view, filters, outcome }: { page: PageContext; view: PlanListView; filters: Filters; outcome: ImportOutcome | undefined }) {
  const { t, lang } = page;
  const base = `/${lang}/evacuation`;
  const organisation = filters.organisation ? view.organisation.slug : undefined;
  const pairs: Array<[string, string | number | undefined]> = [
    ['organisation', organisation],
    ['priority', filters.priority],
    ['building', filters.building],
    ['q', filters.q],
  ];
  const importErrors = outcome?.errors ?? [];
  return (
    <Layout page={page} title={t('evacuation.title')}>
      <h1>{t('evacuation.title')}</h1>
      <p class="lead">{t('evacuation.lead')}</p>
      <p>{t('evacuation.museum', { name: view.organisation.name })}</p>
      <p class="action-links">
        <a class="button" href={`${base}/list.pdf${queryString([['organisation', organisation]])}`}>
          {t('evacuation.list.download')}
        </a>
        <a href={`${base}/movements${queryString([['organisation', organisation]])}`}>{t('evacuation.movements.title')}</a>
      </p>
      <ul class="tags" aria-label={t('evacuation.list.summary')}>
        {PRIORITIES.map((p) => (
          <li class="tag">{t('evacuation.list.count', { priority: t(`evacuation.priority.${p}`), count: view.counts[p] })}</li>
        ))}
        <li class="tag">{t('evacuation.list.count', { priority: t('evacuation.priority.none'), count: view.counts.none })}</li>
      </ul>

      <form class="filters wrap-rows" method="get" action={base}>
        {organisation && <input type="hidden" name="organisation" value={organisation} />}
        <div class="row">
          <div class="field">
            <label for="evacuation-priority">{t('evacuation.filter.priority')}</label>
            <select id="evacuation-priority" name="priority">
              <option value="">{t('evacuation.filter.all')}</option>
              {[...PRIORITIES, 'none' as const].map((p) => (
                <option value={String(p)} selected={p === filters.priority}>
                  {t(`evacuation.priority.${p}`)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="evacuation-building">{t('evacuation.filter.building')}</label>
            <input id="evacuation-building" type="text" name="building" value={filters.building ?? ''} maxlength={40} />
          </div>
          <div class="field">
            <label for="evacuation-q">{t('evacuation.filter.q')}</label>
            <input id="evacuation-q" type="search" name="q" value={filters.q ?? ''} maxlength={100} />
          </div>
          <button type="submit">{t('evacuation.filter.submit')}</button>
        </div>
      </form>

      <p class="count">{t('evacuation.total', { count: view.total })}</p>
      <ul class="object-list" aria-label={t('evacuation.table.caption')}>
        {view.items.map((item) => {
          const name = item.inventoryNumber ?? item.title;
          return (
            <li class="object-item">
              <div class="object-item-body">
                <p>
                  <strong>{item.inventoryNumber ?? t('evacuation.noNumber')}</strong> {item.title}
                </p>
                <dl class="object-item-facts">
                  <div>
                    <dt class="visually-hidden">{t('evacuation.table.priority')}</dt>
                    <dd>{t(`evacuation.priority.${item.plan?.priority ?? 'none'}`)}</dd>
                  </div>
                  {item.plan && (
                    <div>
                      <dt class="visually-hidden">{t('evacuation.table.location')}</dt>
                      <dd>{item.plan.locationCode}</dd>
                    </div>
                  )}
                  {item.plan && item.plan.packing.length > 0 && (
                    <div>
                      <dt class="visually-hidden">{t('evacuation.table.packing')}</dt>
                      <dd>{item.plan.packing.map((need) => t(`evacuation.packing.${need}`)).join(', ')}</dd>
                    </div>
                  )}
                </dl>
                <a href={`${base}/objects/${encodeURIComponent(item.objectId)}`} aria-label={t('evacuation.table.editLink', { name })}>
                  {t('evacuation.table.edit')}
                </a>
              </div>
            </li>
          );
        })}
      </ul>
      <Pagination current={view.page} total={view.total} pageSize={view.pageSize} page={page} href={(n) => `${base}${queryString([...pairs, ['page', n]])}`} />

      <h2 id="import-heading">{t('evacuation.import.title')}</h2>
      {outcome?.imported !== undefined && (
        <div class="notice success" role="status">
          <p>{t('evacuation.import.done', { count: outcome.imported })}</p>
          {(outcome.warnings ?? []).length > 0 && (
            <>
              <p>{t('evacuation.import.warnings')}</p>
              <ul>
                {outcome.warnings!.map((issue) => (
                  <li>
                    {issue.field}: {issue.message}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {importErrors.length > 0 && (
        <div class="notice error" role="alert">
          <p>{t('evacuation.import.failed')}</p>
          <ul>
            {importErrors.map((issue) => (
              <li>
                {issue.field === 'file' ? fieldLabel('file', page) : issue.field}: {issue.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <form method="post" action={`${base}/import`} enctype="multipart/form-data" class="stack panel" aria-labelledby="import-heading">
        <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
        {organisation && <input type="hidden" name="organisation" value={organisation} />}
        <Field name="file" label={t('evacuation.import.file')} hint={t('evacuation.import.hint')} errors={issuesFor(importErrors, 'file')}>
          <input id={fieldId('file')} type="file" name="file" accept=".csv,text/csv" required {...describedBy('file', issuesFor(importErrors, 'file'), true)} />
        </Field>
        <p>
          <button type="submit">{t('evacuation.import.submit')}</button>
        </p>
      </form>
    </Layout>
  );
}
