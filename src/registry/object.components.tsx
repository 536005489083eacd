/**
 * Pieces the registry pages share: status badges, thumbnails, texts in the page's language (or
 * another one, marked with `lang`), dates, countries, periods, object lists, pagination and the
 * form helpers (fields with their errors, the error summary).
 */
import type { Child } from 'hono/jsx';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { FieldIssue } from '../errors.js';
import { CATALOGUES, type MessageKey, type Translate } from '../i18n/i18n.js';
import type { Lang } from '../i18n/languages.js';
import { COUNTRIES } from '../maps/countries.js';
import { imageServicePath } from '../web/iiif-paths.js';
import { assetUrl } from '../web/assets.js';
import type { PageContext } from '../web/page-context.js';
import { pickLocalized, type LanguageMap, type Term } from './object-record.js';
import type { ObjectView, PhotoView } from './object-view.js';
import type { ObjectStatus } from './status.js';
import { entryByKey, findTerm, type VocabularyKind } from './vocabulary.js';

// ---------------------------------------------------------------------------------------------
// Messages chosen at run time.

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(CATALOGUES.en, key);
}

/** The message for a key built at run time, or `fallback` when the catalogue has none. */
export function messageOr(t: Translate, key: string, fallback: string): string {
  return isMessageKey(key) ? t(key) : fallback;
}

// ---------------------------------------------------------------------------------------------
// Texts in several languages.

/** Text in the page's language, or in another one marked with `lang` so screen readers switch voice. */
export function LangText({ map, page, block = false }: { map: LanguageMap | undefined; page: PageContext; block?: boolean }) {
  const picked = pickLocalized(map, page.lang);
  if (!picked) return null;
  if (picked.lang === page.lang) return block ? <Paragraphs text={picked.text} /> : <>{picked.text}</>;
  return block ? (
    <div lang={picked.lang}>
      <Paragraphs text={picked.text} />
    </div>
  ) : (
    <span lang={picked.lang}>{picked.text}</span>
  );
}

/** Keeps the paragraphs someone typed in a textarea. */
export function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n\s*\n/)
        .map((paragraph) => paragraph.trim())
        .filter(Boolean)
        .map((paragraph) => (
          <p class="prose">{paragraph}</p>
        ))}
    </>
  );
}

/**
 * A term's labels, with the vocabulary's label in the page's language added when the stored term
 * lacks it (an import that gave "faience" only in English reads "faïence" on French pages).
 */
export function termLabels(term: Term, lang: Lang, kind?: VocabularyKind): LanguageMap {
  if (!kind || term.label[lang]?.trim()) return term.label;
  const entry = (term.aat ? findTerm(kind, term.aat) : undefined) ?? Object.values(term.label).map((text) => findTerm(kind, text)).find(Boolean);
  return entry ? { ...term.label, [lang]: entry.label[lang] } : term.label;
}

/** A term's label as plain text in the page's language (or another one). */
export function termText(term: Term, lang: Lang, kind?: VocabularyKind): string {
  return pickLocalized(termLabels(term, lang, kind), lang)?.text ?? term.aat ?? '';
}

export function TermText({ term, page, kind }: { term: Term; page: PageContext; kind?: VocabularyKind }) {
  return <LangText map={termLabels(term, page.lang, kind)} page={page} />;
}

/** "céramiques › jarres", in the page's language where the terms or the vocabulary have it. */
export function TypePath({ terms, page }: { terms: Term[]; page: PageContext }) {
  const shown = terms.filter((term) => pickLocalized(term.label, page.lang) || term.aat);
  return (
    <>
      {shown.map((term, index) => (
        <>
          {index > 0 && ' › '}
          <TermText term={term} page={page} kind="objectType" />
        </>
      ))}
    </>
  );
}

/** The label of an object type key (the search index's `object_type`), in the page's language. */
export function typeKeyLabel(key: string | null, lang: Lang): string {
  if (!key) return '';
  return entryByKey('objectType', key)?.label[lang] ?? key;
}

// ---------------------------------------------------------------------------------------------
// Dates, countries, periods, numbers.

/** "3 May 2024" for an ISO date (YYYY-MM-DD), in the page's language. */
export function formatDate(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '';
  const date = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/** Date and time of an ISO timestamp, in UTC (the network spans time zones). */
export function formatDateTime(iso: string, lang: Lang): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(date)} UTC`;
}

export function formatNumber(value: number, lang: Lang): string {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: 3 }).format(value);
}

export function formatPercent(share: number, lang: Lang): string {
  return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/** ISO 3166-1 alpha-2 codes of current countries and territories (and XK, commonly used for Kosovo), in code order: the maps' table of countries. */
export const COUNTRY_CODES: readonly string[] = COUNTRIES.map((country) => country.alpha2).sort();

const regionNames = new Map<Lang, Intl.DisplayNames>();

/** The country's name in the page's language ("Espagne" for ES in French); the code if unknown. */
export function countryName(code: string | null | undefined, lang: Lang): string {
  if (!code) return '';
  let names = regionNames.get(lang);
  if (!names) regionNames.set(lang, (names = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' })));
  try {
    return names.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

const sortedCountries = new Map<Lang, Array<{ code: string; name: string }>>();

/** Every country, sorted by its name in the page's language. */
export function countriesByName(lang: Lang): Array<{ code: string; name: string }> {
  let list = sortedCountries.get(lang);
  if (!list) {
    const collator = new Intl.Collator(lang);
    list = COUNTRY_CODES.map((code) => ({ code, name: countryName(code, lang) })).sort((a, b) => collator.compare(a.name, b.name));
    sortedCountries.set(lang, list);
  }
  return list;
}

/** `<option>`s of a country select, with an empty choice first; an unknown stored code is kept. */
export function CountryOptions({ lang, selected, emptyLabel }: { lang: Lang; selected: string; emptyLabel: string }) {
  const list = countriesByName(lang);
  const unknown = selected !== '' && !list.some((country) => country.code === selected);
  return (
    <>
      <option value="">{emptyLabel}</option>
      {unknown && (
        <option value={selected} selected>
          {selected}
        </option>
      )}
      {list.map((country) => (
        <option value={country.code} selected={country.code === selected}>
          {country.name}
        </option>
      ))}
    </>
  );
}

const ROMAN: Array<[number, string]> = [
  [1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
];

function roman(n: number): string {
  let rest = n;
  let out = '';
  for (const [value, numeral] of ROMAN) {
    while (rest >= value) {
      out += numeral;
      rest -= value;
    }
  }
  return out;
}

const EN_ORDINAL: Record<string, string> = { one: 'st', two: 'nd', few: 'rd', other: 'th' };

/**
 * A century given as its first year (the search facets' "period"): "1800" is the 19th century,
 * "-500" the 5th century BCE (500–401 BCE). Other values are shown as they are.
 */
export function periodLabel(value: string, lang: Lang, t: Translate): string {
  const year = Number(value);
  if (!Number.isInteger(year) || year % 100 !== 0) return value;
  const bce = year < 0;
  const century = bce ? -year / 100 : year / 100 + 1;
  if (century < 1) return value;
  const n =
    lang === 'en'
      ? `${century}${EN_ORDINAL[new Intl.PluralRules('en', { type: 'ordinal' }).select(century)] ?? 'th'}`
      : lang === 'fr'
        ? `${roman(century)}${century === 1 ? 'er' : 'e'}`
        : roman(century);
  return t(bce ? 'period.century.bce' : 'period.century', { n });
}

// ---------------------------------------------------------------------------------------------
// Status, photos.

export function StatusBadge({ status, t }: { status: ObjectStatus; t: Translate }) {
  return <span class={`badge status-${status}`}>{t(`status.${status}`)}</span>;
}

const THUMBNAIL_SIDE = 400;

/** The thumbnail's own size, so the page does not jump while images load. */
function thumbnailSize(photo: Pick<PhotoView, 'width' | 'height'>): { width: number; height: number } {
  const scale = Math.min(1, THUMBNAIL_SIDE / Math.max(photo.width, photo.height, 1));
  return { width: Math.max(1, Math.round(photo.width * scale)), height: Math.max(1, Math.round(photo.height * scale)) };
}

export function Thumbnail({ src, alt, size }: { src: string | null; alt: string; size?: { width: number; height: number } | undefined }) {
  if (!src) return <span class="thumb thumb-empty" aria-hidden="true"></span>;
  return <img class="thumb" src={src} alt={alt} loading="lazy" decoding="async" width={size?.width ?? 160} height={size?.height ?? 160} />;
}

/**
 * Photographs as a gallery of thumbnails, each opening the display image; with JavaScript, the
 * viewer (photo-viewer.js) opens them with deep zoom from their IIIF service, with these labels.
 */
export function Gallery({ photos, title, page }: { photos: PhotoView[]; title: string; page: PageContext }) {
  const { t } = page;
  if (photos.length === 0) return <p class="empty">{t('object.photos.none')}</p>;
  return (
    <ul
      class="gallery"
      data-photo-viewer
      data-viewer-script={assetUrl('openseadragon.js')}
      data-tools={t('viewer.tools')}
      data-zoom-in={t('viewer.zoomIn')}
      data-zoom-out={t('viewer.zoomOut')}
      data-home={t('viewer.home')}
      data-rotate={t('viewer.rotate')}
      data-close={t('viewer.close')}
      data-keys={t('viewer.keys')}
      data-failed={t('viewer.failed')}
    >
      {photos.map((photo, index) => {
        const alt = photo.caption ?? t('object.photo.alt', { n: index + 1, title });
        return (
          <li>
            <figure>
              <a
                href={photo.url}
                aria-label={t('object.photo.open', { n: index + 1 })}
                data-iiif={`${imageServicePath(photo.id)}/info.json`}
                data-title={alt}
              >
                <img
                  src={photo.thumbnailUrl}
                  alt={alt}
                  loading={index < 2 ? 'eager' : 'lazy'}
                  decoding="async"
                  {...thumbnailSize(photo)}
                />
              </a>
              {photo.caption && <figcaption>{photo.caption}</figcaption>}
            </figure>
          </li>
        );
      })}
    </ul>
  );
}

// ---------------------------------------------------------------------------------------------
// Lists of objects.

export interface ObjectListItem {
  id: string;
  title: string;
  /** The language of the title when it is not the page's. */
  titleLang?: string | undefined;
  thumbnailUrl: string | null;
  status: ObjectStatus;
  onAlertList: boolean;
  type: Child;
  dating: string | null;
  makers: string[];
  organisation?: string | undefined;
  /** Null: the object has none. */
  inventoryNumber?: string | null | undefined;
  reportedOn?: string | null | undefined;
  country?: string | null | undefined;
  completeness?: number | undefined;
  /** Reported from a museum inside an active emergency (the heightened watch). */
  emergencyArea?: boolean;
}

/** What a list shows of an ObjectView. */
export function listItemOf(view: ObjectView, page: PageContext): ObjectListItem {
  const title = pickLocalized(view.description.title, page.lang);
  const latest = view.incidents[0];
  return {
    id: view.id,
    title: title?.text ?? view.title,
    titleLang: title && title.lang !== page.lang ? title.lang : undefined,
    thumbnailUrl: view.photos[0]?.thumbnailUrl ?? null,
    status: view.status,
    onAlertList: view.onAlertList,
    type: <TypePath terms={view.description.objectType} page={page} />,
    dating: view.description.dating?.display ?? null,
    makers: view.description.makers.map((maker) => maker.name),
    organisation: view.organisation.name,
    inventoryNumber: view.inventoryNumber,
    reportedOn: latest?.reportedOn ?? null,
    country: latest?.country ?? view.description.places.find((place) => place.country)?.country ?? null,
    completeness: view.completeness.score,
    emergencyArea: view.incidents.some((incident) => incident.emergencyId !== null),
  };
}

export interface ListColumns {
  organisation?: boolean;
  inventoryNumber?: boolean;
  reported?: boolean;
  completeness?: boolean;
  /** Marks objects reported from an emergency area (the public alert list). */
  emergency?: boolean;
}

export function ObjectList({ items, page, show = {} }: { items: ObjectListItem[]; page: PageContext; show?: ListColumns }) {
  const { t, lang } = page;
  return (
    <ul class="object-list">
      {items.map((item) => (
        <li class="object-item">
          <Thumbnail src={item.thumbnailUrl} alt="" />
          <div class="object-item-body">
            <h3>
              <a href={`/${lang}/objects/${item.id}`} lang={item.titleLang}>
                {item.title}
              </a>
            </h3>
            <p class="object-item-status">
              <StatusBadge status={item.status} t={t} />
              {show.emergency && item.emergencyArea && <span class="badge emergency-area">{t('emergencies.alert.mark')}</span>}
              {show.completeness && item.completeness !== undefined && (
                <span class="score">{t('inventory.completeness', { score: formatPercent(item.completeness, lang) })}</span>
              )}
            </p>
            <dl class="object-item-facts">
              {show.inventoryNumber && item.inventoryNumber !== undefined && (
                <Fact label={t('objectId.inventoryNumber')}>{item.inventoryNumber ?? <span class="muted">{t('inventory.numberMissing')}</span>}</Fact>
              )}
              <Fact label={t('object.type')}>{item.type}</Fact>
              {item.dating && <Fact label={t('object.dating')}>{item.dating}</Fact>}
              {item.makers.length > 0 && <Fact label={t('object.maker')}>{item.makers.join(', ')}</Fact>}
              {show.reported && item.reportedOn && <Fact label={t('object.reportedOn')}>{formatDate(item.reportedOn, lang)}</Fact>}
              {item.country && <Fact label={t('object.country')}>{countryName(item.country, lang)}</Fact>}
              {show.organisation && item.organisation && <Fact label={t('object.organisation')}>{item.organisation}</Fact>}
            </dl>
          </div>
        </li>
      ))}
    </ul>
  );
}

function Fact({ label, children }: { label: string; children: Child }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// Forms.

/** An input's id from its field name: `description.title.fr` → `f-description-title-fr`. */
export function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** The issues about a field and what it contains. */
export function issuesFor(errors: readonly FieldIssue[], field: string): FieldIssue[] {
  return errors.filter((issue) => issue.field === field || issue.field.startsWith(`${field}.`));
}

/** Attributes tying an input to its hint and error messages. */
export function describedBy(name: string, errors: readonly FieldIssue[], hint: boolean): Record<string, string> {
  const id = fieldId(name);
  const ids = [hint ? `${id}-hint` : '', errors.length > 0 ? `${id}-error` : ''].filter(Boolean).join(' ');
  return {
    ...(errors.length > 0 ? { 'aria-invalid': 'true' } : {}),
    ...(ids ? { 'aria-describedby': ids } : {}),
  };
}

/** A labelled field: label, the control, an optional hint and the errors beside it. */
export function Field({ name, label, hint, errors, children, class: className }: { name: string; label: string; hint?: string | undefined; errors: readonly FieldIssue[]; children: JSX.Element; class?: string }) {
  const id = fieldId(name);
  return (
    <div class={className ? `field ${className}` : 'field'}>
      <label for={id}>{label}</label>
      {children}
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {errors.length > 0 && (
        <p class="field-error" id={`${id}-error`}>
          {[...new Set(errors.map((issue) => issue.message))].join(' ')}
        </p>
      )}
    </div>
  );
}

/** A labelled select of `[value, text]` options, `selected` marked, with its hint and errors. */
export function SelectField({ name, label, options, selected, hint, errors, class: className }: { name: string; label: string; options: ReadonlyArray<readonly [string, string]>; selected: string; hint?: string | undefined; errors: readonly FieldIssue[]; class?: string | undefined }) {
  return (
    <Field name={name} label={label} hint={hint} errors={errors} class={className}>
      <select id={fieldId(name)} name={name} {...describedBy(name, errors, hint !== undefined)}>
        {options.map(([value, text]) => (
          <option value={value} selected={value === selected}>
            {text}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** The list of errors at the top of a form, each linking to its field. */
export function ErrorSummary({ errors, page, label, anchor = fieldId }: { errors: readonly FieldIssue[]; page: PageContext; label: (field: string) => string; anchor?: (field: string) => string }) {
  const { t } = page;
  if (errors.length === 0) return null;
  return (
    <div class="notice error" role="alert" tabindex={-1} data-error-summary>
      <p>{t('form.error.summary', { count: errors.length })}</p>
      <ul>
        {errors.map((issue) => (
          <li>
            <a href={`#${anchor(issue.field)}`}>{label(issue.field)}</a>
            {t('form.error.item', { message: issue.message })}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A one-time notice after an action ("saved"). */
export function Flash({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p class="notice success" role="status">
      {message}
    </p>
  );
}

// ---------------------------------------------------------------------------------------------
// Field names.

const DESCRIPTION_LABELS: Record<string, MessageKey> = {
  inventoryNumber: 'objectId.inventoryNumber',
  objectType: 'objectId.objectType',
  title: 'objectId.title',
  materials: 'object.materials',
  techniques: 'object.techniques',
  measurements: 'objectId.measurements',
  inscriptions: 'objectId.inscriptions',
  dating: 'objectId.dating',
  makers: 'objectId.maker',
  subject: 'objectId.subject',
  distinguishingFeatures: 'objectId.distinguishingFeatures',
  description: 'objectId.description',
  relatedWrittenMaterial: 'objectId.relatedWrittenMaterial',
  places: 'objectId.places',
  crossReferences: 'objectId.crossReferences',
  dateDocumented: 'objectId.dateDocumented',
  sensitive: 'object.sensitive',
  photos: 'objectId.photographs',
};

export function isDescriptionField(key: string): boolean {
  return Object.hasOwn(DESCRIPTION_LABELS, key);
}

/** The name of a description field (`materials`, `dateDocumented`…) as the pages show it. */
export function descriptionFieldLabel(key: string, t: Translate): string {
  const messageKey = DESCRIPTION_LABELS[key];
  return messageKey ? t(messageKey) : key;
}

/**
 * What completeness says of the inventory number: missing (with what the source wrote in its place),
 * or shared with other objects of the organisation, each linked so that a registrar can fix them.
 */
export function InventoryNumberNotice({ view, page }: { view: ObjectView; page: PageContext }) {
  const { t, lang } = page;
  const number = view.completeness.inventoryNumber;
  if (number.state === 'present') return null;
  if (number.state === 'missing') {
    return (
      <p class="notice warning inventory-number-notice">
        {t('object.completeness.numberMissing')}
        {number.placeholder !== undefined && <> {t('object.completeness.numberWritten', { text: number.placeholder })}</>}
      </p>
    );
  }
  return (
    <div class="notice warning inventory-number-notice">
      <p>{t('object.completeness.numberShared')}</p>
      <ul>
        {number.with.map((other) => (
          <li>
            <a href={`/${lang}/objects/${other.id}`}>{other.title || other.id}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
