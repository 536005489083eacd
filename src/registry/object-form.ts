/**
 * The object form's fields, and the two ways across: stored description → form values (to edit),
 * form values → the input the zod schemas validate (to save). Inputs are named after the schema
 * paths without `description.` (`title.fr`, `measurements.0.value`), so that a schema issue maps
 * back to its input; rows left blank are dropped, and `rowOf` remembers which row each kept item
 * came from.
 */
import type { FieldIssue } from '../errors.js';
import type { Translate } from '../i18n/i18n.js';
import { isLang, LANGUAGES, type Lang } from '../i18n/languages.js';
import type { SchemaIssue } from '../web/form-errors.js';
import { localizeIssues } from '../web/form-errors.js';
import { descriptionFieldLabel, termText } from './object.components.js';
import type { LanguageMap, ObjectDescription, Term } from './object-record.js';
import type { SensitiveFields } from './object.schemas.js';
import { entryByKey, findTerm, toTerm, typePath, type VocabularyKind } from './vocabulary.js';

export type ObjectFormValues = Record<string, string>;

export const LOCALIZED_FIELDS = ['title', 'subject', 'description', 'distinguishingFeatures'] as const;
export const SENSITIVE_FIELDS = ['storageLocation', 'ownerContact', 'address'] as const;

/** Repeated groups: their sub-fields (empty for a single text per row) and the rows shown at least. */
export const ROW_GROUPS = {
  materials: { fields: [], min: 3 },
  techniques: { fields: [], min: 2 },
  measurements: { fields: ['dimension', 'value', 'unit', 'part'], min: 3 },
  inscriptions: { fields: ['kind', 'text', 'position', 'language'], min: 2 },
  makers: { fields: ['name', 'role'], min: 2 },
  places: { fields: ['name', 'country', 'kind'], min: 2 },
} as const satisfies Record<string, { fields: readonly string[]; min: number }>;
export type RowGroup = keyof typeof ROW_GROUPS;

/** Rows read from a form, whatever was posted: enough for any real object, bounded against abuse. */
const MAX_ROWS = 60;

/** The fields of a row whose content alone does not make the row filled in (selects with a default). */
const DEFAULTED: Partial<Record<RowGroup, readonly string[]>> = {
  measurements: ['dimension', 'unit'],
  inscriptions: ['kind'],
  places: ['kind'],
};

const rowName = (group: RowGroup, row: number, field?: string) => (field ? `${group}.${row}.${field}` : `${group}.${row}`);

/** The rows of a group that hold something, in order. */
function filledRows(values: ObjectFormValues, group: RowGroup): number[] {
  const { fields } = ROW_GROUPS[group];
  const ignore = DEFAULTED[group] ?? [];
  const rows: number[] = [];
  for (let row = 0; row < MAX_ROWS; row++) {
    const names = fields.length === 0 ? [rowName(group, row)] : fields.filter((f) => !ignore.includes(f)).map((f) => rowName(group, row, f));
    if (names.some((name) => (values[name] ?? '').trim() !== '')) rows.push(row);
  }
  return rows;
}

/** How many rows of a group the form shows: every row in use, one spare, and at least the minimum. */
export function rowCount(values: ObjectFormValues, group: RowGroup): number {
  const rows = filledRows(values, group);
  const last = rows.at(-1);
  return Math.max(ROW_GROUPS[group].min, last === undefined ? 0 : last + 2);
}

// ---------------------------------------------------------------------------------------------
// Stored → form.

/** The vocabulary key of a stored term, if it is one. */
function vocabularyKey(kind: VocabularyKind, term: Term): string | undefined {
  if (term.aat) {
    const byAat = findTerm(kind, term.aat);
    if (byAat) return byAat.key;
  }
  for (const text of Object.values(term.label)) {
    const entry = findTerm(kind, text);
    if (entry) return entry.key;
  }
  return undefined;
}

/**
 * The type select and the free text for a stored type: the deepest vocabulary term whose broader
 * terms are all in its path goes in the select, what follows it in the free text ("a › b").
 */
function typeValues(terms: Term[], lang: Lang): { type: string; typeFree: string } {
  for (let i = terms.length - 1; i >= 0; i--) {
    const key = vocabularyKey('objectType', terms[i]!);
    if (!key) continue;
    const path = typePath(key).map((entry) => entry.key);
    const before = terms.slice(0, i).map((term) => vocabularyKey('objectType', term));
    if (before.every((k) => k !== undefined && path.includes(k))) {
      return { type: key, typeFree: terms.slice(i + 1).map((term) => termText(term, lang, 'objectType')).join(' › ') };
    }
  }
  return { type: '', typeFree: terms.map((term) => termText(term, lang, 'objectType')).join(' › ') };
}

const numberText = (value: number | undefined) => (value === undefined ? '' : String(value));

export function valuesOf(d: ObjectDescription, sensitive: SensitiveFields | undefined, lang: Lang): ObjectFormValues {
  const values: ObjectFormValues = { inventoryNumber: d.inventoryNumber ?? '', ...typeValues(d.objectType, lang) };
  for (const field of LOCALIZED_FIELDS) for (const l of LANGUAGES) values[`${field}.${l}`] = d[field][l] ?? '';
  d.materials.forEach((term, row) => (values[rowName('materials', row)] = termText(term, lang, 'material')));
  d.techniques.forEach((term, row) => (values[rowName('techniques', row)] = termText(term, lang, 'technique')));
  d.measurements.forEach((m, row) => {
    values[rowName('measurements', row, 'dimension')] = m.dimension;
    values[rowName('measurements', row, 'value')] = String(m.value);
    values[rowName('measurements', row, 'unit')] = m.unit;
    values[rowName('measurements', row, 'part')] = m.part ?? '';
  });
  d.inscriptions.forEach((inscription, row) => {
    values[rowName('inscriptions', row, 'kind')] = inscription.kind;
    values[rowName('inscriptions', row, 'text')] = inscription.text;
    values[rowName('inscriptions', row, 'position')] = inscription.position ?? '';
    values[rowName('inscriptions', row, 'language')] = inscription.language ?? '';
  });
  d.makers.forEach((maker, row) => {
    values[rowName('makers', row, 'name')] = maker.name;
    values[rowName('makers', row, 'role')] = maker.role ?? '';
  });
  d.places.forEach((place, row) => {
    values[rowName('places', row, 'name')] = place.name;
    values[rowName('places', row, 'country')] = place.country ?? '';
    values[rowName('places', row, 'kind')] = place.kind ?? '';
  });
  values['dating.display'] = d.dating?.display ?? '';
  values['dating.earliest'] = numberText(d.dating?.earliest);
  values['dating.latest'] = numberText(d.dating?.latest);
  values.relatedWrittenMaterial = d.relatedWrittenMaterial.join('\n');
  values.crossReferences = d.crossReferences.join('\n');
  values.dateDocumented = d.dateDocumented ?? '';
  for (const field of SENSITIVE_FIELDS) values[`sensitive.${field}`] = sensitive?.[field] ?? '';
  return values;
}

// ---------------------------------------------------------------------------------------------
// Form → input.

/** The posted fields as single strings (a repeated name keeps its first value; files are ignored). */
export function formValues(posted: Record<string, unknown>): ObjectFormValues {
  const values: ObjectFormValues = {};
  for (const [name, value] of Object.entries(posted)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') values[name] = first.replace(/\r\n?/g, '\n');
  }
  return values;
}

export interface ParsedObjectForm {
  description: Record<string, unknown>;
  sensitive: Record<string, string>;
  /** For each row group, the form row of each item kept (items are numbered without blank rows). */
  rowOf: Record<RowGroup, number[]>;
}

/** A number as typed ("12,5" or "12.5"), or the text itself so that the schema reports it. */
function numberInput(text: string): number | string {
  const normalised = text.trim().replace(/\s/g, '').replace(',', '.');
  const n = Number(normalised);
  return normalised !== '' && Number.isFinite(n) ? n : text.trim();
}

const optional = (text: string | undefined) => {
  const trimmed = (text ?? '').trim();
  return trimmed === '' ? undefined : trimmed;
};

function localized(values: ObjectFormValues, field: string, previous: LanguageMap | undefined): LanguageMap {
  // Languages the form does not show (an imported "de" text) are kept as they were.
  const map: LanguageMap = Object.fromEntries(Object.entries(previous ?? {}).filter(([tag]) => !isLang(tag)));
  for (const lang of LANGUAGES) {
    const text = (values[`${field}.${lang}`] ?? '').trim();
    if (text) map[lang] = text;
  }
  return map;
}

/** The term for typed text: the stored term shown as this text, else the vocabulary's, else free text. */
function termFromText(kind: VocabularyKind, text: string, lang: Lang, previous: readonly Term[]): Term {
  const kept = previous.find((term) => termText(term, lang, kind) === text);
  if (kept) return kept;
  const entry = findTerm(kind, text);
  return entry ? toTerm(entry) : { label: { [lang]: text } };
}

/** The type from the select (its whole path) and the free text ("a › b" adds narrower levels). */
function objectType(values: ObjectFormValues, lang: Lang, previous: readonly Term[]): Term[] {
  let keys = values.type ? typePath(values.type).map((entry) => entry.key) : [];
  const free: Term[] = [];
  for (const part of (values.typeFree ?? '').split(/\s*[›>]\s*/).map((text) => text.trim()).filter(Boolean)) {
    const entry = free.length === 0 ? findTerm('objectType', part) : undefined;
    const path = entry ? typePath(entry.key).map((e) => e.key) : [];
    // Typed text naming a narrower vocabulary type extends the path ("jarre" under ceramics).
    if (entry && keys.every((key, index) => path[index] === key) && path.length > keys.length) keys = path;
    else free.push(termFromText('objectType', part, lang, previous));
  }
  // A stored term for the same vocabulary type is kept as it was (an edit changes only what was changed).
  const stored = new Map(previous.map((term) => [vocabularyKey('objectType', term), term]));
  const vocabulary = keys.map((key) => stored.get(key) ?? (entryByKey('objectType', key) && toTerm(entryByKey('objectType', key)!))).filter((term) => term !== undefined);
  return [...vocabulary, ...free];
}

function lines(text: string | undefined): string[] {
  return (text ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/**
 * The description and sensitive fields the form describes, ready for the schemas. `previous` is
 * the stored description when editing: its terms and other-language texts survive the round trip.
 */
export function parseObjectForm(values: ObjectFormValues, lang: Lang, previous?: ObjectDescription): ParsedObjectForm {
  const rowOf = Object.fromEntries((Object.keys(ROW_GROUPS) as RowGroup[]).map((group) => [group, filledRows(values, group)])) as Record<RowGroup, number[]>;
  const v = (name: string) => values[name] ?? '';
  const displayed = v('dating.display').trim();
  const earliest = v('dating.earliest').trim();
  const latest = v('dating.latest').trim();
  const description: Record<string, unknown> = {
    // Left blank: the object has none (yet).
    inventoryNumber: v('inventoryNumber').trim() || undefined,
    objectType: objectType(values, lang, previous?.objectType ?? []),
    title: localized(values, 'title', previous?.title),
    subject: localized(values, 'subject', previous?.subject),
    description: localized(values, 'description', previous?.description),
    distinguishingFeatures: localized(values, 'distinguishingFeatures', previous?.distinguishingFeatures),
    materials: rowOf.materials.map((row) => termFromText('material', v(rowName('materials', row)).trim(), lang, previous?.materials ?? [])),
    techniques: rowOf.techniques.map((row) => termFromText('technique', v(rowName('techniques', row)).trim(), lang, previous?.techniques ?? [])),
    measurements: rowOf.measurements.map((row) => ({
      dimension: v(rowName('measurements', row, 'dimension')),
      value: numberInput(v(rowName('measurements', row, 'value'))),
      unit: v(rowName('measurements', row, 'unit')),
      part: optional(v(rowName('measurements', row, 'part'))),
    })),
    inscriptions: rowOf.inscriptions.map((row) => ({
      kind: v(rowName('inscriptions', row, 'kind')),
      text: v(rowName('inscriptions', row, 'text')).trim(),
      position: optional(v(rowName('inscriptions', row, 'position'))),
      language: optional(v(rowName('inscriptions', row, 'language'))),
    })),
    dating:
      displayed || earliest || latest
        ? { display: displayed, earliest: earliest ? numberInput(earliest) : undefined, latest: latest ? numberInput(latest) : undefined }
        : null,
    makers: rowOf.makers.map((row) => ({ name: v(rowName('makers', row, 'name')).trim(), role: optional(v(rowName('makers', row, 'role'))) })),
    places: rowOf.places.map((row) => ({
      name: v(rowName('places', row, 'name')).trim(),
      country: optional(v(rowName('places', row, 'country')).toUpperCase()),
      kind: optional(v(rowName('places', row, 'kind'))),
    })),
    relatedWrittenMaterial: lines(v('relatedWrittenMaterial')),
    crossReferences: lines(v('crossReferences')),
    dateDocumented: optional(v('dateDocumented')) ?? null,
  };
  const sensitive: Record<string, string> = {};
  for (const field of SENSITIVE_FIELDS) {
    const text = optional(v(`sensitive.${field}`));
    if (text !== undefined) sensitive[field] = text;
  }
  return { description, sensitive, rowOf };
}

// ---------------------------------------------------------------------------------------------
// Schema issues → form fields.

/**
 * The input an issue is about: `description.measurements.1.value` → `measurements.{row}.value`,
 * `description.objectType.…` → `type`, `description.relatedWrittenMaterial.3` → the textarea.
 */
export function formFieldOf(path: ReadonlyArray<PropertyKey>, rowOf: Record<RowGroup, number[]>): string {
  const parts = path.map(String);
  if (parts[0] === 'description') parts.shift();
  const [head = '', index, ...rest] = parts;
  if (head === 'objectType') return 'type';
  if (head === 'relatedWrittenMaterial' || head === 'crossReferences') return head;
  if (Object.hasOwn(ROW_GROUPS, head) && index !== undefined) {
    const row = rowOf[head as RowGroup][Number(index)] ?? Number(index);
    // A term's issue is about its label: the row's only input.
    if (head === 'materials' || head === 'techniques') return rowName(head, row);
    return rowName(head as RowGroup, row, rest[0]);
  }
  if (head === 'dating' && index === undefined) return 'dating.display';
  return [head, index, ...rest].filter((part) => part !== undefined).join('.');
}

/** Schema issues as messages in the page's language, each keyed by the input it is about. */
export function formIssues(issues: readonly SchemaIssue[], rowOf: Record<RowGroup, number[]>, t: Translate): FieldIssue[] {
  const messages = localizeIssues(issues, t);
  return issues.map((issue, index) => {
    const field = formFieldOf(issue.path, rowOf);
    // The schema's own rules across fields, said plainly.
    if (issue.code === 'custom' && field === 'dating.latest') return { field, message: t('objectForm.error.datingOrder') };
    if (issue.code === 'custom' && field.startsWith('measurements.') && field.endsWith('.unit')) return { field, message: t('objectForm.error.unit') };
    return { field, message: messages[index]?.message ?? '' };
  });
}

/** A field's name as the error summary shows it: "Title (Español)", "Measurement 2 · Value". */
export function formFieldLabel(field: string, t: Translate): string {
  const [head = '', second, third] = field.split('.');
  const row = Number(second);
  const groupLabel = (key: Parameters<Translate>[0]) => t(key, { n: row + 1 });
  switch (head) {
    case 'type':
    case 'typeFree':
      return t('objectId.objectType');
    case 'organisation':
      return t('objectForm.organisation');
    case 'reason':
      return t('objectForm.reason');
    case 'materials':
      return groupLabel('objectForm.material.n');
    case 'techniques':
      return groupLabel('objectForm.technique.n');
    case 'measurements':
      return `${groupLabel('objectForm.measurement.n')} · ${third === 'unit' ? t('objectForm.measurement.unit') : third === 'dimension' ? t('objectForm.measurement.dimension') : third === 'part' ? t('objectForm.measurement.part') : t('objectForm.measurement.value')}`;
    case 'inscriptions':
      return `${groupLabel('objectForm.inscription.n')} · ${third === 'kind' ? t('objectForm.inscription.kind') : third === 'position' ? t('objectForm.inscription.position') : third === 'language' ? t('objectForm.inscription.language') : t('objectForm.inscription.text')}`;
    case 'makers':
      return `${groupLabel('objectForm.maker.n')} · ${third === 'role' ? t('objectForm.maker.role') : t('objectForm.maker.name')}`;
    case 'places':
      return `${groupLabel('objectForm.place.n')} · ${third === 'country' ? t('objectForm.place.country') : third === 'kind' ? t('objectForm.place.kind') : t('objectForm.place.name')}`;
    case 'dating':
      return second === 'earliest' ? t('objectForm.dating.earliest') : second === 'latest' ? t('objectForm.dating.latest') : t('objectForm.dating.display');
    case 'sensitive':
      return second === 'storageLocation' || second === 'ownerContact' || second === 'address' ? t(`object.sensitive.${second}`) : t('object.sensitive');
    default: {
      const label = descriptionFieldLabel(head, t);
      return second && isLang(second) ? `${label} (${t(`language.${second}`)})` : label;
    }
  }
}

/** Top-level fields whose value differs between two descriptions (for the concurrent-edit notice). */
export function differingFields(mine: Record<string, unknown>, saved: ObjectDescription, mySensitive: Record<string, string>, savedSensitive: SensitiveFields | undefined): string[] {
  const fields = Object.keys(mine).filter((key) => JSON.stringify(normalise(mine[key])) !== JSON.stringify(normalise((saved as unknown as Record<string, unknown>)[key])));
  if (JSON.stringify(normalise(mySensitive)) !== JSON.stringify(normalise(savedSensitive ?? {}))) fields.push('sensitive');
  return fields;
}

/** Drops undefined members and sorts keys, so that equal values compare equal as JSON. */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, normalise(v)]),
    );
  }
  return value;
}
