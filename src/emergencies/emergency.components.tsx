import { raw } from 'hono/html';
import type { MapTilesSettings } from '../config/map-tiles-settings.js';
import type { FieldIssue } from '../errors.js';
import { CSRF_FIELD } from '../http/csrf.js';
import { LANGUAGES } from '../i18n/languages.js';
import type { MapPoint, MapShape, MapSpec } from '../maps/map-spec.js';
import { TileView } from '../maps/map-tiles.js';
import { renderMapSvg } from '../maps/world-map.js';
import { languageName } from '../redlists/red-list.components.js';
import { countryName, describedBy, ErrorSummary, Field, fieldId, formatDate, formatDateTime, formatNumber, issuesFor } from '../registry/object.components.js';
import { JWKS_PATH } from '../signing/signing.api.js';
import { Layout } from '../web/layout.js';
import type { PageContext } from '../web/page-context.js';
import type { EmergencyFormValues } from './emergency-form.js';
import { EMERGENCY_KINDS, EMERGENCY_STATUSES, NO_STRIKE_FORMATS } from './emergency.schemas.js';
import type { Emergency, EmergencySummary, InsidePlace } from './emergency.service.js';
import { CONDITIONS, HERITAGE_PAGES } from './heritage-place-contract.js';
import { ConditionText, placeName } from './places/heritage-place.components.js';
import { regionPolygon } from './places/geometry.js';
import type { SignedExport } from './no-strike-export.service.js';

export const emergencyPath = (lang: string, id: string) => `/${lang}${HERITAGE_PAGES.emergency(id)}`;

function Period({ emergency, page }: { emergency: Emergency; page: PageContext }) {
  const start = formatDate(emergency.startsOn, page.lang);
  return <>{emergency.endsOn ? page.t('emergencies.period.closed', { start, end: formatDate(emergency.endsOn, page.lang) }) : page.t('emergencies.period.open', { start })}</>;
}

export function EmergencyListPage({ page, emergencies }: { page: PageContext; emergencies: Emergency[] }) {
  const { t, lang } = page;
  return (
    <Layout page={page} title={t('emergencies.title')} description={t('emergencies.lead')}>
      <h1>{t('emergencies.title')}</h1>
      <p class="lead">{t('emergencies.lead')}</p>
      {page.principal?.role === 'admin' && (
        <p>
          <a class="button" href={`/${lang}/emergencies/new`}>
            {t('emergencies.declare')}
          </a>
        </p>
      )}
      {emergencies.length === 0 ? (
        <p class="empty">{t('emergencies.none')}</p>
      ) : (
        <ul class="em-list">
          {emergencies.map((emergency) => (
            <li class="panel">
              <h2>
                <a href={emergencyPath(lang, emergency.id)}>{placeName(emergency.names, lang)}</a>
              </h2>
              <p>
                {t(`emergencies.kind.${emergency.kind}`)} · <Period emergency={emergency} page={page} /> · <span class={`em-status em-status-${emergency.status}`}>{t(`emergencies.status.${emergency.status}`)}</span>
              </p>
              {emergency.countries.length > 0 && <p>{emergency.countries.map((code) => countryName(code, lang)).join(', ')}</p>}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

/**
 * The emergency's map: its area as a shape (its countries filled when it has no area), each place a
 * point where the reader sees its position and its whole-degree region otherwise (the spec holds no
 * coordinate derived from a hidden position).
 */
export function emergencyMapSpec(summary: EmergencySummary, page: PageContext): MapSpec {
  const { emergency, items } = summary;
  const name = placeName(emergency.names, page.lang);
  const points: MapPoint[] = [];
  const shapes: MapShape[] = emergency.area ? [{ geometry: emergency.area, label: name, kind: 'emergency' }] : [];
  for (const place of items) {
    if (place.position) points.push({ ...place.position, label: place.name, kind: place.kind === 'museum' ? 'museum' : (place.latestCondition ?? 'none') });
    else shapes.push({ geometry: regionPolygon(place.region), label: place.name, kind: 'region' });
  }
  return {
    title: page.t('emergencies.map'),
    description: page.t('emergencies.map.description', { name, count: summary.places.total }),
    extent: points.length > 0 || shapes.length > 0 ? 'fit' : 'world',
    countries: emergency.countries.map((country) => ({ country, step: 0, label: countryName(country, page.lang) })),
    steps: 1,
    points,
    shapes,
  };
}

function ConditionChart({ summary, page }: { summary: EmergencySummary; page: PageContext }) {
  const { t, lang } = page;
  const max = Math.max(1, ...Object.values(summary.places.byCondition));
  return (
    <section class="em-conditions" aria-labelledby="em-conditions">
      <h2 id="em-conditions">{t('emergencies.conditions')}</h2>
      <div class="em-side-by-side">
        <ul class="em-bars" aria-hidden="true">
          {CONDITIONS.map((condition) => (
            <li>
              <span class="em-bar-label">{t(`places.condition.${condition}`)}</span>
              <span class={`em-bar condition-${condition}`} style={`width: ${(100 * summary.places.byCondition[condition]) / max}%`}></span>
            </li>
          ))}
        </ul>
        <table>
          <caption>{t('emergencies.conditions.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('emergencies.conditions.condition')}</th>
              <th scope="col" class="number">
                {t('emergencies.conditions.count')}
              </th>
            </tr>
          </thead>
          <tbody>
            {CONDITIONS.map((condition) => (
              <tr>
                <th scope="row">{t(`places.condition.${condition}`)}</th>
                <td class="number">{formatNumber(summary.places.byCondition[condition], lang)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t('emergencies.places.notAssessed')}</th>
              <td class="number">{formatNumber(summary.places.notAssessed, lang)}</td>
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Figures({ items, page }: { items: Array<[string, number]>; page: PageContext }) {
  return (
    <dl class="em-figures">
      {items.map(([label, value]) => (
        <div>
          <dt>{label}</dt>
          <dd>{formatNumber(value, page.lang)}</dd>
        </div>
      ))}
    </dl>
  );
}

function PlaceTable({ items, page }: { items: InsidePlace[]; page: PageContext }) {
  const { t, lang } = page;
  return (
    <div class="table-scroll">
      <table class="em-places">
        <caption class="visually-hidden">{t('emergencies.places')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('emergencies.table.name')}</th>
            <th scope="col">{t('emergencies.table.kind')}</th>
            <th scope="col">{t('emergencies.table.country')}</th>
            <th scope="col">{t('emergencies.table.condition')}</th>
            <th scope="col">{t('emergencies.table.assessedOn')}</th>
            <th scope="col">{t('emergencies.table.protection')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((place) => (
            <tr>
              <th scope="row">
                <a href={`/${lang}${HERITAGE_PAGES.place(place.id)}`}>{place.name}</a>
                {place.organisation && <span class="muted"> · {place.organisation.name}</span>}
              </th>
              <td>{t(`places.kind.${place.kind}`)}</td>
              <td>{countryName(place.country, lang)}</td>
              <td>
                <ConditionText condition={place.latestCondition} page={page} />
              </td>
              <td>{formatDate(place.latestAssessedOn, lang)}</td>
              <td>{t(`emergencies.protection.${place.protection}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function EmergencyPage({ page, summary, mayExport, exported, tiles }: { page: PageContext; summary: EmergencySummary; mayExport: boolean; exported: SignedExport | null; tiles: MapTilesSettings | undefined }) {
  const { t, lang } = page;
  const { emergency, places, objects } = summary;
  const name = placeName(emergency.names, lang);
  const description = placeName(emergency.descriptions, lang);
  const hidden = summary.items.some((place) => place.position === null);
  const spec = emergencyMapSpec(summary, page);
  return (
    <Layout page={page} title={name} description={description || t('emergencies.lead')}>
      <p>
        <a href={`/${lang}${HERITAGE_PAGES.emergencies}`}>← {t('emergencies.title')}</a>
      </p>
      <h1>{name}</h1>
      <p class="lead">
        {t(`emergencies.kind.${emergency.kind}`)} · <Period emergency={emergency} page={page} /> · <span class={`em-status em-status-${emergency.status}`}>{t(`emergencies.status.${emergency.status}`)}</span>
      </p>
      {description && <p>{description}</p>}
      {emergency.countries.length > 0 && (
        <p>
          {t('emergencies.countries')}: {emergency.countries.map((code) => countryName(code, lang)).join(', ')}
        </p>
      )}
      {page.principal?.role === 'admin' && (
        <p>
          <a href={`${emergencyPath(lang, emergency.id)}/edit`}>{t('emergencies.edit')}</a>
        </p>
      )}
      <section aria-labelledby="em-places-figures">
        <h2 id="em-places-figures">{t('emergencies.places')}</h2>
        <Figures
          page={page}
          items={[
            [t('emergencies.places.total'), places.total],
            [t('emergencies.places.assessed'), places.assessed],
            [t('emergencies.places.notAssessed'), places.notAssessed],
          ]}
        />
      </section>
      <section aria-labelledby="em-objects">
        <h2 id="em-objects">{t('emergencies.objects')}</h2>
        <Figures
          page={page}
          items={[
            [t('emergencies.objects.evacuated'), objects.evacuated],
            [t('emergencies.objects.missing'), objects.missing],
            [t('emergencies.objects.found'), objects.found],
          ]}
        />
      </section>
      <ConditionChart summary={summary} page={page} />
      <figure class="em-map">
        {raw(renderMapSvg(spec, `map-emergency-${emergency.id}`))}
        <TileView spec={spec} tiles={tiles} />
        {hidden && <figcaption class="notice">{t('emergencies.map.regions')}</figcaption>}
      </figure>
      <section aria-labelledby="em-museums">
        <h2 id="em-museums">{t('emergencies.museums')}</h2>
        {summary.museums.length === 0 ? <p class="empty">{t('emergencies.museums.none')}</p> : <ul>{summary.museums.map((museum) => <li>{museum.name}</li>)}</ul>}
      </section>
      <section aria-labelledby="em-place-list">
        <h2 id="em-place-list">{t('emergencies.places')}</h2>
        {summary.items.length === 0 ? (
          <p class="empty">{t('emergencies.places.none')}</p>
        ) : (
          <>
            {summary.items.length < places.total && <p class="muted">{t('emergencies.places.shown', { shown: summary.items.length, total: places.total })}</p>}
            <PlaceTable items={summary.items} page={page} />
          </>
        )}
      </section>
      {mayExport && <NoStrikeSection page={page} emergency={emergency} exported={exported} />}
    </Layout>
  );
}

function NoStrikeSection({ page, emergency, exported }: { page: PageContext; emergency: Emergency; exported: SignedExport | null }) {
  const { t, lang } = page;
  const base = `${emergencyPath(lang, emergency.id)}/no-strike`;
  return (
    <section class="panel stack" aria-labelledby="em-no-strike">
      <h2 id="em-no-strike">{t('emergencies.noStrike.title')}</h2>
      <p>{t('emergencies.noStrike.lead')}</p>
      {exported && (
        <div class="notice success" role="status">
          <p>{t('emergencies.noStrike.ready', { at: formatDateTime(exported.exportedAt, lang), count: exported.count })}</p>
          <p class="action-links">
            <a href={`${base}/${exported.id}/file`} download={exported.fileName}>
              {t('emergencies.noStrike.file')} ({exported.format.toUpperCase()})
            </a>
            <a href={`${base}/${exported.id}/signature`} download={`${exported.fileName}.sig`}>
              {t('emergencies.noStrike.signature')}
            </a>
          </p>
        </div>
      )}
      <form method="post" action={base} class="row">
        <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
        <div class="field">
          <label for="em-format">{t('emergencies.noStrike.format')}</label>
          <select id="em-format" name="format">
            {NO_STRIKE_FORMATS.map((format) => (
              <option value={format}>{format === 'geojson' ? 'GeoJSON' : format.toUpperCase()}</option>
            ))}
          </select>
        </div>
        <p>
          <button type="submit">{t('emergencies.noStrike.submit')}</button>
        </p>
      </form>
      <p class="hint">{t('emergencies.noStrike.verify', { keys: JWKS_PATH })}</p>
    </section>
  );
}

const FORM_LABELS: Record<string, string> = {
  kind: 'emergencies.field.kind',
  countries: 'emergencies.field.countries',
  area: 'emergencies.field.area',
  startsOn: 'emergencies.field.startsOn',
  endsOn: 'emergencies.field.endsOn',
  status: 'emergencies.field.status',
  version: 'emergencies.field.version',
};

export function EmergencyFormPage({ page, values, errors, id }: { page: PageContext; values: EmergencyFormValues; errors: FieldIssue[]; id: string | null }) {
  const { t, lang } = page;
  const action = id ? `${emergencyPath(lang, id)}/edit` : `/${lang}/emergencies/new`;
  const title = id ? t('emergencies.edit') : t('emergencies.declare');
  const label = (field: string) => (field.startsWith('names') ? t('emergencies.field.names') : t((FORM_LABELS[field] ?? 'emergencies.field.kind') as 'emergencies.field.kind'));
  const value = (name: string) => values[name] ?? '';
  const text = (name: string, labelText: string, attributes: Record<string, string | boolean> = {}, hint?: string) => {
    const fieldErrors = issuesFor(errors, name);
    return (
      <Field name={name} label={labelText} hint={hint} errors={fieldErrors}>
        <input id={fieldId(name)} type="text" name={name} value={value(name)} {...attributes} {...describedBy(name, fieldErrors, hint !== undefined)} />
      </Field>
    );
  };
  const select = (name: string, options: readonly string[], prefix: 'emergencies.kind' | 'emergencies.status') => (
    <Field name={name} label={label(name)} errors={issuesFor(errors, name)}>
      <select id={fieldId(name)} name={name} {...describedBy(name, issuesFor(errors, name), false)}>
        {options.map((option) => (
          <option value={option} selected={value(name) === option}>
            {t(`${prefix}.${option}` as 'emergencies.kind.other')}
          </option>
        ))}
      </select>
    </Field>
  );
  return (
    <Layout page={page} title={title}>
      <h1>{title}</h1>
      <ErrorSummary errors={errors} page={page} label={label} />
      <form method="post" action={action} enctype="multipart/form-data" class="stack" novalidate>
        <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
        {id && <input type="hidden" name="version" value={value('version')} />}
        <div class="panel stack">
          {select('kind', EMERGENCY_KINDS, 'emergencies.kind')}
          <div class="row">{LANGUAGES.map((language) => text(`names.${language}`, t('emergencies.field.nameIn', { language: languageName(language, lang) }), { maxlength: '300' }))}</div>
          {LANGUAGES.map((language) => {
            const name = `descriptions.${language}`;
            return (
              <Field name={name} label={t('emergencies.field.descriptionIn', { language: languageName(language, lang) })} errors={issuesFor(errors, name)}>
                <textarea id={fieldId(name)} name={name} rows={3}>
                  {value(name)}
                </textarea>
              </Field>
            );
          })}
          {text('countries', t('emergencies.field.countries'), { autocomplete: 'off' }, t('emergencies.field.countries.hint'))}
          <Field name="area" label={t('emergencies.field.area')} hint={t('emergencies.field.area.hint')} errors={issuesFor(errors, 'area')}>
            <textarea id={fieldId('area')} name="area" rows={6} spellcheck={false} {...describedBy('area', issuesFor(errors, 'area'), true)}>
              {value('area')}
            </textarea>
          </Field>
          <div class="field">
            <label for="em-area-file">{t('emergencies.field.areaFile')}</label>
            <input id="em-area-file" type="file" name="areaFile" accept=".geojson,.json,application/geo+json,application/json" />
          </div>
          <div class="row">
            {text('startsOn', t('emergencies.field.startsOn'), { type: 'date', required: true })}
            {text('endsOn', t('emergencies.field.endsOn'), { type: 'date' }, t('emergencies.field.endsOn.hint'))}
            {select('status', EMERGENCY_STATUSES, 'emergencies.status')}
          </div>
        </div>
        <p class="action-links">
          <button type="submit">{t('emergencies.save')}</button>
          <a href={id ? emergencyPath(lang, id) : `/${lang}${HERITAGE_PAGES.emergencies}`}>{t('emergencies.cancel')}</a>
        </p>
      </form>
    </Layout>
  );
}
