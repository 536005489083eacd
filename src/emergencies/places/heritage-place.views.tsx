import type { MapTilesSettings } from '../../config/map-tiles-settings.js';
import type { FieldIssue } from '../../errors.js';
import { CSRF_FIELD } from '../../http/csrf.js';
import type { MessageKey } from '../../i18n/i18n.js';
import { LANGUAGES } from '../../i18n/languages.js';
import { CountryOptions, countryName, describedBy, ErrorSummary, Field, fieldId, Flash, formatDate, formatDateTime, issuesFor, SelectField } from '../../registry/object.components.js';
import { Layout } from '../../web/layout.js';
import type { PageContext } from '../../web/page-context.js';
import { Pagination, queryString } from '../../web/pagination.js';
import { CONDITIONS, HERITAGE_PAGES, HERITAGE_PLACE_KINDS, LOCATION_CERTAINTIES } from '../heritage-place-contract.js';
import { PROTECTIONS } from '../protection.js';
import { ASSESSMENT_FIELD_LABELS, AssessmentFields, fieldLabel, TextArea } from './assessment-form.components.js';
import { ConditionText, damageText, placeName, PlaceMap } from './heritage-place.components.js';
import type { FormValues } from './heritage-place.form.js';
import type { AssessmentView, PlaceView } from './heritage-place.service.js';

export interface SavedNotice {
  kind: 'created' | 'updated' | 'assessed';
  warnings: number;
  conflict?: { seen: number; current: number };
}

const placesPath = (page: PageContext) => `/${page.lang}${HERITAGE_PAGES.places}`;
const placePath = (page: PageContext, id: string) => `/${page.lang}${HERITAGE_PAGES.place(id)}`;

interface ListProps {
  page: PageContext;
  items: PlaceView[];
  total: number;
  filters: { country: string; kind: string; condition: string };
  current: number;
  pageSize: number;
}

export function PlaceListPage({ page, items, total, filters, current, pageSize }: ListProps) {
  const { t, lang, principal } = page;
  const href = (n: number) => `${placesPath(page)}${queryString([['country', filters.country], ['kind', filters.kind], ['condition', filters.condition], ['page', n]])}`;
  return (
    <Layout page={page} title={t('places.title')} description={t('places.lead')}>
      <h1>{t('places.title')}</h1>
      <p class="lead">{t('places.lead')}</p>
      {principal && ['admin', 'heritage-assessor', 'registrar'].includes(principal.role) && (
        <p>
          <a class="button" href={`${placesPath(page)}/new`}>
            {t('places.new')}
          </a>
        </p>
      )}
      <form class="filters" method="get" action={placesPath(page)} role="search" aria-label={t('places.filter')}>
        <div class="row">
          <div class="field">
            <label for="f-country">{t('places.field.country')}</label>
            <select id="f-country" name="country">
              <CountryOptions lang={lang} selected={filters.country.toUpperCase()} emptyLabel={t('places.filter.any')} />
            </select>
          </div>
          <SelectField name="kind" label={t('places.field.kind')} options={[['', t('places.filter.any')], ...HERITAGE_PLACE_KINDS.map((kind) => [kind, t(`places.kind.${kind}`)] as const)]} selected={filters.kind} errors={[]} />
          <SelectField
            name="condition"
            label={t('places.assessment.condition')}
            options={[['', t('places.filter.any')], ...CONDITIONS.map((condition) => [condition, t(`places.condition.${condition}`)] as const)]}
            selected={filters.condition}
            errors={[]}
          />
          <button type="submit">{t('places.filter.apply')}</button>
        </div>
      </form>
      <p class="count">{t('places.count', { count: total })}</p>
      {items.length === 0 ? (
        <p class="empty">{t('places.none')}</p>
      ) : (
        <ul class="object-list places">
          {items.map((place) => (
            <li>
              <h2>
                <a href={placePath(page, place.id)}>{placeName(place.names, lang)}</a>
              </h2>
              <p>
                {t(`places.kind.${place.kind}`)} · {countryName(place.country, lang)} · <ConditionText condition={place.latestAssessment?.condition} page={page} />
                {place.latestAssessment && ` · ${formatDate(place.latestAssessment.assessedOn, lang)}`}
              </p>
            </li>
          ))}
        </ul>
      )}
      <Pagination current={current} total={total} pageSize={pageSize} href={href} page={page} />
    </Layout>
  );
}

export function PlacePage({ page, place, history, saved, tiles }: { page: PageContext; place: PlaceView; history: AssessmentView[]; saved: SavedNotice | undefined; tiles: MapTilesSettings | undefined }) {
  const { t, lang } = page;
  const name = placeName(place.names, lang);
  const others = Object.entries(place.names).filter(([, other]) => other !== name);
  const latest = place.latestAssessment;
  return (
    <Layout page={page} title={name}>
      <p>
        <a href={placesPath(page)}>← {t('places.title')}</a>
      </p>
      <h1>{name}</h1>
      <SavedMessage page={page} saved={saved} />
      {others.length > 0 && (
        <p class="lead">
          {others.map(([tag, other], index) => (
            <>
              {index > 0 && ' · '}
              <span lang={tag}>{other}</span>
            </>
          ))}
        </p>
      )}
      {place.canEdit && (
        <p class="actions-row">
          <a class="button" href={`${placePath(page, place.id)}/assess`}>
            {t('places.assess')}
          </a>
          <a class="button secondary" href={`${placePath(page, place.id)}/edit`}>
            {t('places.edit')}
          </a>
        </p>
      )}
      <dl class="facts">
        <dt>{t('places.field.kind')}</dt>
        <dd>{t(`places.kind.${place.kind}`)}</dd>
        <dt>{t('places.field.country')}</dt>
        <dd>{countryName(place.country, lang)}</dd>
        {place.period && (
          <>
            <dt>{t('places.field.period')}</dt>
            <dd>{[place.period.text, yearsText(place.period, page)].filter(Boolean).join(' · ')}</dd>
          </>
        )}
        {place.culturalAffiliation && (
          <>
            <dt>{t('places.field.culturalAffiliation')}</dt>
            <dd>{place.culturalAffiliation}</dd>
          </>
        )}
        {place.organisation && (
          <>
            <dt>{t('places.field.organisationShort')}</dt>
            <dd>{place.organisation.name}</dd>
          </>
        )}
        {place.geometry && (
          <>
            <dt>{t('places.field.locationCertainty')}</dt>
            <dd>
              {t(`places.certainty.${place.locationCertainty}`)}
              {place.sensitive && ` · ${t('places.sensitive')}`}
            </dd>
          </>
        )}
        {place.protection && (
          <>
            <dt>{t('places.field.protection')}</dt>
            <dd>{t(`emergencies.protection.${place.protection}`)}</dd>
          </>
        )}
      </dl>
      {place.description && <p>{place.description}</p>}
      <h2>{t('places.map')}</h2>
      <PlaceMap place={place} page={page} tiles={tiles} />
      <h2 id="latest">{t('places.latest')}</h2>
      {latest ? <AssessmentDetails page={page} assessment={latest} /> : <p class="empty">{t('places.notAssessed')}</p>}
      {history.length > 0 && <History page={page} history={history} />}
    </Layout>
  );
}

function yearsText(period: NonNullable<PlaceView['period']>, page: PageContext): string {
  const year = (y: number | undefined) => (y === undefined ? '' : y < 0 ? page.t('places.year.bce', { year: -y }) : String(y));
  return period.earliestYear === undefined && period.latestYear === undefined ? '' : `${year(period.earliestYear)}–${year(period.latestYear)}`;
}

function SavedMessage({ page, saved }: { page: PageContext; saved: SavedNotice | undefined }) {
  const { t } = page;
  if (!saved) return null;
  return (
    <>
      <Flash message={t(`places.saved.${saved.kind}`)} />
      {saved.warnings > 0 && <p class="notice">{t('places.saved.warnings', { warnings: saved.warnings })}</p>}
      {saved.conflict && (
        <p class="notice error" role="alert">
          {t('places.saved.conflict', { seen: saved.conflict.seen, current: saved.conflict.current })}
        </p>
      )}
    </>
  );
}

function AssessmentDetails({ page, assessment }: { page: PageContext; assessment: AssessmentView }) {
  const { t, lang } = page;
  return (
    <>
      <dl class="facts">
        <dt>{t('places.assessment.condition')}</dt>
        <dd>
          <ConditionText condition={assessment.condition} page={page} /> · {damageText(assessment.damageExtent, page)}
        </dd>
        <dt>{t('places.assessment.phase')}</dt>
        <dd>{t(`places.phase.${assessment.phase}`)}</dd>
        <dt>{t('places.assessment.threats')}</dt>
        <dd>
          {assessment.threats.length === 0
            ? t('places.assessment.noThreat')
            : assessment.threats.map((threat) => `${t(`places.threat.${threat.category}`)} (${threat.type}, ${t(`places.probability.${threat.probability}`)})`).join(' · ')}
        </dd>
        {assessment.recommendation && (
          <>
            <dt>{t('places.assessment.recommendation')}</dt>
            <dd>{assessment.recommendation}</dd>
          </>
        )}
        <dt>{t('places.assessment.priority')}</dt>
        <dd>{t(`places.priority.${assessment.priority}`)}</dd>
        {assessment.notes && (
          <>
            <dt>{t('places.assessment.notes')}</dt>
            <dd>{assessment.notes}</dd>
          </>
        )}
        <dt>{t('places.assessment.signed')}</dt>
        <dd>{signature(page, assessment)}</dd>
      </dl>
      {assessment.photos.length > 0 && (
        <ul class="gallery" aria-label={t('places.assessment.photos')}>
          {assessment.photos.map((photo, index) => (
            <li>
              <a href={photo.url}>
                <img src={photo.thumbnailUrl} alt={t('places.assessment.photoAlt', { n: index + 1, date: formatDate(assessment.assessedOn, lang) })} loading="lazy" />
              </a>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function signature(page: PageContext, assessment: AssessmentView): string {
  const date = formatDateTime(assessment.signed.at, page.lang);
  return assessment.signed.by ? page.t('places.assessment.signedBy', { name: assessment.signed.by, organisation: assessment.signed.organisation, date }) : `${assessment.signed.organisation}, ${date}`;
}

function History({ page, history }: { page: PageContext; history: AssessmentView[] }) {
  const { t, lang } = page;
  return (
    <>
      <h2>{t('places.history')}</h2>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('places.assessment.assessedOn')}</th>
              <th scope="col">{t('places.assessment.condition')}</th>
              <th scope="col">{t('places.assessment.damageExtent')}</th>
              <th scope="col">{t('places.assessment.phase')}</th>
              <th scope="col">{t('places.assessment.priority')}</th>
              <th scope="col">{t('places.assessment.signed')}</th>
            </tr>
          </thead>
          <tbody>
            {history.map((assessment) => (
              <tr>
                <th scope="row">{formatDate(assessment.assessedOn, lang)}</th>
                <td>
                  <ConditionText condition={assessment.condition} page={page} />
                </td>
                <td>{damageText(assessment.damageExtent, page)}</td>
                <td>{t(`places.phase.${assessment.phase}`)}</td>
                <td>{t(`places.priority.${assessment.priority}`)}</td>
                <td>{signature(page, assessment)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

const PLACE_FIELD_LABELS: Record<string, MessageKey> = {
  names: 'places.field.names',
  kind: 'places.field.kind',
  country: 'places.field.country',
  geometry: 'places.field.geometry',
  locationCertainty: 'places.field.locationCertainty',
  period: 'places.field.period',
  culturalAffiliation: 'places.field.culturalAffiliation',
  organisation: 'places.field.organisationShort',
  description: 'places.field.description',
  sensitive: 'places.sensitive',
  protection: 'places.field.protection',
};

/** Errors are anchored at their top field (`geometry.coordinates[0][3]` at the geometry). */
const topField = (field: string) => field.split(/[.[]/)[0]!;

export function PlaceFormPage({ page, place, values, errors }: { page: PageContext; place?: PlaceView; values: FormValues; errors: readonly FieldIssue[] }) {
  const { t, lang } = page;
  const title = place ? `${t('places.edit')}: ${placeName(place.names, lang)}` : t('places.new');
  const action = place ? `${placePath(page, place.id)}/edit` : `${placesPath(page)}/new`;
  const text = (name: string, label: string, hint?: string, type = 'text') => {
    const own = issuesFor(errors, name);
    return (
      <Field name={name} label={label} hint={hint} errors={own}>
        <input id={fieldId(name)} name={name} type={type} value={values[name] ?? ''} {...(type === 'number' ? { step: 'any', inputmode: 'decimal' } : {})} {...describedBy(name, own, hint !== undefined)} />
      </Field>
    );
  };
  const area = (name: string, label: string) => <TextArea name={name} label={label} values={values} errors={errors} />;
  return (
    <Layout page={page} title={title}>
      <h1>{title}</h1>
      <ErrorSummary errors={errors} page={page} label={(field) => fieldLabel(field, page, PLACE_FIELD_LABELS)} anchor={(field) => fieldId(topField(field) === 'names' ? `names.${lang}` : topField(field))} />
      <form method="post" action={action} class="actions">
        <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
        {place && <input type="hidden" name="version" value={String(place.version)} />}
        <fieldset class="panel">
          <legend>{t('places.field.names')}</legend>
          {LANGUAGES.map((other) => text(`names.${other}`, t('places.field.nameIn', { lang: other })))}
          {issuesFor(errors, 'names').length > 0 && <p class="field-error">{issuesFor(errors, 'names')[0]!.message}</p>}
          {area('otherNames', t('places.field.otherNames'))}
        </fieldset>
        <fieldset class="panel">
          <legend>{t('places.field.kind')}</legend>
          <SelectField name="kind" label={t('places.field.kind')} options={[['', '—'], ...HERITAGE_PLACE_KINDS.map((kind) => [kind, t(`places.kind.${kind}`)] as const)]} selected={values['kind'] ?? ''} errors={issuesFor(errors, 'kind')} />
          <Field name="country" label={t('places.field.country')} errors={issuesFor(errors, 'country')}>
            <select id={fieldId('country')} name="country" {...describedBy('country', issuesFor(errors, 'country'), false)}>
              <CountryOptions lang={lang} selected={values['country'] ?? ''} emptyLabel="—" />
            </select>
          </Field>
          {text('organisation', t('places.field.organisation'))}
        </fieldset>
        <fieldset class="panel">
          <legend>{t('places.field.locationCertainty')}</legend>
          {text('longitude', t('places.field.longitude'), undefined, 'number')}
          {text('latitude', t('places.field.latitude'), undefined, 'number')}
          {area('geometry', t('places.field.geometry'))}
          <SelectField
            name="locationCertainty"
            label={t('places.field.locationCertainty')}
            options={LOCATION_CERTAINTIES.map((certainty) => [certainty, t(`places.certainty.${certainty}`)] as const)}
            selected={values['locationCertainty'] ?? 'exact'}
            errors={issuesFor(errors, 'locationCertainty')}
          />
          <SelectField
            name="sensitive"
            label={t('places.field.sensitive')}
            options={[
              ['', t('places.sensitive.default')],
              ['yes', t('places.sensitive.yes')],
              ['no', t('places.sensitive.no')],
            ]}
            selected={values['sensitive'] ?? ''}
            errors={issuesFor(errors, 'sensitive')}
          />
          <SelectField
            name="protection"
            label={t('places.field.protection')}
            options={PROTECTIONS.map((protection) => [protection, t(`emergencies.protection.${protection}`)] as const)}
            selected={values['protection'] ?? 'none'}
            errors={issuesFor(errors, 'protection')}
          />
        </fieldset>
        <fieldset class="panel">
          <legend>{t('places.field.period')}</legend>
          {text('period.text', t('places.field.period'))}
          {text('period.earliestYear', t('places.field.earliestYear'), undefined, 'number')}
          {text('period.latestYear', t('places.field.latestYear'), undefined, 'number')}
          {text('culturalAffiliation', t('places.field.culturalAffiliation'))}
          {area('description', t('places.field.description'))}
        </fieldset>
        <button type="submit">{t('places.save')}</button>
      </form>
    </Layout>
  );
}

export function AssessPage({ page, place, values, errors }: { page: PageContext; place: PlaceView; values: FormValues; errors: readonly FieldIssue[] }) {
  const { t, lang } = page;
  const title = `${t('places.assess')}: ${placeName(place.names, lang)}`;
  const photoErrors = issuesFor(errors, 'photos');
  return (
    <Layout page={page} title={title}>
      <p>
        <a href={placePath(page, place.id)}>← {placeName(place.names, lang)}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary errors={errors} page={page} label={(field) => fieldLabel(field, page, ASSESSMENT_FIELD_LABELS)} />
      <form method="post" action={`${placePath(page, place.id)}/assess`} enctype="multipart/form-data" class="actions">
        <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
        <input type="hidden" name="placeVersion" value={values['placeVersion'] ?? String(place.version)} />
        <AssessmentFields page={page} values={values} errors={errors} />
        <fieldset class="panel">
          <legend>{t('places.assessment.photos')}</legend>
          <Field name="photos" label={t('places.assessment.photos')} errors={photoErrors}>
            <input id={fieldId('photos')} name="photos" type="file" accept="image/*" multiple {...describedBy('photos', photoErrors, false)} />
          </Field>
        </fieldset>
        <button type="submit">{t('places.save')}</button>
      </form>
    </Layout>
  );
}
