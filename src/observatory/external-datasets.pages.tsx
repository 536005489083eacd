import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { DomainError, type FieldIssue } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { CSRF_FIELD, isValidCsrf } from '../http/csrf.js';
import { Layout } from '../web/layout.js';
import type { PageContext } from '../web/page-context.js';
import { forbiddenPage, loginRedirect, refusalPage, renderPage, type PageOptions } from '../web/page-responses.js';
import { DATASET_UNITS, JsonRowSchema, type DatasetMetadata } from './external-dataset.js';
import type { DatasetRowsSource, ExternalDatasetService, ExternalDatasetSummary } from './external-datasets.service.js';
import { DatasetFacts, datasetDownload, datasetPath, datasetsPath, DatasetTable } from './external-figures.components.js';
import { IssuesNotice } from './form-issues.components.js';
import { libraryPath } from './library.pages.js';
import { observatoryPath } from './observatory.components.js';

type FormValues = Record<string, string>;
const TEXT_FIELDS = ['slug', 'title', 'organisation', 'sourceTitle', 'url', 'publishedOn', 'definitions', 'caveats', 'licence', 'unit'] as const;

/** Public pages of external datasets, and the admins' import form (a CSV or JSON file) and deletion. */
export function externalDatasetPages(datasets: ExternalDatasetService, options: PageOptions) {
  const adminOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
    const principal = c.get('principal');
    if (!principal) return loginRedirect(c);
    if (principal.role !== 'admin') return forbiddenPage(c, options);
    return next();
  };
  const showForm = (c: Context<AppEnv>, values: FormValues, errors: FieldIssue[], status: 200 | 400 = 200) =>
    renderPage(c, options, (page) => <ImportPage page={page} values={values} errors={errors} />, status);

  return new Hono<AppEnv>()
    .get('/:lang/observatory/datasets', async (c) => {
      const list = await datasets.list();
      return renderPage(c, options, (page) => <ListPage page={page} datasets={list} deleted={c.req.query('deleted')} />);
    })
    .get('/:lang/observatory/datasets/import', adminOnly, (c) => showForm(c, { unit: 'objects' }, []))
    .post('/:lang/observatory/datasets', adminOnly, async (c) => {
      const form = await c.req.parseBody();
      if (!isValidCsrf(c, form[CSRF_FIELD])) return forbiddenPage(c, options);
      const values = Object.fromEntries(TEXT_FIELDS.map((field) => [field, typeof form[field] === 'string' ? form[field].trim() : ''])) as FormValues;
      try {
        const source = await rowsOf(form.file);
        const { dataset } = await datasets.import(c.get('principal')!, metadataOf(values), source);
        return c.redirect(`${datasetPath(c.get('lang'), dataset.slug)}?saved=1`, 303);
      } catch (error) {
        if (error instanceof DomainError && error.kind === 'invalid') return showForm(c, values, error.issues.length > 0 ? error.issues : [{ field: 'file', message: error.message }], 400);
        throw error;
      }
    })
    .get('/:lang/observatory/datasets/:slug', async (c) => {
      try {
        const dataset = await datasets.get(c.req.param('slug'));
        return await renderPage(c, options, (page) => <DatasetPage page={page} dataset={dataset} saved={c.req.query('saved') !== undefined} />);
      } catch (error) {
        return refusalPage(c, options, error);
      }
    })
    .post('/:lang/observatory/datasets/:slug/delete', adminOnly, async (c) => {
      const form = await c.req.parseBody();
      if (!isValidCsrf(c, form[CSRF_FIELD])) return forbiddenPage(c, options);
      const slug = c.req.param('slug');
      try {
        await datasets.delete(c.get('principal')!, slug);
      } catch (error) {
        return refusalPage(c, options, error);
      }
      return c.redirect(`${datasetsPath(c.get('lang'))}?deleted=${encodeURIComponent(slug)}`, 303);
    });
}

/** The form's description of the dataset, as the API takes it (checked by the service). */
function metadataOf(values: FormValues): DatasetMetadata {
  return {
    slug: values.slug!,
    title: values.title!,
    source: { organisation: values.organisation!, title: values.sourceTitle!, ...(values.url && { url: values.url }) },
    publishedOn: values.publishedOn!,
    definitions: values.definitions!,
    caveats: values.caveats!,
    licence: values.licence!,
    unit: values.unit as DatasetMetadata['unit'],
  };
}

/** The uploaded file: JSON (an array of rows, or an object with `rows`) when it parses as such, CSV otherwise. */
async function rowsOf(file: unknown): Promise<DatasetRowsSource> {
  const text = file instanceof File ? await file.text() : '';
  if (!text.trim()) throw new DomainError('invalid', 'No file.', [{ field: 'file', message: 'a CSV or JSON file of rows' }]);
  if (!/^\s*[[{]/.test(text)) return { csv: text };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DomainError('invalid', 'The JSON file cannot be read.', [{ field: 'file', message: (error as Error).message }]);
  }
  const rows = Array.isArray(json) ? json : (json as { rows?: unknown }).rows;
  const parsed = JsonRowSchema.array().safeParse(rows);
  if (!parsed.success) throw new DomainError('invalid', 'The JSON rows are not valid.', parsed.error.issues.map((issue) => ({ field: `rows[${issue.path.map(String).join('].')}`, message: issue.message })));
  return { rows: parsed.data };
}

function ListPage({ page, datasets, deleted }: { page: PageContext; datasets: ExternalDatasetSummary[]; deleted?: string | undefined }) {
  const { t, lang, principal } = page;
  return (
    <Layout page={page} title={t('external.title')} description={t('external.lead')}>
      <h1>{t('external.title')}</h1>
      <p class="lead">{t('external.lead')}</p>
      <ul class="obs-links">
        <li>
          <a href={observatoryPath(lang)}>{t('observatory.title')}</a>
        </li>
        <li>
          <a href={libraryPath(lang)}>{t('observatory.links.library')}</a>
        </li>
      </ul>
      {deleted && (
        <p class="notice success" role="status">
          {t('external.deleted', { slug: deleted })}
        </p>
      )}
      {principal?.role === 'admin' && (
        <p>
          <a class="button" href={`${datasetsPath(lang)}/import`}>
            {t('external.import.title')}
          </a>
        </p>
      )}
      {datasets.length === 0 ? (
        <p class="empty">{t('external.none')}</p>
      ) : (
        <ul class="cards">
          {datasets.map((dataset) => (
            <li class="card">
              <h2>
                <a href={datasetPath(lang, dataset.slug)}>{dataset.title}</a>
              </h2>
              <p class="muted">
                {dataset.source.organisation} · <time datetime={dataset.publishedOn}>{dataset.publishedOn}</time> · {t(`external.unit.${dataset.unit}`)} · {t('external.rows', { count: dataset.rowCount })}
              </p>
              <p>
                {t('external.caveats')}: {dataset.caveats}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

function DatasetPage({ page, dataset, saved }: { page: PageContext; dataset: Awaited<ReturnType<ExternalDatasetService['get']>>; saved: boolean }) {
  const { t, lang, principal } = page;
  return (
    <Layout page={page} title={dataset.title} description={t('external.lead')}>
      <p>
        <a href={datasetsPath(lang)}>← {t('external.title')}</a>
      </p>
      <h1>{dataset.title}</h1>
      {saved && (
        <p class="notice success" role="status">
          {t('external.imported', { count: dataset.rowCount })}
        </p>
      )}
      <p class="notice">{t('external.section.notSummed')}</p>
      <DatasetFacts page={page} dataset={dataset} />
      <p>
        {t('external.download')}: <a href={datasetDownload(dataset.slug, 'csv')}>CSV</a> · <a href={datasetDownload(dataset.slug, 'json')}>JSON</a>
      </p>
      <DatasetTable page={page} dataset={dataset} rows={dataset.rows} />
      {principal?.role === 'admin' && (
        <form method="post" action={`${datasetPath(lang, dataset.slug)}/delete`}>
          <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
          <button type="submit" class="danger">
            {t('external.delete')}
          </button>
        </form>
      )}
    </Layout>
  );
}

function ImportPage({ page, values, errors }: { page: PageContext; values: FormValues; errors: FieldIssue[] }) {
  const { t, lang } = page;
  const field = (name: (typeof TEXT_FIELDS)[number], type: 'text' | 'url' | 'date' = 'text', required = true) => (
    <div class="field">
      <label for={`ds-${name}`}>{t(`external.field.${name}`)}</label>
      <input id={`ds-${name}`} name={name} type={type} value={values[name] ?? ''} required={required} />
    </div>
  );
  const area = (name: 'definitions' | 'caveats') => (
    <div class="field">
      <label for={`ds-${name}`}>{t(`external.field.${name}`)}</label>
      <textarea id={`ds-${name}`} name={name} rows={3} required>
        {values[name] ?? ''}
      </textarea>
    </div>
  );
  return (
    <Layout page={page} title={t('external.import.title')}>
      <h1>{t('external.import.title')}</h1>
      <p>{t('external.import.help')}</p>
      <IssuesNotice id="ds-errors" summary={t('external.import.refused', { count: errors.length })} errors={errors} />
      <form method="post" action={datasetsPath(lang)} enctype="multipart/form-data" class="stack">
        <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
        {field('slug')}
        {field('title')}
        {field('organisation')}
        {field('sourceTitle')}
        {field('url', 'url', false)}
        {field('publishedOn', 'date')}
        {area('definitions')}
        {area('caveats')}
        {field('licence')}
        <div class="field">
          <label for="ds-unit">{t('external.field.unit')}</label>
          <select id="ds-unit" name="unit">
            {DATASET_UNITS.map((unit) => (
              <option value={unit} selected={values.unit === unit}>
                {t(`external.unit.${unit}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="ds-file">{t('external.field.file')}</label>
          <input id="ds-file" name="file" type="file" accept=".csv,.json,text/csv,application/json" required aria-describedby="ds-file-hint" />
          <p class="hint" id="ds-file-hint">
            {t('external.field.file.hint')}
          </p>
        </div>
        <button type="submit">{t('external.import.submit')}</button>
      </form>
    </Layout>
  );
}
