import type { FieldIssue } from '../../errors.js';
import { CSRF_FIELD } from '../../http/csrf.js';
import { describedBy, ErrorSummary, Field, fieldId, Flash, issuesFor } from '../../registry/object.components.js';
import { Layout } from '../../web/layout.js';
import type { PageContext } from '../../web/page-context.js';
import { Pagination, queryString } from '../../web/pagination.js';
import type { Movement } from './evacuation-plan.js';
import type { Museum } from './evacuation-plan.service.js';
import { MoveFields } from './evacuation-object.page.js';
import { fieldLabel, MovementList } from './evacuation.components.js';
import type { MoveValues } from './evacuation-form.js';

export interface BatchFormState {
  values: MoveValues & { numbers: string };
  errors: FieldIssue[];
}

interface MovementsView {
  museum: Museum;
  total: number;
  page: number;
  pageSize: number;
  items: Movement[];
}

/** The museum's movements (printable: the page prints as a list), and the form for objects moved together. */
export function MovementsPage({ page, view, since, batch, recorded }: { page: PageContext; view: MovementsView; since: string | undefined; batch: BatchFormState | undefined; recorded: string | undefined }) {
  const { t, lang } = page;
  const base = `/${lang}/evacuation/movements`;
  const organisation = page.principal?.organisationSlug === view.museum.slug ? undefined : view.museum.slug;
  const errors = batch?.errors ?? [];
  const values = batch?.values ?? { building: '', floor: '', room: '', unit: '', shelf: '', condition: 'good', note: '', movedAt: '', numbers: '' };
  const count = Number(recorded);
  return (
    <Layout page={page} title={t('evacuation.movements.title')}>
      <h1>{t('evacuation.movements.title')}</h1>
      <p class="lead">{t('evacuation.movements.lead')}</p>
      <p>{t('evacuation.museum', { name: view.museum.name })}</p>
      <p class="action-links">
        <a href={`/${lang}/evacuation${queryString([['organisation', organisation]])}`}>{t('evacuation.title')}</a>
      </p>
      <Flash message={Number.isInteger(count) && count > 0 ? t('evacuation.move.recorded', { count }) : undefined} />

      <form class="filters wrap-rows" method="get" action={base}>
        {organisation && <input type="hidden" name="organisation" value={organisation} />}
        <div class="row">
          <div class="field">
            <label for="movements-since">{t('evacuation.movements.since')}</label>
            <input id="movements-since" type="date" name="since" value={since ?? ''} />
          </div>
          <button type="submit">{t('evacuation.filter.submit')}</button>
        </div>
      </form>
      <p class="count">{t('evacuation.move.recorded', { count: view.total })}</p>
      <MovementList movements={view.items} page={page} showObject={true} />
      <Pagination current={view.page} total={view.total} pageSize={view.pageSize} page={page} href={(n) => `${base}${queryString([['organisation', organisation], ['since', since], ['page', n]])}`} />

      <h2 id="batch-heading">{t('evacuation.move.batch.title')}</h2>
      <form method="post" action={base} class="stack panel" aria-labelledby="batch-heading">
        <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
        {organisation && <input type="hidden" name="organisation" value={organisation} />}
        <ErrorSummary errors={errors} page={page} label={(field) => fieldLabel(field, page)} />
        <Field name="numbers" label={t('evacuation.move.batch.numbers')} hint={t('evacuation.move.batch.hint')} errors={issuesFor(errors, 'numbers')}>
          <textarea id={fieldId('numbers')} name="numbers" rows={5} required {...describedBy('numbers', issuesFor(errors, 'numbers'), true)}>
            {values.numbers}
          </textarea>
        </Field>
        <MoveFields values={values} errors={errors} page={page} />
        <p>
          <button type="submit">{t('evacuation.move.submit')}</button>
        </p>
      </form>
    </Layout>
  );
}
