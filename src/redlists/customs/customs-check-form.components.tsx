import type { FieldIssue } from '../../errors.js';
import { CSRF_FIELD } from '../../http/csrf.js';
import type { MessageKey } from '../../i18n/i18n.js';
import { MAX_PHOTO_BYTES } from '../../registry/photos/photo-image.js';
import { CountryOptions, describedBy, ErrorSummary, Field, fieldId, formatDateTime, issuesFor } from '../../registry/object.components.js';
import { Layout } from '../../web/layout.js';
import type { PageContext } from '../../web/page-context.js';
import { Pagination, queryString } from '../../web/pagination.js';
import { customsCheckPath, customsCheckResultPath } from '../red-list-paths.js';
import { textFor } from '../red-list-text.js';
import { countryLabel, type CountryNames } from './check-countries.js';
import type { CheckPage } from './customs-check.js';
import { DOCUMENT_FIELDS, PERIOD_PRESETS, type FormField, type FormValues } from './customs-check.form.js';
import { MAX_CHECK_PHOTOS, MAX_DESCRIPTION, MAX_PLACE } from './customs-check.schemas.js';

const FIELD_LABELS: Record<FormField | 'photo', MessageKey> = {
  photo: 'customs.form.photo',
  objectType: 'customs.form.objectType',
  material: 'customs.form.material',
  periodPreset: 'customs.form.period.preset',
  periodFrom: 'customs.form.period.from',
  periodFromEra: 'customs.form.period.fromEra',
  periodTo: 'customs.form.period.to',
  periodToEra: 'customs.form.period.toEra',
  originCountry: 'customs.form.originCountry',
  destinationCountry: 'customs.form.destinationCountry',
  declaredValueEur: 'customs.form.declaredValueEur',
  importLicence: 'customs.form.document.importLicence',
  importerStatement: 'customs.form.document.importerStatement',
  exportCertificate: 'customs.form.document.exportCertificate',
  description: 'customs.form.description',
  place: 'customs.form.place',
  latitude: 'customs.form.latitude',
  longitude: 'customs.form.longitude',
};

export function fieldLabel(field: string, page: PageContext): string {
  const key = (FIELD_LABELS as Record<string, MessageKey | undefined>)[field];
  return key ? page.t(key) : field;
}

/** A text input of the form, with its label, hint and errors. */
function TextField({ name, page, values, errors, hint, ...input }: { name: FormField; page: PageContext; values: FormValues; errors: readonly FieldIssue[]; hint?: string; type?: string; inputmode?: 'numeric' | 'decimal'; maxlength?: number; min?: number; step?: string; autocomplete?: string }) {
  const own = issuesFor(errors, name);
  return (
    <Field name={name} label={fieldLabel(name, page)} hint={hint} errors={own}>
      <input id={fieldId(name)} name={name} type={input.type ?? 'text'} value={values[name] ?? ''} {...input} {...describedBy(name, own, hint !== undefined)} />
    </Field>
  );
}

function EraSelect({ name, page, values }: { name: 'periodFromEra' | 'periodToEra'; page: PageContext; values: FormValues }) {
  const { t } = page;
  const selected = values[name] ?? 'ce';
  return (
    <div class="field">
      <label for={fieldId(name)}>{fieldLabel(name, page)}</label>
      <select id={fieldId(name)} name={name}>
        <option value="ce" selected={selected === 'ce'}>
          {t('customs.form.period.ce')}
        </option>
        <option value="bce" selected={selected === 'bce'}>
          {t('customs.form.period.bce')}
        </option>
      </select>
    </div>
  );
}

function PeriodFieldset({ page, values, errors }: { page: PageContext; values: FormValues; errors: readonly FieldIssue[] }) {
  const { t } = page;
  const presetErrors = issuesFor(errors, 'periodPreset');
  return (
    <fieldset class="panel period-fieldset">
      <legend>{t('customs.form.period')}</legend>
      <Field name="periodPreset" label={t('customs.form.period.preset')} hint={t('customs.form.period.hint')} errors={presetErrors}>
        <select id={fieldId('periodPreset')} name="periodPreset" {...describedBy('periodPreset', presetErrors, true)}>
          <option value="">{t('customs.form.period.preset.none')}</option>
          {(Object.keys(PERIOD_PRESETS) as Array<keyof typeof PERIOD_PRESETS>).map((preset) => (
            <option value={preset} selected={values.periodPreset === preset}>
              {t(`customs.form.period.preset.${preset}`)}
            </option>
          ))}
        </select>
      </Field>
      <div class="row">
        <TextField name="periodFrom" page={page} values={values} errors={errors} inputmode="numeric" />
        <EraSelect name="periodFromEra" page={page} values={values} />
      </div>
      <div class="row">
        <TextField name="periodTo" page={page} values={values} errors={errors} inputmode="numeric" />
        <EraSelect name="periodToEra" page={page} values={values} />
      </div>
    </fieldset>
  );
}

/** The ISO countries, then those only Red Lists know (a fictional region's), under their list's region name. */
function CountrySelect({ name, page, values, errors, countries }: { name: 'originCountry' | 'destinationCountry'; page: PageContext; values: FormValues; errors: readonly FieldIssue[]; countries: CountryNames }) {
  const own = issuesFor(errors, name);
  const selected = values[name] ?? '';
  const regions = new Map<string, string[]>();
  for (const [code, region] of countries) {
    const label = textFor(region, page.lang, []).text;
    regions.set(label, [...(regions.get(label) ?? []), code]);
  }
  return (
    <Field name={name} label={fieldLabel(name, page)} errors={own}>
      <select id={fieldId(name)} name={name} {...describedBy(name, own, false)}>
        <CountryOptions lang={page.lang} selected={countries.has(selected) ? '' : selected} emptyLabel={page.t('customs.form.country.unknown')} />
        {[...regions].map(([region, codes]) => (
          <optgroup label={region}>
            {codes.map((code) => (
              <option value={code} selected={code === selected}>
                {countryLabel(code, page.lang, countries)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </Field>
  );
}

/** The check's one form, phone first: the camera, what can be seen, what is declared, where. */
export function CheckFormPage({ page, values, errors, countries }: { page: PageContext; values: FormValues; errors: FieldIssue[]; countries: CountryNames }) {
  const { t, lang } = page;
  const photoErrors = issuesFor(errors, 'photo');
  const descriptionErrors = issuesFor(errors, 'description');
  return (
    <Layout page={page} title={t('customs.page.title')} description={t('customs.page.lead')}>
      <h1>{t('customs.page.title')}</h1>
      <p class="lead">{t('customs.page.lead')}</p>
      <p>
        <a href={`${customsCheckPath(lang)}/history`}>{t('customs.page.history')}</a>
      </p>
      <form method="post" action={customsCheckPath(lang)} enctype="multipart/form-data" class="stack customs-form">
        <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
        <ErrorSummary errors={errors} page={page} label={(field) => fieldLabel(field, page)} />
        <fieldset class="panel">
          <legend>{t('customs.form.photo.legend')}</legend>
          <Field name="photo" label={t('customs.form.photo')} hint={t('customs.form.photo.hint', { max: MAX_PHOTO_BYTES / 1_000_000 })} errors={photoErrors}>
            <input id={fieldId('photo')} type="file" name="photo" accept="image/*" capture="environment" {...describedBy('photo', photoErrors, true)} />
          </Field>
          {/* Other sides of the object: one camera input each, as phones take one photo per input with `capture`. */}
          {Array.from({ length: MAX_CHECK_PHOTOS - 1 }, (_, i) => (
            <Field name={`photo-${i + 2}`} label={t('customs.form.photo.other', { n: i + 2 })} errors={[]}>
              <input id={fieldId(`photo-${i + 2}`)} type="file" name="photo" accept="image/*" capture="environment" />
            </Field>
          ))}
        </fieldset>
        <fieldset class="panel">
          <legend>{t('customs.form.seen')}</legend>
          <TextField name="objectType" page={page} values={values} errors={errors} hint={t('customs.form.objectType.hint')} maxlength={200} />
          <TextField name="material" page={page} values={values} errors={errors} hint={t('customs.form.material.hint')} maxlength={200} />
          <PeriodFieldset page={page} values={values} errors={errors} />
        </fieldset>
        <fieldset class="panel">
          <legend>{t('customs.form.declared')}</legend>
          <CountrySelect name="originCountry" page={page} values={values} errors={errors} countries={countries} />
          <CountrySelect name="destinationCountry" page={page} values={values} errors={errors} countries={countries} />
          <TextField name="declaredValueEur" page={page} values={values} errors={errors} type="number" inputmode="decimal" min={0} step="any" />
          <fieldset class="checkboxes documents">
            <legend>{t('customs.form.documents')}</legend>
            {DOCUMENT_FIELDS.map((name) => (
              <label class="checkbox">
                <input type="checkbox" name={name} value="on" checked={values[name] !== undefined} />
                {fieldLabel(name, page)}
              </label>
            ))}
          </fieldset>
        </fieldset>
        <fieldset class="panel">
          <legend>{t('customs.form.where')}</legend>
          <TextField name="place" page={page} values={values} errors={errors} hint={t('customs.form.place.hint')} maxlength={MAX_PLACE} />
          <Field name="description" label={t('customs.form.description')} hint={t('customs.form.description.hint')} errors={descriptionErrors}>
            <textarea id={fieldId('description')} name="description" rows={3} maxlength={MAX_DESCRIPTION} {...describedBy('description', descriptionErrors, true)}>
              {values.description ?? ''}
            </textarea>
          </Field>
        </fieldset>
        <p class="hint">{t('customs.form.partial')}</p>
        <p>
          <button type="submit" class="big-button">
            {t('customs.form.submit')}
          </button>
        </p>
      </form>
    </Layout>
  );
}

/** The organisation's checks, newest first (admins: everyone's). */
export function CheckHistoryPage({ page, found }: { page: PageContext; found: CheckPage }) {
  const { t, lang } = page;
  return (
    <Layout page={page} title={t('customs.page.history.title')}>
      <h1>{t('customs.page.history.title')}</h1>
      <p>
        <a class="button" href={customsCheckPath(lang)}>
          {t('customs.page.new')}
        </a>
      </p>
      {found.items.length === 0 ? (
        <p>{t('customs.page.history.empty')}</p>
      ) : (
        <ul class="check-history">
          {found.items.map((check) => {
            const top = check.assessment.categories[0];
            return (
              <li class="panel">
                <p>
                  <a href={customsCheckResultPath(lang, check.id)}>
                    <time datetime={check.createdAt}>{formatDateTime(check.createdAt, lang)}</time>
                  </a>{' '}
                  · {check.officer.name}
                  {page.principal?.role === 'admin' ? ` (${check.organisation.name})` : ''}
                </p>
                <p>
                  <span class={`badge recommendation-badge recommendation-${check.assessment.recommendation.action}`}>{t(`customs.page.action.${check.assessment.recommendation.action}`)}</span>{' '}
                  {check.decision ? t('customs.page.history.decided', { decision: t(`customs.page.decision.${check.decision.decision}`) }) : t('customs.page.history.undecided')}
                </p>
                {top && <p>{t('customs.page.history.topCategory', { category: textFor(top.name, lang, []).text })}</p>}
                {check.place?.text && <p class="hint">{check.place.text}</p>}
              </li>
            );
          })}
        </ul>
      )}
      <Pagination current={found.page} total={found.total} pageSize={found.pageSize} href={(n) => `${customsCheckPath(lang)}/history${queryString([['page', n]])}`} page={page} />
    </Layout>
  );
}
