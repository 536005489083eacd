import type { FieldIssue } from '../../errors.js';
import { CSRF_FIELD } from '../../http/csrf.js';
import { CATALOGUES, type MessageKey } from '../../i18n/i18n.js';
import { LANGUAGES } from '../../i18n/languages.js';
import { countryName, describedBy, ErrorSummary, Field, fieldId, issuesFor } from '../../registry/object.components.js';
import { Layout } from '../../web/layout.js';
import type { PageContext } from '../../web/page-context.js';
import { CONDITIONS, HERITAGE_PAGES, HERITAGE_PLACE_KINDS } from '../heritage-place-contract.js';
import { ASSESSMENT_FIELD_LABELS, AssessmentFields, fieldLabel } from '../places/assessment-form.components.js';
import type { FormValues } from '../places/heritage-place.form.js';
import { fieldAssetUrl, fieldManifestPath, fieldPagePath, FIELD_WORKER_URL } from './field-assets.js';
import { fold, type FieldPlace } from './field-place.js';

/** The form's values as typed (the shared fields' names), and the key of its submission. */
export interface FieldForm {
  values: FormValues;
  idempotencyKey: string;
}

/** Labels of kinds and conditions are the places' own (heritage-places catalogue). */
const kindLabel = (page: Pick<PageContext, 't'>, kind: string) => page.t(`places.kind.${kind}` as MessageKey);
const conditionLabel = (page: Pick<PageContext, 't'>, condition: string) => page.t(`places.condition.${condition}` as MessageKey);

/** What the place search matches: name, kind and country, folded (the script filters on the same text). */
export function placeSearchText(place: FieldPlace, page: Pick<PageContext, 't' | 'lang'>): string {
  return fold(`${place.name} ${kindLabel(page, place.kind)} ${countryName(place.country, page.lang)}`);
}

/** The field app names the place and the photos its own way. */
const FIELD_LABELS: Readonly<Record<string, MessageKey>> = { ...ASSESSMENT_FIELD_LABELS, place: 'field.form.place', photos: 'field.form.photos' };


/** What the app's script says in the page's language (queue states, the conflict notice…), as written: the script fills the placeholders and picks the plural. */
function scriptMessages(page: PageContext): Record<string, string> {
  const keys = [
    'field.network.online',
    'field.network.offline',
    'field.places.count',
    'field.places.downloaded',
    'field.places.noAssessment',
    'field.places.assess',
    'field.places.position',
    'field.form.queued',
    'field.form.saved',
    'field.form.error.photo',
    'field.form.position.value',
    'field.form.position.denied',
    'field.form.photos.positioned',
    'field.form.photos.unpositioned',
    'field.form.threat.remove',
    'field.queue.photos',
    'field.queue.state.pending',
    'field.queue.state.sending',
    'field.queue.state.failed',
    'field.queue.state.sign-in',
    'field.queue.state.sent',
    'field.queue.open',
    'field.queue.conflict',
    'field.queue.discard',
    'field.queue.edit',
    'field.queue.discardConfirm',
  ] as const satisfies readonly MessageKey[];
  return Object.fromEntries(keys.map((key) => [key.replace(/^field\./, ''), CATALOGUES[page.lang][key]]));
}

/** Everything the script needs to render places offline: labels of kinds and conditions. */
function labelsFor(page: PageContext) {
  return {
    kind: Object.fromEntries(HERITAGE_PLACE_KINDS.map((kind) => [kind, kindLabel(page, kind)])),
    condition: Object.fromEntries(CONDITIONS.map((condition) => [condition, conditionLabel(page, condition)])),
  };
}

/**
 * The assessment form: the place, the fields every assessment form shares (places/assessment-form),
 * the photos. Without JavaScript it posts here; with it, each submission joins the phone's queue.
 */
function AssessmentForm({ page, places, form, errors }: { page: PageContext; places: readonly FieldPlace[]; form: FieldForm; errors: readonly FieldIssue[] }) {
  const { t, lang } = page;
  const own = (name: string) => issuesFor(errors, name);
  return (
    <form method="post" action={fieldPagePath(lang)} enctype="multipart/form-data" class="stack field-form" data-field-form>
      <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
      {/* Made by the server for the form sent without JavaScript (a second click is not a second assessment); the script makes its own per queued item. */}
      <input type="hidden" name="idempotencyKey" value={form.idempotencyKey} />
      <ErrorSummary errors={errors} page={page} label={(field) => fieldLabel(field, page, FIELD_LABELS)} />
      <Field name="place" label={t('field.form.place')} errors={own('place')}>
        <select id={fieldId('place')} name="place" required {...describedBy('place', own('place'), false)}>
          <option value="">{t('field.form.place.choose')}</option>
          {places.map((place) => (
            <option value={place.id} selected={place.id === form.values.place} data-version={String(place.version)}>
              {place.name}
            </option>
          ))}
        </select>
      </Field>
      <AssessmentFields page={page} values={form.values} errors={errors} />
      <button type="button" class="secondary" data-field-add-threat hidden>
        {t('field.form.threat.add')}
      </button>
      <fieldset class="panel">
        <legend>{t('field.form.photos')}</legend>
        <Field name="photos" label={t('field.form.photos')} hint={t('field.form.photos.hint')} errors={own('photos')}>
          <input id={fieldId('photos')} type="file" name="photos" accept="image/*" capture="environment" multiple {...describedBy('photos', own('photos'), true)} />
        </Field>
        <ul class="field-thumbnails" data-field-thumbnails aria-live="polite"></ul>
        <div class="field-position" data-field-position hidden>
          <button type="button" class="secondary" data-field-locate>
            {t('field.form.position.use')}
          </button>
          <p class="hint">{t('field.form.position.hint')}</p>
          <p data-field-position-value aria-live="polite"></p>
        </div>
      </fieldset>
      <p class="notice success" role="status" data-field-form-status hidden></p>
      <button type="submit">{t('field.form.submit')}</button>
    </form>
  );
}

function PlaceItem({ page, place }: { page: PageContext; place: FieldPlace }) {
  const { t, lang } = page;
  const kind = kindLabel(page, place.kind);
  return (
    <li class="field-place" data-field-place data-search={placeSearchText(place, page)}>
      <strong>{place.name}</strong>
      <span>
        {kind} · {countryName(place.country, lang)} · {place.latestCondition ? conditionLabel(page, place.latestCondition) : t('field.places.noAssessment')}
      </span>
      {place.position && <span class="hint">{t('field.places.position', { lat: place.position.lat.toFixed(5), lon: place.position.lon.toFixed(5) })}</span>}
      <a href={`${fieldPagePath(lang)}?place=${encodeURIComponent(place.id)}#assessment`}>{t('field.places.assess')}</a>
    </li>
  );
}

export interface FieldPageProps {
  page: PageContext;
  /** Every place the person may assess (the form's choices, and what the phone keeps offline). */
  places: readonly FieldPlace[];
  /** Those the search matched. */
  shown: readonly FieldPlace[];
  query: string;
  form: FieldForm;
  errors: readonly FieldIssue[];
  saved?: string | undefined;
}

/**
 * `/{lang}/field`: the queue (with JavaScript), the places and the assessment form. The same HTML
 * is what the service worker keeps for offline use; the script then renders the places from the
 * copy downloaded to the phone.
 */
export function FieldPage({ page, places, shown, query, form, errors, saved }: FieldPageProps) {
  const { t, lang } = page;
  const head = (
    <>
      <link rel="stylesheet" href={fieldAssetUrl('field.css')} />
      <link rel="manifest" href={fieldManifestPath(lang)} />
      <meta name="theme-color" content="#1d3557" />
    </>
  );
  return (
    <Layout page={page} title={t('field.title')} description={t('field.lead')} scripts={[fieldAssetUrl('field-app.js')]} head={head}>
      <div
        class="field-app"
        data-field-app
        data-worker={FIELD_WORKER_URL}
        data-scopes={JSON.stringify(LANGUAGES.map(fieldPagePath))}
        data-places-url={`${fieldPagePath(lang)}/places.json`}
        data-place-page={`/${lang}${HERITAGE_PAGES.places}/`}
        data-login={`/${lang}/login?next=${encodeURIComponent(fieldPagePath(lang))}`}
        data-user={String(page.principal?.userId ?? '')}
        data-messages={JSON.stringify(scriptMessages(page))}
        data-labels={JSON.stringify(labelsFor(page))}
      >
        <h1>{t('field.title')}</h1>
        <p class="lead">{t('field.lead')}</p>
        <p class="field-network" role="status" data-field-network hidden></p>
        {saved && (
          <p class="notice success" role="status">
            {t('field.form.saved')} <a href={`/${lang}${HERITAGE_PAGES.place(saved)}`}>{t('field.queue.open')}</a>
          </p>
        )}

        <section aria-labelledby="field-queue-heading" class="field-queue" data-field-queue hidden>
          <h2 id="field-queue-heading">{t('field.queue.heading')}</h2>
          <p class="notice error" data-field-sign-in hidden>
            {t('field.queue.signIn')} <a href={`/${lang}/login?next=${encodeURIComponent(fieldPagePath(lang))}`}>{t('field.queue.signInLink')}</a>
          </p>
          <p data-field-queue-empty>{t('field.queue.empty')}</p>
          <ul class="field-queue-items" data-field-queue-items></ul>
          <button type="button" data-field-send>
            {t('field.queue.send')}
          </button>
        </section>

        <section aria-labelledby="field-places-heading">
          <h2 id="field-places-heading">{t('field.places.heading')}</h2>
          <form method="get" action={fieldPagePath(lang)} role="search" class="row" data-field-search>
            <div class="field">
              <label for="field-q">{t('field.places.search')}</label>
              <input id="field-q" type="search" name="q" value={query} autocomplete="off" />
            </div>
            <button type="submit">{t('field.places.searchButton')}</button>
          </form>
          <p class="hint" data-field-places-status aria-live="polite">
            {places.length === 0 ? t('field.places.empty') : shown.length === 0 ? t('field.places.none') : t('field.places.count', { count: shown.length })}
          </p>
          <ul class="field-places" data-field-places>
            {shown.map((place) => (
              <PlaceItem page={page} place={place} />
            ))}
          </ul>
        </section>

        <section id="assessment" aria-labelledby="field-form-heading" tabindex={-1}>
          <h2 id="field-form-heading">{t('field.form.heading')}</h2>
          <AssessmentForm page={page} places={places} form={form} errors={errors} />
        </section>
      </div>
    </Layout>
  );
}
