/**
 * The Red List editor's forms, and the two ways across: the draft document → form values (to edit),
 * form values + the draft → the document input the schema validates (to save). Inputs are named
 * after the document's paths within their section (`title.fr`, `laws.2.reference`,
 * `examples.0.credit`), texts by language (`name.ar`); repeated rows are numbered as the form shows
 * them, blank and removed rows are dropped, and `rowOf` remembers which form row each kept item came
 * from, so that a refusal at `legal.laws[1].title` is shown at the row the editor typed it in.
 */
import type { FieldIssue } from '../errors.js';
import { LANGUAGES } from '../i18n/languages.js';
import type { Category, Example, RedListDocument, Texts } from './red-list-document.js';
import { yearWithEra } from './red-list-text.js';

export type EditorValues = Record<string, string>;

/** The languages a list's texts are edited in: fr, en and es side by side, then the list's others. */
export function editorColumns(languages: readonly string[]): string[] {
  return [...LANGUAGES, ...languages.filter((lang) => !(LANGUAGES as readonly string[]).includes(lang))];
}

/** The posted fields as single strings (a repeated name keeps its first value; files are left to the handler). */
export function postedValues(posted: Record<string, unknown>): EditorValues {
  const values: EditorValues = {};
  for (const [name, value] of Object.entries(posted)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') values[name] = first.replace(/\r\n?/g, '\n');
  }
  return values;
}

/** A field whose value now stored differs from the one a refused save would have written. */
export interface ChangedField {
  field: string;
  stored: string;
}

/**
 * The fields of a section where what a save would write differs from what is stored, both given as
 * the form shows them (so that spacing or list separators as typed count for nothing); in form order.
 */
export function changedFields(written: EditorValues, stored: EditorValues): ChangedField[] {
  const fields = new Set([...Object.keys(written), ...Object.keys(stored)]);
  return [...fields].filter((field) => (written[field] ?? '') !== (stored[field] ?? '')).map((field) => ({ field, stored: stored[field] ?? '' }));
}

const optional = (text: string | undefined) => {
  const trimmed = (text ?? '').trim();
  return trimmed === '' ? undefined : trimmed;
};

/** A whole number as typed, or the text itself so that the schema names the field ('' → absent). */
function numberInput(text: string | undefined): number | string | undefined {
  const trimmed = optional(text);
  if (trimmed === undefined) return undefined;
  const n = Number(trimmed.replace(/\s/g, ''));
  return Number.isFinite(n) ? n : trimmed;
}

const numberText = (value: number | null | undefined) => (value === undefined || value === null ? '' : String(value));

/** Keywords or codes typed in one field, separated by commas, semicolons or new lines. */
export function listInput(text: string | undefined, separator = /[,;\n]/): string[] {
  return (text ?? '')
    .split(separator)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** Texts from `name.{lang}` inputs; languages the form did not show are kept from `previous`. */
export function textsInput(values: EditorValues, name: string, columns: readonly string[], previous?: Texts): Record<string, string> {
  const texts: Record<string, string> = Object.fromEntries(Object.entries(previous ?? {}).filter(([lang]) => !columns.includes(lang)));
  for (const lang of columns) {
    const text = optional(values[`${name}.${lang}`]);
    if (text !== undefined) texts[lang] = text;
  }
  return texts;
}

/** Optional texts: absent when none is typed. */
function optionalTexts(values: EditorValues, name: string, columns: readonly string[], previous?: Texts): Record<string, string> | undefined {
  const texts = textsInput(values, name, columns, previous);
  return Object.keys(texts).length > 0 ? texts : undefined;
}

function putTexts(values: EditorValues, name: string, texts: Texts | undefined): void {
  for (const [lang, text] of Object.entries(texts ?? {})) values[`${name}.${lang}`] = text;
}

// ---------------------------------------------------------------------------------------------
// Repeated rows.

/** A repeated group: its single-value fields, its texts (one input per language) and the fields a select fills in by itself. */
export interface RowSpec {
  fields: readonly string[];
  texts: readonly string[];
  defaulted: readonly string[];
}

export const ROWS = {
  conventions: { fields: ['convention', 'country', 'ratified'], texts: ['note'], defaulted: ['convention'] },
  laws: { fields: ['country', 'reference', 'year', 'url'], texts: ['title', 'summary'], defaulted: [] },
  exportRules: { fields: ['country', 'rule', 'minimumAgeYears', 'categories', 'law'], texts: ['note'], defaulted: ['rule'] },
  contacts: { fields: ['country', 'kind', 'name', 'organisation', 'email', 'phone', 'url', 'address'], texts: ['note'], defaulted: ['kind'] },
  aat: { fields: ['id', 'label'], texts: [], defaulted: [] },
  examples: { fields: ['image', 'credit', 'licence', 'institution', 'inventoryNumber'], texts: ['description'], defaulted: [] },
} as const satisfies Record<string, RowSpec>;
export type RowGroup = keyof typeof ROWS;

/** Every form row of `group` that holds something and is not marked to be removed, in order. */
export function keptRows(values: EditorValues, group: RowGroup, columns: readonly string[], extraFilled: (row: number) => boolean = () => false): number[] {
  const spec: RowSpec = ROWS[group];
  const rows = new Set<number>();
  const pattern = new RegExp(`^${group}\\.(\\d+)\\.`);
  for (const name of Object.keys(values)) {
    const match = pattern.exec(name);
    if (match) rows.add(Number(match[1]));
  }
  const filled = (row: number) =>
    extraFilled(row) ||
    spec.fields.some((field) => !spec.defaulted.includes(field) && optional(values[`${group}.${row}.${field}`]) !== undefined) ||
    spec.texts.some((text) => columns.some((lang) => optional(values[`${group}.${row}.${text}.${lang}`]) !== undefined));
  return [...rows].sort((a, b) => a - b).filter((row) => values[`${group}.${row}.remove`] === undefined && filled(row));
}

/** How many rows a group shows: the rows posted or stored, plus one blank row to add another. */
export function rowCount(values: EditorValues, group: RowGroup): number {
  const pattern = new RegExp(`^${group}\\.(\\d+)\\.`);
  let last = -1;
  for (const name of Object.keys(values)) {
    const match = pattern.exec(name);
    if (match) last = Math.max(last, Number(match[1]));
  }
  const lastIsBlank = last >= 0 && Object.entries(values).every(([name, value]) => !name.startsWith(`${group}.${last}.`) || value.trim() === '' || ROWS[group].defaulted.some((field) => name === `${group}.${last}.${field}`));
  return lastIsBlank ? last + 1 : last + 2;
}

/** Maps each kept item's index to its form row. */
export type RowMap = Partial<Record<RowGroup, number[]>>;

/**
 * An issue at a document path (`legal.laws.1.title`, JSON paths `legal.laws[1].title` too) as the
 * form's field name (`laws.3.title`): `prefix` is the section's place in the document, and `groups`
 * says which document arrays are form rows.
 */
export function formField(path: string, prefix: string, groups: Partial<Record<string, RowGroup>>, rowOf: RowMap): string {
  let field = path.replace(/\[(\d+)\]/g, '.$1');
  if (prefix && field.startsWith(`${prefix}.`)) field = field.slice(prefix.length + 1);
  for (const [at, group] of Object.entries(groups)) {
    const match = new RegExp(`^${at.replace(/\./g, '\\.')}\\.(\\d+)(\\..*)?$`).exec(field);
    if (match && group) return `${group}.${rowOf[group]?.[Number(match[1])] ?? Number(match[1])}${match[2] ?? ''}`;
  }
  return field;
}

export function formIssues(issues: readonly FieldIssue[], prefix: string, groups: Partial<Record<string, RowGroup>>, rowOf: RowMap): FieldIssue[] {
  return issues.map((issue) => ({ field: formField(issue.field, prefix, groups, rowOf), message: issue.message }));
}

// ---------------------------------------------------------------------------------------------
// New list.

/** The first draft of a list from the "new list" form. */
export function newListInput(values: EditorValues, disclaimer: Texts, format: string): unknown {
  const columns = editorColumns(listInput(values.languages, /[\s,;]+/));
  const languages = listInput(values.languages, /[\s,;]+/);
  const year = numberInput(values['edition.year']);
  return {
    format,
    slug: (values.slug ?? '').trim(),
    edition: { number: 1, year },
    title: textsInput(values, 'title', columns),
    region: { name: textsInput(values, 'region.name', columns), countries: listInput(values['region.countries'], /[\s,;]+/).map((code) => code.toUpperCase()) },
    languages,
    introduction: textsInput(values, 'introduction', columns),
    // Every list says that its examples are not stolen objects: the network's wording, in the list's languages that Egide speaks.
    disclaimer: Object.fromEntries(Object.entries(disclaimer).filter(([lang]) => languages.includes(lang))),
    legal: { conventions: [], laws: [], exportRules: [] },
    contacts: [],
    categories: [{ id: (values['category.id'] ?? '').trim(), name: textsInput(values, 'category.name', columns) }],
  };
}

// ---------------------------------------------------------------------------------------------
// General section.

export function generalValues(document: RedListDocument): EditorValues {
  const values: EditorValues = {
    languages: document.languages.join(' '),
    'region.countries': document.region.countries.join(' '),
    'edition.year': String(document.edition.year),
    demonstration: document.demonstration ? 'on' : '',
  };
  putTexts(values, 'title', document.title);
  putTexts(values, 'region.name', document.region.name);
  putTexts(values, 'edition.label', document.edition.label);
  putTexts(values, 'introduction', document.introduction);
  putTexts(values, 'disclaimer', document.disclaimer);
  return values;
}

export function withGeneral(document: RedListDocument, values: EditorValues): unknown {
  const languages = listInput(values.languages, /[\s,;]+/);
  const columns = editorColumns([...document.languages, ...languages]);
  return {
    ...document,
    demonstration: values.demonstration !== undefined && values.demonstration !== '',
    edition: { number: document.edition.number, year: numberInput(values['edition.year']), label: optionalTexts(values, 'edition.label', columns, document.edition.label) },
    title: textsInput(values, 'title', columns, document.title),
    region: { name: textsInput(values, 'region.name', columns, document.region.name), countries: listInput(values['region.countries'], /[\s,;]+/).map((code) => code.toUpperCase()) },
    languages,
    introduction: textsInput(values, 'introduction', columns, document.introduction),
    disclaimer: textsInput(values, 'disclaimer', columns, document.disclaimer),
  };
}

// ---------------------------------------------------------------------------------------------
// Legal section and contacts.

const row = (group: RowGroup, index: number, field: string) => `${group}.${index}.${field}`;

export function legalValues(document: RedListDocument): EditorValues {
  const values: EditorValues = {};
  document.legal.conventions.forEach((convention, i) => {
    values[row('conventions', i, 'convention')] = convention.convention;
    values[row('conventions', i, 'country')] = convention.country;
    values[row('conventions', i, 'ratified')] = numberText(convention.ratified);
    putTexts(values, row('conventions', i, 'note'), convention.note);
  });
  document.legal.laws.forEach((law, i) => {
    values[row('laws', i, 'country')] = law.country;
    values[row('laws', i, 'reference')] = law.reference;
    values[row('laws', i, 'year')] = numberText(law.year);
    values[row('laws', i, 'url')] = law.url ?? '';
    putTexts(values, row('laws', i, 'title'), law.title);
    putTexts(values, row('laws', i, 'summary'), law.summary);
  });
  document.legal.exportRules.forEach((rule, i) => {
    values[row('exportRules', i, 'country')] = rule.country;
    values[row('exportRules', i, 'rule')] = rule.rule;
    values[row('exportRules', i, 'minimumAgeYears')] = numberText(rule.minimumAgeYears);
    values[row('exportRules', i, 'categories')] = (rule.categories ?? []).join(', ');
    values[row('exportRules', i, 'law')] = rule.law ?? '';
    putTexts(values, row('exportRules', i, 'note'), rule.note);
  });
  document.contacts.forEach((contact, i) => {
    for (const field of ROWS.contacts.fields) values[row('contacts', i, field)] = contact[field] ?? '';
    putTexts(values, row('contacts', i, 'note'), contact.note);
  });
  return values;
}

export const LEGAL_GROUPS = { 'legal.conventions': 'conventions', 'legal.laws': 'laws', 'legal.exportRules': 'exportRules', contacts: 'contacts' } as const;

export function withLegal(document: RedListDocument, values: EditorValues): { input: unknown; rowOf: RowMap } {
  const columns = editorColumns(document.languages);
  const text = (group: RowGroup, r: number, field: string) => optional(values[row(group, r, field)]);
  const rowOf: RowMap = {
    conventions: keptRows(values, 'conventions', columns),
    laws: keptRows(values, 'laws', columns),
    exportRules: keptRows(values, 'exportRules', columns),
    contacts: keptRows(values, 'contacts', columns),
  };
  const ratified = (r: number) => {
    const typed = numberInput(values[row('conventions', r, 'ratified')]);
    return typed === undefined ? null : typed;
  };
  return {
    rowOf,
    input: {
      ...document,
      legal: {
        conventions: rowOf.conventions!.map((r) => ({ convention: text('conventions', r, 'convention'), country: text('conventions', r, 'country'), ratified: ratified(r), note: optionalTexts(values, row('conventions', r, 'note'), columns) })),
        laws: rowOf.laws!.map((r) => ({
          country: text('laws', r, 'country'),
          title: textsInput(values, row('laws', r, 'title'), columns),
          reference: text('laws', r, 'reference'),
          year: numberInput(values[row('laws', r, 'year')]),
          url: text('laws', r, 'url'),
          summary: optionalTexts(values, row('laws', r, 'summary'), columns),
        })),
        exportRules: rowOf.exportRules!.map((r) => {
          const categories = listInput(values[row('exportRules', r, 'categories')], /[\s,;]+/);
          return {
            country: text('exportRules', r, 'country'),
            rule: text('exportRules', r, 'rule'),
            minimumAgeYears: numberInput(values[row('exportRules', r, 'minimumAgeYears')]),
            categories: categories.length > 0 ? categories : undefined,
            law: text('exportRules', r, 'law'),
            note: optionalTexts(values, row('exportRules', r, 'note'), columns),
          };
        }),
      },
      contacts: rowOf.contacts!.map((r) => ({
        ...Object.fromEntries(ROWS.contacts.fields.map((field) => [field, text('contacts', r, field)])),
        note: optionalTexts(values, row('contacts', r, 'note'), columns),
      })),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// A category.

export const CATEGORY_TEXTS = ['name', 'regionOrCulture', 'description', 'features', 'period.label'] as const;

/** A year as the form shows it: its number without sign, and its era. */
function eraValues(values: EditorValues, name: string, year: number | undefined): void {
  values[name] = year === undefined ? '' : String(Math.abs(year));
  values[`${name}Era`] = year !== undefined && year < 0 ? 'bce' : 'ce';
}

function eraInput(values: EditorValues, name: string): number | string | undefined {
  return yearWithEra(numberInput(values[name]), values[`${name}Era`]);
}

export function categoryValues(category: Category): EditorValues {
  const values: EditorValues = {
    id: category.id,
    parent: category.parent ?? '',
    objectTypes: category.objectTypes.join(', '),
    materials: category.materials.join(', '),
    euAnnex: category.euAnnex ?? '',
  };
  putTexts(values, 'name', category.name);
  putTexts(values, 'regionOrCulture', category.regionOrCulture);
  putTexts(values, 'description', category.description);
  putTexts(values, 'features', category.features);
  putTexts(values, 'period.label', category.period?.label);
  eraValues(values, 'period.from', category.period?.from);
  eraValues(values, 'period.to', category.period?.to);
  category.aat.forEach((concept, i) => {
    values[row('aat', i, 'id')] = concept.id;
    values[row('aat', i, 'label')] = concept.label;
  });
  category.examples.forEach((example, i) => {
    for (const field of ROWS.examples.fields) values[row('examples', i, field)] = example[field] ?? '';
    putTexts(values, row('examples', i, 'description'), example.description);
  });
  return values;
}

export const CATEGORY_GROUPS = { aat: 'aat', examples: 'examples' } as const;

/**
 * The document with the category at `index` (or a new one, at the end) replaced by the form's;
 * `uploaded` names the image each example row received now. Subcategories follow a renamed category.
 */
export function withCategory(document: RedListDocument, index: number | null, values: EditorValues, uploaded: ReadonlyMap<number, string>): { input: unknown; rowOf: RowMap } {
  const columns = editorColumns(document.languages);
  const previous = index === null ? undefined : document.categories[index];
  const rowOf: RowMap = { aat: keptRows(values, 'aat', columns), examples: keptRows(values, 'examples', columns, (r) => uploaded.has(r)) };
  const from = eraInput(values, 'period.from');
  const to = eraInput(values, 'period.to');
  const periodLabel = optionalTexts(values, 'period.label', columns, previous?.period?.label);
  const annex = optional(values.euAnnex);
  const parent = optional(values.parent);
  const category = {
    id: (values.id ?? '').trim(),
    parent,
    name: textsInput(values, 'name', columns, previous?.name),
    period: from === undefined && to === undefined && periodLabel === undefined ? undefined : { from, to, label: periodLabel },
    regionOrCulture: optionalTexts(values, 'regionOrCulture', columns, previous?.regionOrCulture),
    description: optionalTexts(values, 'description', columns, previous?.description),
    features: optionalTexts(values, 'features', columns, previous?.features),
    objectTypes: listInput(values.objectTypes).map((word) => word.toLowerCase()),
    materials: listInput(values.materials).map((word) => word.toLowerCase()),
    aat: rowOf.aat!.map((r) => ({ id: optional(values[row('aat', r, 'id')]), label: optional(values[row('aat', r, 'label')]) })),
    euAnnex: annex,
    examples: rowOf.examples!.map((r): Record<keyof Example, unknown> => ({
      image: uploaded.get(r) ?? optional(values[row('examples', r, 'image')]),
      credit: optional(values[row('examples', r, 'credit')]),
      licence: optional(values[row('examples', r, 'licence')]),
      institution: optional(values[row('examples', r, 'institution')]),
      inventoryNumber: optional(values[row('examples', r, 'inventoryNumber')]),
      description: optionalTexts(values, row('examples', r, 'description'), columns),
    })),
  };
  const categories: unknown[] = [...document.categories];
  const at = index ?? categories.length;
  categories[at] = category;
  const renamed = previous && previous.id !== category.id ? previous.id : undefined;
  return {
    rowOf,
    input: {
      ...document,
      categories: renamed ? categories.map((other, i) => (i !== at && (other as Category).parent === renamed ? { ...(other as Category), parent: category.id } : other)) : categories,
    },
  };
}

/** The document without the category at `index`; its subcategories move up to its parent. */
export function withoutCategory(document: RedListDocument, index: number): RedListDocument {
  const removed = document.categories[index]!;
  return {
    ...document,
    categories: document.categories
      .filter((_, i) => i !== index)
      .map((category) => (category.parent === removed.id ? { ...category, parent: removed.parent } : category))
      .map((category) => (category.parent === undefined ? withoutKey(category, 'parent') : category)),
  };
}

function withoutKey<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  const { [key]: _dropped, ...rest } = value;
  return rest;
}

/** The categories as a tree, depth first: each with its depth, for lists and the parent select. */
export function categoryTree(categories: readonly Category[]): Array<{ category: Category; index: number; depth: number }> {
  const ids = new Set(categories.map((category) => category.id));
  const out: Array<{ category: Category; index: number; depth: number }> = [];
  const seen = new Set<number>();
  const visit = (parent: string | undefined, depth: number) => {
    categories.forEach((category, index) => {
      const rootLike = parent === undefined && (category.parent === undefined || !ids.has(category.parent));
      if (seen.has(index) || !(rootLike || (parent !== undefined && category.parent === parent))) return;
      seen.add(index);
      out.push({ category, index, depth });
      visit(category.id, depth + 1);
    });
  };
  visit(undefined, 0);
  // Categories on a cycle of parents have no root: listed at the end, so that they can be fixed.
  categories.forEach((category, index) => !seen.has(index) && out.push({ category, index, depth: 0 }));
  return out;
}

/** The name of an image uploaded for a category: the category and the photo's digest, with the file's extension. */
export function uploadedImageName(categoryId: string, digest: string, fileName: string): string {
  const extension = /\.([A-Za-z0-9]{1,5})$/.exec(fileName)?.[1]?.toLowerCase() ?? 'jpg';
  return `${categoryId || 'example'}-${digest.slice(0, 16)}.${extension}`;
}
