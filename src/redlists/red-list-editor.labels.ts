/**
 * How the editor names its fields to people: a language's column, a field (in the error summary,
 * the publish check and the list of fields a stale save would overwrite), a repeated row.
 */
import type { MessageKey } from '../i18n/i18n.js';
import { isLang } from '../i18n/languages.js';
import { fieldId } from '../registry/object.components.js';
import type { PageContext } from '../web/page-context.js';
import { CATEGORY_TEXTS, ROWS, type RowGroup } from './red-list-editor.form.js';
import { languageName } from './red-list.components.js';

/** A language's name in the page's language ("arabe" for ar on French pages), with its code for those Egide does not speak. */
export function columnName(code: string, page: PageContext): string {
  if (isLang(code)) return page.t(`language.${code}`);
  const name = languageName(code, page.lang);
  return name === code ? code : `${name} (${code})`;
}

/** Labels of the fields by their name without row numbers and languages (`laws.title`). */
const LABELS: Record<string, MessageKey> = {
  slug: 'redlistEditor.field.slug',
  title: 'redlistEditor.field.title',
  'region.name': 'redlistEditor.field.regionName',
  'region.countries': 'redlistEditor.field.countries',
  languages: 'redlistEditor.field.languages',
  'edition.year': 'redlistEditor.field.year',
  'edition.label': 'redlistEditor.field.editionLabel',
  introduction: 'redlistEditor.field.introduction',
  disclaimer: 'redlistEditor.field.disclaimer',
  'category.id': 'redlistEditor.field.id',
  'category.name': 'redlistEditor.field.name',
  id: 'redlistEditor.field.id',
  parent: 'redlistEditor.field.parent',
  name: 'redlistEditor.field.name',
  regionOrCulture: 'redlistEditor.field.regionOrCulture',
  description: 'redlistEditor.field.description',
  features: 'redlistEditor.field.features',
  period: 'redlistEditor.field.period',
  'period.from': 'redlistEditor.field.periodFrom',
  'period.to': 'redlistEditor.field.periodTo',
  'period.label': 'redlistEditor.field.periodLabel',
  objectTypes: 'redlistEditor.field.objectTypes',
  materials: 'redlistEditor.field.materials',
  euAnnex: 'redlistEditor.field.euAnnex',
  'aat.id': 'redlistEditor.field.aatId',
  'aat.label': 'redlistEditor.field.aatLabel',
  'examples.image': 'redlistEditor.field.photo',
  'examples.photo': 'redlistEditor.field.photo',
  'examples.credit': 'redlistEditor.field.credit',
  'examples.licence': 'redlistEditor.field.licence',
  'examples.institution': 'redlistEditor.field.institution',
  'examples.inventoryNumber': 'redlistEditor.field.inventoryNumber',
  'examples.description': 'redlistEditor.field.exampleDescription',
  'conventions.convention': 'redlistEditor.field.convention',
  'conventions.ratified': 'redlistEditor.field.ratified',
  'laws.reference': 'redlistEditor.field.reference',
  'laws.year': 'redlistEditor.field.lawYear',
  'laws.title': 'redlistEditor.field.lawTitle',
  'laws.summary': 'redlistEditor.field.summary',
  'exportRules.rule': 'redlistEditor.field.rule',
  'exportRules.minimumAgeYears': 'redlistEditor.field.minimumAge',
  'exportRules.categories': 'redlistEditor.field.ruleCategories',
  'exportRules.law': 'redlistEditor.field.law',
  'contacts.kind': 'redlistEditor.field.kind',
  'contacts.name': 'redlistEditor.field.contactName',
  'contacts.organisation': 'redlistEditor.field.organisation',
  'contacts.email': 'redlistEditor.field.email',
  'contacts.phone': 'redlistEditor.field.phone',
  'contacts.address': 'redlistEditor.field.address',
  country: 'redlistEditor.field.country',
  note: 'redlistEditor.field.note',
  url: 'redlistEditor.field.url',
  delete: 'redlistEditor.category.delete',
};

/** The label of a field of a repeated row: the group's own (`laws.title`), or the one fields of that name share (`country`). */
export function rowFieldLabel(group: RowGroup, field: string): MessageKey {
  const key = LABELS[`${group}.${field}`] ?? LABELS[field];
  if (key === undefined) throw new Error(`The editor has no label for ${group}.${field}.`);
  return key;
}

/** A repeated row's legend ("Law 2"). */
export const ROW_LABELS: Record<RowGroup, MessageKey> = {
  conventions: 'redlistEditor.convention.n',
  laws: 'redlistEditor.law.n',
  exportRules: 'redlistEditor.exportRule.n',
  contacts: 'redlistEditor.contact.n',
  aat: 'redlistEditor.aat.n',
  examples: 'redlistEditor.example.n',
};

/** Fields typed as one input holding a list (`ML NE`, `bowl, jar`): an issue about an item is the input's. */
const LIST_INPUT = /^(.*(?:countries|languages|categories|objectTypes|materials))\.\d+$/;

/** Where the error summary leads for an issue: the input (the one holding a list, for an item of it), or the message above a text's inputs. */
export function summaryAnchor(field: string): string {
  return fieldId(field.replace(LIST_INPUT, '$1'));
}

/** The fields typed once per language (`title.fr`, `laws.title.ar` without its row number). */
const TEXT_FIELDS: ReadonlySet<string> = new Set([
  'title',
  'region.name',
  'edition.label',
  'introduction',
  'disclaimer',
  'category.name',
  ...CATEGORY_TEXTS,
  ...Object.entries(ROWS).flatMap(([group, spec]) => spec.texts.map((text) => `${group}.${text}`)),
]);

/**
 * A field name read apart: its row (`laws.2` → Law 3), the field, and the language of a text's
 * input. The language is told by the field being a text, not by the code's look: `aat.0.id` is an
 * AAT identifier, `name.id` the name in Indonesian.
 */
function parseField(field: string): { group: RowGroup | undefined; row: number; key: string; language: string | undefined } {
  const parts = field.replace(LIST_INPUT, '$1').split('.');
  const group = parts.length > 1 && /^\d+$/.test(parts[1]!) && parts[0]! in ROW_LABELS ? (parts[0] as RowGroup) : undefined;
  const rest = group === undefined ? parts : [group, ...parts.slice(2)];
  const language = rest.length > 1 && TEXT_FIELDS.has(rest.slice(0, -1).join('.')) ? rest.at(-1) : undefined;
  return { group, row: Number(parts[1]), key: (language === undefined ? rest : rest.slice(0, -1)).join('.'), language };
}

/** The language a field's value is written in, when the field is one language's input of a text. */
export function fieldLanguage(field: string): string | undefined {
  return parseField(field).language;
}

/** A form field's name as the editor reads it: "Law 2 › Title (Español)". */
export function fieldLabel(field: string, page: PageContext): string {
  const { t } = page;
  const { group, row, key, language } = parseField(field);
  const label = LABELS[key] ?? LABELS[key.split('.').at(-1)!];
  const prefix = group === undefined ? '' : `${t(ROW_LABELS[group], { n: row + 1 })} › `;
  return `${prefix}${label ? t(label) : field}${language === undefined ? '' : ` (${columnName(language, page)})`}`;
}
