import type { FieldIssue } from '../errors.js';
import { CSRF_FIELD } from '../http/csrf.js';
import type { MessageKey } from '../i18n/i18n.js';
import { describedBy, ErrorSummary, Field, fieldId, formatDateTime, issuesFor } from '../registry/object.components.js';
import { redListCategoryPath } from '../redlists/red-list-paths.js';
import { Layout } from '../web/layout.js';
import type { PageContext } from '../web/page-context.js';
import { Pagination, queryString } from '../web/pagination.js';
import { CATALOGUE_FORMATS } from './catalogue.js';
import { certificatePath, issueCertificatePath } from './certificates/certificate-paths.js';
import type { CheckPage, DueDiligenceCheck } from './due-diligence-check.js';
import { dueDiligenceCheckPath, dueDiligencePath, lotEvidencePath, lotPhotoPath } from './due-diligence-paths.js';
import type { CheckView } from './due-diligence.service.js';
import { OBJECT_FIELDS } from './due-diligence.upload.js';
import type { Lot } from './lot.js';

/** The page refreshes itself this often while a check runs (no script needed). */
export const REFRESH_SECONDS = 3;

const FIELD_LABELS: Record<string, MessageKey> = {
  reference: 'dd.field.reference',
  title: 'dd.field.title',
  maker: 'dd.field.maker',
  inventoryNumbers: 'dd.field.inventoryNumbers',
  objectType: 'dd.field.objectType',
  material: 'dd.field.material',
  dating: 'dd.field.dating',
  originCountry: 'dd.field.originCountry',
  dimensions: 'dd.field.dimensions',
  valueEur: 'dd.field.valueEur',
  provenance: 'dd.field.provenance',
  description: 'dd.field.description',
  photo: 'dd.form.photos',
  object: 'dd.form.object',
  catalogue: 'dd.form.catalogue',
  format: 'dd.form.format',
  images: 'dd.form.images',
};
const HINTS: Partial<Record<string, MessageKey>> = { inventoryNumbers: 'dd.field.inventoryNumbers.hint', dating: 'dd.field.dating.hint', dimensions: 'dd.field.dimensions.hint' };
const LONG_FIELDS = new Set(['provenance', 'description']);

const label = (page: PageContext, field: string) => (FIELD_LABELS[field] ? page.t(FIELD_LABELS[field]) : field);

export type FormValues = Partial<Record<string, string>>;

/** `/{lang}/due-diligence`: one object, or a catalogue with its photos; then the organisation's checks. */
export function DueDiligencePage({ page, found, values, errors }: { page: PageContext; found: CheckPage; values: FormValues; errors: readonly FieldIssue[] }) {
  const { t, lang } = page;
  return (
    <Layout page={page} title={t('dd.page.title')}>
      <h1>{t('dd.page.title')}</h1>
      <p class="lead">{t('dd.page.lead')}</p>
      <ErrorSummary errors={errors} page={page} label={(field) => label(page, field)} />
      <section class="panel">
        <h2>{t('dd.form.object')}</h2>
        <form method="post" action={dueDiligencePath(lang)} enctype="multipart/form-data">
          <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
          <input type="hidden" name="kind" value="object" />
          {OBJECT_FIELDS.map((name) => {
            const own = issuesFor(errors, name);
            const hint = HINTS[name] && t(HINTS[name]);
            return (
              <Field name={name} label={label(page, name)} hint={hint} errors={own}>
                {LONG_FIELDS.has(name) ? (
                  <textarea id={fieldId(name)} name={name} rows={3} {...describedBy(name, own, hint !== undefined)}>
                    {values[name] ?? ''}
                  </textarea>
                ) : (
                  <input id={fieldId(name)} name={name} type="text" value={values[name] ?? ''} {...describedBy(name, own, hint !== undefined)} />
                )}
              </Field>
            );
          })}
          <Field name="photo" label={t('dd.form.photos')} errors={issuesFor(errors, 'photo')}>
            <input id={fieldId('photo')} name="photo" type="file" accept="image/*" multiple />
          </Field>
          <button type="submit">{t('dd.form.submit')}</button>
        </form>
      </section>
      <section class="panel">
        <h2>{t('dd.form.catalogue')}</h2>
        <form method="post" action={dueDiligencePath(lang)} enctype="multipart/form-data">
          <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
          <input type="hidden" name="kind" value="catalogue" />
          <Field name="catalogue" label={t('dd.form.catalogue')} hint={t('dd.form.catalogue.hint')} errors={issuesFor(errors, 'catalogue')}>
            <input id={fieldId('catalogue')} name="catalogue" type="file" {...describedBy('catalogue', issuesFor(errors, 'catalogue'), true)} />
          </Field>
          <Field name="format" label={t('dd.form.format')} errors={issuesFor(errors, 'format')}>
            <select id={fieldId('format')} name="format">
              {CATALOGUE_FORMATS.map((format) => (
                <option value={format} selected={(values.format ?? 'csv') === format}>
                  {format}
                </option>
              ))}
            </select>
          </Field>
          <Field name="images" label={t('dd.form.images')} hint={t('dd.form.images.hint')} errors={issuesFor(errors, 'images')}>
            <input id={fieldId('images')} name="images" type="file" accept="image/*" multiple {...describedBy('images', issuesFor(errors, 'images'), true)} />
          </Field>
          <Field name="archive" label={t('dd.form.archive')} errors={[]}>
            <input id={fieldId('archive')} name="archive" type="file" accept=".zip,application/zip" />
          </Field>
          <button type="submit">{t('dd.form.submitCatalogue')}</button>
        </form>
      </section>
      <h2>{t('dd.page.checks')}</h2>
      {found.items.length === 0 ? (
        <p>{t('dd.page.checks.empty')}</p>
      ) : (
        <ul class="check-history">
          {found.items.map((check) => (
            <li class="panel">
              <p>
                <a href={dueDiligenceCheckPath(lang, check.id)}>
                  <time datetime={check.createdAt}>{formatDateTime(check.createdAt, lang)}</time>
                </a>{' '}
                · {check.filename ?? t('dd.form.object')} · {check.requestedBy.name}
                {page.principal?.role === 'admin' ? ` (${check.organisation.name})` : ''}
              </p>
              <CheckSummary page={page} check={check} />
            </li>
          ))}
        </ul>
      )}
      <Pagination current={found.page} total={found.total} pageSize={found.pageSize} href={(n) => `${dueDiligencePath(lang)}${queryString([['page', n]])}`} page={page} />
    </Layout>
  );
}

function CheckSummary({ page, check }: { page: PageContext; check: DueDiligenceCheck }) {
  const { t } = page;
  const { progress } = check;
  return (
    <>
      <p>
        <span class="badge">{t(`dd.check.state.${check.state}`)}</span> {t('dd.check.progress', { done: progress.screened + progress.broken, total: progress.total })}
      </p>
      <p>{t('dd.check.summary', { match: progress.outcomes.match, possible: progress.outcomes.possible, none: progress.outcomes['no-match'], broken: progress.broken })}</p>
    </>
  );
}

/** `/{lang}/due-diligence/{id}`: progress while it runs (the page refreshes itself), then every lot with its outcome and evidence. */
export function CheckResultPage({ page, view }: { page: PageContext; view: CheckView }) {
  const { t, lang } = page;
  const { check, lots } = view;
  const running = check.state === 'queued' || check.state === 'running';
  const done = check.progress.screened + check.progress.broken;
  return (
    <Layout page={page} title={t('dd.check.title')} head={running ? <meta http-equiv="refresh" content={String(REFRESH_SECONDS)} /> : undefined}>
      <p>
        <a href={dueDiligencePath(lang)}>{t('dd.page.title')}</a>
      </p>
      <h1>{t('dd.check.title')}</h1>
      <p>{t('dd.check.meta', { name: check.requestedBy.name, organisation: check.organisation.name, date: formatDateTime(check.createdAt, lang) })}</p>
      <CheckSummary page={page} check={check} />
      <progress max={check.progress.total} value={done} aria-label={t('dd.check.progress', { done, total: check.progress.total })}>
        {t('dd.check.progress', { done, total: check.progress.total })}
      </progress>
      {running && <p class="hint">{t('dd.check.refreshing')}</p>}
      {check.error && <p class="notice error">{check.error}</p>}
      {check.registryState && (
        <p class="hint">
          {t('dd.check.registry', { objects: check.registryState.objects, alerts: check.registryState.alerts, photos: check.registryState.photos, version: check.registryState.version, date: formatDateTime(check.registryState.at, lang) })}
        </p>
      )}
      <h2>{t('dd.check.lots')}</h2>
      <ol class="lots">
        {lots.map((lot) => (
          <LotItem page={page} checkId={check.id} lot={lot} certificateId={view.certificates.get(lot.id)} />
        ))}
      </ol>
    </Layout>
  );
}

function LotItem({ page, checkId, lot, certificateId }: { page: PageContext; checkId: string; lot: Lot; certificateId: string | undefined }) {
  const { t, lang } = page;
  const heading = [lot.fields.reference, lot.fields.title ?? lot.fields.inventoryNumbers?.join(', ')].filter(Boolean).join(' · ') || t('dd.lot.line', { line: lot.position });
  const evidence = lot.evidence;
  return (
    <li class="panel" id={`lot-${lot.id}`} value={lot.position}>
      <h3>{heading}</h3>
      <p class="hint">{t('dd.lot.line', { line: lot.position })}</p>
      {lot.state === 'broken' && <p class="notice error">{t('dd.lot.broken', { error: lot.error ?? '' })}</p>}
      {lot.state === 'pending' && <p>{t('dd.lot.pending')}</p>}
      {lot.outcome && (
        <p>
          <span class={`badge outcome-${lot.outcome}`}>{t(`dd.lot.outcome.${lot.outcome}`)}</span>
        </p>
      )}
      {certificateId !== undefined ? (
        <p class="lot-certificate">
          <a href={certificatePath(lang, certificateId)}>{t('dd.lot.certificateIssued')}</a>
        </p>
      ) : (
        lot.outcome === 'no-match' && (
          <p class="lot-certificate">
            <a href={issueCertificatePath(lang, checkId, lot.id)}>{t('dd.lot.issueCertificate')}</a>
          </p>
        )
      )}
      {lot.photos.length > 0 && (
        <p>
          {lot.photos.map((photo, i) => (
            <a href={lotPhotoPath(checkId, lot.id, i + 1)}>{photo.name} </a>
          ))}
        </p>
      )}
      {evidence && (
        <ul>
          {evidence.text.map((hit) => (
            <li>
              <a href={`/${lang}/objects/${hit.objectId}`}>{t('dd.lot.byText', { title: hit.title, status: t(`status.${hit.status as 'stolen'}`), score: hit.score, rules: hit.rules.map((rule) => `${t(`dd.rule.${rule.rule}`)} (${rule.detail})`).join(', ') })}</a>
            </li>
          ))}
          {evidence.photos.map((hit) => (
            <li>
              <a href={`/${lang}/objects/${hit.objectId}`}>{t('dd.lot.byPhoto', { title: hit.title, status: t(`status.${hit.status as 'stolen'}`), verdict: t(`dd.lot.outcome.${hit.verdict}`), photo: hit.photo, score: hit.score })}</a> ·{' '}
              <a href={lotEvidencePath(checkId, lot.id, hit.objectId)}>{t('dd.lot.evidence')}</a>
            </li>
          ))}
          {evidence.categories.map((category) => (
            <li>
              <a href={redListCategoryPath(lang, category.listSlug, category.categoryId, category.edition)}>
                {t('dd.lot.category', { name: category.name[lang] ?? category.name.en ?? Object.values(category.name)[0] ?? category.categoryId, list: category.listSlug, score: category.score })}
              </a>
            </li>
          ))}
          {evidence.thresholds.map((threshold) => (
            <li>{t(`dd.threshold.${threshold.rule}.${threshold.applies}`)}</li>
          ))}
          {evidence.provenance.map((gap) => (
            <li>{t(`dd.gap.${gap}`)}</li>
          ))}
          {evidence.photoErrors.map((problem) => (
            <li>{t('dd.lot.photoError', { photo: problem.photo, error: problem.error })}</li>
          ))}
        </ul>
      )}
    </li>
  );
}
