import { Hono, type Context } from 'hono';
import { CSRF_FIELD, isValidCsrf } from '../http/csrf.js';
import { DomainError, type FieldIssue } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { translator, type Translate } from '../i18n/i18n.js';
import { assetUrl } from '../web/assets.js';
import { localizeIssues } from '../web/form-errors.js';
import { Layout } from '../web/layout.js';
import type { PageContext } from '../web/page-context.js';
import { CountryOptions, describedBy, ErrorSummary, Field, fieldId, issuesFor } from './object.components.js';
import { pickLocalized } from './object-record.js';
import { formValues, type ObjectFormValues } from './object-form.js';
import { IncidentInputSchema } from './object.schemas.js';
import type { ObjectView } from './object-view.js';
import type { WatchedEmergency } from './emergency-watch.js';
import { forbiddenPage, loadEditable, refusalPage, render, type RegistryPageDeps } from './page-support.js';
import { INCIDENT_METHODS, PLACE_KINDS } from './status.js';

const TEXT_FIELDS = ['reference', 'reporter', 'reporterContact', 'circumstances', 'policeReportNumber', 'place'] as const;

/** The theft or loss report (Spectrum's loss procedure): the owning organisation's registrars and admins. */
export function incidentPages(deps: RegistryPageDeps) {
  const form = async (c: Context<AppEnv>, view: ObjectView, values: ObjectFormValues, errors: FieldIssue[], status: 200 | 400 = 200) => {
    // The heightened watch is explained before the owner decides to publish.
    const watch = await deps.objects.emergencyWatching(c.get('principal')!, view.id);
    return render(c, deps, (page) => <ReportPage page={page} view={view} values={values} errors={errors} watch={watch} />, status);
  };

  return new Hono<AppEnv>()
    .get('/:lang/objects/:id/report', async (c) => {
      const loaded = await loadEditable(c, deps, c.req.param('id'));
      if (loaded instanceof Response) return loaded;
      const today = new Date().toISOString().slice(0, 10);
      return form(c, loaded.view, { reportedOn: today, reporter: loaded.principal.displayName, method: 'theft' }, []);
    })
    .post('/:lang/objects/:id/report', async (c) => {
      const posted = await c.req.parseBody();
      if (!isValidCsrf(c, posted[CSRF_FIELD])) return forbiddenPage(c, deps);
      const id = c.req.param('id');
      const loaded = await loadEditable(c, deps, id);
      if (loaded instanceof Response) return loaded;
      const t = translator(c.get('lang'));
      const values = formValues(posted);
      const parsed = IncidentInputSchema.safeParse(incidentFromForm(values), { reportInput: true });
      if (!parsed.success) return form(c, loaded.view, values, localizeIssues(parsed.error.issues, t), 400);
      try {
        await deps.objects.reportIncident(loaded.principal, id, parsed.data);
      } catch (error) {
        if (error instanceof DomainError && error.kind === 'invalid') return form(c, loaded.view, values, serviceIssues(error, t), 400);
        return refusalPage(c, deps, error);
      }
      return c.redirect(`/${c.get('lang')}/objects/${encodeURIComponent(id)}?saved=reported`, 303);
    });
}

function incidentFromForm(values: ObjectFormValues): Record<string, unknown> {
  const text = (name: string) => {
    const value = (values[name] ?? '').trim();
    return value === '' ? undefined : value;
  };
  const input: Record<string, unknown> = {
    method: text('method'),
    discoveredOn: text('discoveredOn'),
    reportedOn: text('reportedOn'),
    country: text('country')?.toUpperCase(),
    placeKind: text('placeKind'),
    // An unticked checkbox sends nothing: no consent.
    publish: values.publish === 'yes',
  };
  for (const field of TEXT_FIELDS) input[field] = text(field);
  return input;
}

/** The service's refusals, in the page's language (a discovery date in the future). */
function serviceIssues(error: DomainError, t: Translate): FieldIssue[] {
  if (error.issues.length === 0) return [{ field: 'method', message: t('form.error.invalid') }];
  return error.issues.map((issue) => ({ field: issue.field, message: issue.field.endsWith('On') ? t('report.error.future') : t('form.error.invalid') }));
}

const LABELS = {
  reference: 'report.reference',
  method: 'report.method',
  discoveredOn: 'report.discoveredOn',
  reportedOn: 'report.reportedOn',
  reporter: 'report.reporter',
  reporterContact: 'report.reporterContact',
  circumstances: 'report.circumstances',
  policeReportNumber: 'report.policeReportNumber',
  place: 'report.place',
  country: 'report.country',
  placeKind: 'observatoryData.placeKind.label',
  publish: 'report.publish',
} as const;

function ReportPage({ page, view, values, errors, watch }: { page: PageContext; view: ObjectView; values: ObjectFormValues; errors: FieldIssue[]; watch: WatchedEmergency | null }) {
  const { t, lang } = page;
  const titleText = pickLocalized(view.description.title, lang)?.text ?? view.title;
  const base = `/${lang}/objects/${view.id}`;
  const label = (field: string) => (field in LABELS ? t(LABELS[field as keyof typeof LABELS]) : field);
  const value = (name: string) => values[name] ?? '';
  const input = (name: keyof typeof LABELS, attributes: Record<string, string | number | boolean> = {}, hint?: string) => {
    const fieldErrors = issuesFor(errors, name);
    return (
      <Field name={name} label={t(LABELS[name])} hint={hint} errors={fieldErrors}>
        <input id={fieldId(name)} type="text" name={name} value={value(name)} {...attributes} {...describedBy(name, fieldErrors, hint !== undefined)} />
      </Field>
    );
  };
  return (
    <Layout page={page} title={t('report.title')} scripts={[assetUrl('admin-form.js')]}>
      <p>
        <a href={base}>← {titleText}</a>
      </p>
      <h1>{t('report.title')}</h1>
      <p class="lead">
        <strong>{titleText}</strong> · {view.inventoryNumber}
      </p>
      <p>{t('report.lead')}</p>
      <ErrorSummary errors={errors} page={page} label={label} />
      <form method="post" action={`${base}/report`} class="stack report-form" novalidate>
        <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
        <div class="panel stack">
          <div class="row">
            <Field name="method" label={t('report.method')} errors={issuesFor(errors, 'method')}>
              <select id={fieldId('method')} name="method" required {...describedBy('method', issuesFor(errors, 'method'), false)}>
                {INCIDENT_METHODS.map((method) => (
                  <option value={method} selected={value('method') === method}>
                    {t(`incident.method.${method}`)}
                  </option>
                ))}
              </select>
            </Field>
            {input('reference', { maxlength: 100 }, t('report.reference.hint'))}
          </div>
          <div class="row">
            {input('discoveredOn', { type: 'date' })}
            {input('reportedOn', { type: 'date' })}
          </div>
          <div class="row">
            {input('reporter', { required: true, maxlength: 300, autocomplete: 'name' })}
            {input('reporterContact', { maxlength: 500 })}
          </div>
          <Field name="circumstances" label={t('report.circumstances')} errors={issuesFor(errors, 'circumstances')}>
            <textarea id={fieldId('circumstances')} name="circumstances" rows={5} {...describedBy('circumstances', issuesFor(errors, 'circumstances'), false)}>
              {value('circumstances')}
            </textarea>
          </Field>
          <div class="row">
            {input('policeReportNumber', { maxlength: 100 })}
            {input('place', { maxlength: 500 })}
            <Field name="country" label={t('report.country')} errors={issuesFor(errors, 'country')}>
              <select id={fieldId('country')} name="country" {...describedBy('country', issuesFor(errors, 'country'), false)}>
                <CountryOptions lang={lang} selected={value('country')} emptyLabel={t('objectForm.choose')} />
              </select>
            </Field>
            <Field name="placeKind" label={t('observatoryData.placeKind.label')} errors={issuesFor(errors, 'placeKind')}>
              <select id={fieldId('placeKind')} name="placeKind" {...describedBy('placeKind', issuesFor(errors, 'placeKind'), false)}>
                <option value="">{t('observatoryData.placeKind.none')}</option>
                {PLACE_KINDS.map((kind) => (
                  <option value={kind} selected={value('placeKind') === kind}>
                    {t(`observatoryData.placeKind.${kind}`)}
                  </option>
                ))}
              </select>
            </Field>
          </div>
        </div>
        <fieldset class="panel consent">
          <legend>{t('report.consent')}</legend>
          {watch && <EmergencyWatchNotice watch={watch} page={page} />}
          <p class="checkbox">
            <input id={fieldId('publish')} type="checkbox" name="publish" value="yes" checked={value('publish') === 'yes'} aria-describedby={`${watch ? 'publish-watch ' : ''}publish-shows publish-hides`} />
            <label for={fieldId('publish')}>{t('report.publish')}</label>
          </p>
          <p id="publish-shows">{t('report.publish.shows')}</p>
          <p id="publish-hides">{t('report.publish.hides')}</p>
        </fieldset>
        <p class="action-links">
          <button type="submit" class="danger">
            {t('report.submit')}
          </button>
          <a href={base}>{t('objectForm.cancel')}</a>
        </p>
      </form>
    </Layout>
  );
}

/** The object's museum is inside an active emergency: what consenting to publish does then. */
function EmergencyWatchNotice({ watch, page }: { watch: WatchedEmergency; page: PageContext }) {
  const name = pickLocalized(watch.names, page.lang)?.text ?? watch.id;
  return (
    <div class="notice" id="publish-watch">
      <p>
        <strong>{page.t('emergencies.watch.title', { name })}</strong>
      </p>
      <p>{page.t('emergencies.watch.text', { name })}</p>
    </div>
  );
}
