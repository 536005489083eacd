/**
 * A mapping file (mapping-file.ts) compiled into the mapper of an import: each field of the
 * mapping fills its Object ID field of the description. Fields holding one value (inventory
 * number, object type, each language of a text, date, date documented) take the first value their
 * rules give; list fields (materials, makers, measurements…) take them all, without repeats.
 * Values are read as the CSV import reads its cells: object types broad to narrow with ">",
 * vocabulary terms in any of the three languages, measurements as museums write them, dates as
 * "c. 1650" or "1650-1660" unless the years have their own paths. Fields the mapping leaves out
 * are kept as they are when an import updates an object.
 */
import { parseMeasurements } from '../../registry/measurements.js';
import { emptyDescription, LENGTH_UNITS, WEIGHT_UNITS, type Dating, type LanguageMap, type MeasurementUnit, type ObjectDescription, type Term } from '../../registry/object-record.js';
import { dating, objectType, term } from './csv-mapper.js';
import { type MappedRecord, type RecordWarning, type WarningSink } from './import-pipeline.js';
import { FIELD_NAMES, mappingInvalid, type FieldName, type Mapping, type RulesInput } from './mapping-file.js';
import { mediumReader } from './mapping-medium.js';
import type { PathCompiler, PathReader } from './mapping-path.js';
import { allValues, compilePath, compileRules, firstValue, type CompiledRules, type RuleContext } from './mapping-rules.js';

export interface MappingOptions {
  /** How paths read records: JSON paths, or the columns of a CSV file. */
  path: PathCompiler;
  /** Whether records have items that `each` can go through (JSON: yes; CSV rows: no). */
  items: boolean;
  /** Language of texts when neither the rule nor the mapping gives one. */
  lang: string;
  /** The mapping file, for messages. */
  name: string;
}

export interface CompiledMapping {
  map(record: unknown): MappedRecord;
  /** Description fields the mapping does not fill: an update keeps their stored values. */
  keep: Array<keyof ObjectDescription>;
}

type Description = Omit<ObjectDescription, 'inventoryNumber'> & { inventoryNumber: string | undefined };
/** Fills its part of the description from a record. */
type Fill = (record: unknown, out: Description, terms: TermLists, warn: WarningSink) => void;
type TermLists = { materials: Term[]; techniques: Term[]; seen: Set<string> };

const UNITS: readonly string[] = [...LENGTH_UNITS, ...WEIGHT_UNITS];

/** A field given as an object of its own parts ({"name": …, "role": …}) rather than as rules. */
export function isParts<T extends object>(value: RulesInput | T): value is T {
  return typeof value === 'object' && !Array.isArray(value) && !('path' in value) && !('value' in value);
}

/** Compiles a mapping, or "invalid" listing each path that cannot be read, before anything is imported. */
export function compileMapping(mapping: Mapping, options: MappingOptions): CompiledMapping {
  const problems: string[] = [];
  const lang = mapping.lang ?? options.lang;
  const context = (where: string, label: string, extra: Partial<RuleContext> = {}): RuleContext => ({ path: options.path, lang, where, label, problems, ...extra });
  const rules = (input: RulesInput, field: string, extra: Partial<RuleContext> = {}) => compileRules(input, context(`fields.${field}`, field, extra));
  /** The items a field with `each` reads its parts in (else the record itself). */
  const items = (each: string | undefined, field: string): PathReader => {
    if (each === undefined) return (record) => [record];
    if (!options.items) {
      problems.push(`fields.${field}.each: the rows of a CSV file have no items; leave "each" out`);
      return () => [];
    }
    return compilePath(each, { path: options.path, problems }, `fields.${field}.each`);
  };

  const fills: Fill[] = [];
  const { fields } = mapping;
  const inventoryNumber = rules(fields.inventoryNumber, 'inventoryNumber');
  fills.push((record, out) => {
    // A record without one is imported keyed by its source id (the writer warns, or refuses a record that identifies nothing).
    out.inventoryNumber = firstValue(inventoryNumber, record)?.value;
  });
  for (const field of ['title', 'subject', 'distinguishingFeatures', 'description'] as const) {
    const input = fields[field];
    if (input !== undefined) fills.push(languageMapFill(rules(input, field), field));
  }
  if (fields.objectType !== undefined) {
    const type = rules(fields.objectType, 'objectType');
    fills.push((record, out, _terms, warn) => {
      const first = firstValue(type, record);
      out.objectType = first ? objectType(first.value, first.lang, { warn, field: 'objectType' }) : [];
    });
  }
  for (const field of ['materials', 'techniques'] as const) {
    const input = fields[field];
    if (input === undefined) continue;
    const kind = field === 'materials' ? 'material' : 'technique';
    const list = rules(input, field);
    fills.push((record, _out, terms, warn) => {
      for (const { value, lang: tag } of allValues(list, record)) addTerm(terms, kind, term(kind, value, tag, { warn, field })!);
    });
  }
  if (fields.materialsAndTechniques !== undefined) {
    const input = fields.materialsAndTechniques;
    const parts = isParts(input) ? input : { text: input };
    const statements = rules(parts.text, main(input, 'materialsAndTechniques', 'text'), { lines: true });
    const reader = mediumReader(parts.terms);
    fills.push((record, _out, terms) => {
      for (const { value, lang: tag } of allValues(statements, record)) reader.read(value, tag, terms);
    });
  }
  if (fields.measurements !== undefined) {
    const input = fields.measurements;
    const parts = isParts(input) ? input : { text: input };
    const text = rules(parts.text, main(input, 'measurements', 'text'), { lines: true });
    const unit = parts.unit === undefined ? undefined : rules(parts.unit, 'measurements.unit');
    const skip = parts.unreadable === 'skip';
    fills.push((record, out, _terms, warn) => {
      const given = unit ? firstValue(unit, record)?.value.toLowerCase() : undefined;
      const known = given === undefined || UNITS.includes(given);
      if (!known) warn({ field: 'measurements.unit', reason: `not a unit (${UNITS.join(', ')}): measurements without their own unit are kept as written`, value: given });
      const defaultUnit = known ? (given as MeasurementUnit | undefined) : undefined;
      for (const { value, lang: tag } of allValues(text, record)) {
        const parsed = parseMeasurements(value, { defaultUnit });
        out.measurements.push(...parsed.measurements);
        if (parsed.unparsed.length === 0 || skip) continue;
        // Kept as written in the description, the text every export carries.
        const pieces = parsed.unparsed.map((piece) => `"${piece}"`).join(', ');
        warn({ field: 'measurements', reason: `cannot read ${pieces} (write e.g. "H 30 x W 40 cm", or map a unit): kept as written in the description`, value });
        unreadMeasurements(out, tag, value);
      }
    });
  }
  if (fields.inscriptions !== undefined) {
    const input = fields.inscriptions;
    const parts = isParts(input) ? input : { text: input };
    const inside = items(parts.each, 'inscriptions');
    const text = rules(parts.text, main(input, 'inscriptions', 'text'));
    const optional = (key: 'kind' | 'position' | 'language') => (parts[key] === undefined ? undefined : rules(parts[key], `inscriptions.${key}`));
    const [kind, position, language] = [optional('kind'), optional('position'), optional('language')];
    fills.push((record, out) => {
      for (const item of inside(record)) {
        const extra = {
          kind: (kind && firstValue(kind, item)?.value.toLowerCase()) || 'inscription',
          ...(position && withValue('position', firstValue(position, item)?.value)),
          ...(language && withValue('language', firstValue(language, item)?.value)),
        };
        for (const { value } of allValues(text, item)) out.inscriptions.push({ ...extra, text: value } as ObjectDescription['inscriptions'][number]);
      }
    });
  }
  if (fields.makers !== undefined) {
    const input = fields.makers;
    const parts = isParts(input) ? input : { name: input };
    const inside = items(parts.each, 'makers');
    const name = rules(parts.name, main(input, 'makers', 'name'));
    const role = parts.role === undefined ? undefined : rules(parts.role, 'makers.role');
    fills.push((record, out) => {
      for (const item of inside(record)) {
        const extra = role ? withValue('role', firstValue(role, item)?.value) : {};
        for (const { value } of allValues(name, item)) out.makers.push({ name: value, ...extra });
      }
    });
  }
  if (fields.places !== undefined) {
    const input = fields.places;
    const parts = isParts(input) ? input : { name: input };
    const inside = items(parts.each, 'places');
    const name = rules(parts.name, main(input, 'places', 'name'));
    const country = parts.country === undefined ? undefined : rules(parts.country, 'places.country');
    const kind = parts.kind === undefined ? undefined : rules(parts.kind, 'places.kind');
    fills.push((record, out) => {
      for (const item of inside(record)) {
        const extra = {
          ...(country && withValue('country', firstValue(country, item)?.value.toUpperCase())),
          ...(kind && withValue('kind', firstValue(kind, item)?.value.toLowerCase())),
        };
        for (const { value } of allValues(name, item)) out.places.push({ name: value, ...extra } as ObjectDescription['places'][number]);
      }
    });
  }
  if (fields.dating !== undefined) fills.push(datingFill(fields.dating, rules));
  for (const field of ['relatedWrittenMaterial', 'crossReferences'] as const) {
    const input = fields[field];
    if (input === undefined) continue;
    const list = rules(input, field);
    fills.push((record, out) => {
      for (const { value } of allValues(list, record)) out[field].push(value);
    });
  }
  if (fields.dateDocumented !== undefined) {
    const documented = rules(fields.dateDocumented, 'dateDocumented');
    fills.push((record, out) => {
      out.dateDocumented = firstValue(documented, record)?.value ?? null;
    });
  }
  const sourceId = mapping.sourceId === undefined ? undefined : compileRules(mapping.sourceId, context('sourceId', 'sourceId'));
  // The holding institution, for aggregator exports routed with --org-from repository.
  const holder = fields.organisation === undefined ? undefined : rules(fields.organisation, 'organisation');

  if (problems.length > 0) throw mappingInvalid(options.name, problems);

  return {
    map(record) {
      const out: Description = { ...emptyDescription(), inventoryNumber: undefined };
      const terms: TermLists = { materials: out.materials, techniques: out.techniques, seen: new Set() };
      const warnings: RecordWarning[] = [];
      const warn: WarningSink = (warning) => warnings.push(warning);
      for (const fill of fills) fill(record, out, terms, warn);
      const id = sourceId && firstValue(sourceId, record)?.value;
      const holderName = holder && firstValue(holder, record)?.value;
      return { description: out, ...(id ? { sourceId: id } : {}), ...(holderName ? { holder: holderName } : {}), ...(warnings.length === 0 ? {} : { warnings }) };
    },
    keep: keptFields(fields),
  };
}

/** Where the main part of a field is: "makers.name" when the field is given with its parts, else "makers". */
const main = (input: RulesInput | object, field: string, key: string) => (isParts(input) ? `${field}.${key}` : field);

/** A measurement text that cannot be read, added to the description in its language. */
function unreadMeasurements(out: Description, lang: string, text: string): void {
  out.description = { ...out.description, [lang]: [out.description[lang], text].filter(Boolean).join('\n\n') };
}

const withValue = <K extends string>(key: K, value: string | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, string>));

function addTerm(terms: TermLists, kind: 'material' | 'technique', found: Term): void {
  const id = `${kind}:${found.aat ?? JSON.stringify(found.label)}`;
  if (terms.seen.has(id)) return;
  terms.seen.add(id);
  (kind === 'material' ? terms.materials : terms.techniques).push(found);
}

/** A text per language: each language keeps the first value given in it. */
function languageMapFill(list: CompiledRules, field: 'title' | 'subject' | 'distinguishingFeatures' | 'description'): Fill {
  return (record, out) => {
    const map: LanguageMap = {};
    for (const rule of list) {
      const { values, lang } = rule(record);
      if (values.length > 0 && !(lang in map)) map[lang] = values[0]!;
    }
    out[field] = map;
  };
}

const YEAR = /^-?\d{1,5}$/;

/** The date: its display text, and its years from their own paths, or else read from the text. */
function datingFill(input: NonNullable<Mapping['fields']['dating']>, rules: (input: RulesInput, field: string) => CompiledRules): Fill {
  const parts = isParts(input) ? input : { display: input };
  const display = rules(parts.display, main(input, 'dating', 'display'));
  const years = parts.earliest !== undefined || parts.latest !== undefined;
  const year = (key: 'earliest' | 'latest') => (parts[key] === undefined ? undefined : rules(parts[key], `dating.${key}`));
  const [earliest, latest] = [year('earliest'), year('latest')];
  const read = (list: CompiledRules | undefined, key: string, record: unknown, warn: WarningSink): Partial<Dating> => {
    const value = list && firstValue(list, record)?.value;
    if (value === undefined) return {};
    if (YEAR.test(value)) return { [key]: Number(value) };
    warn({ field: `dating.${key}`, reason: 'not a year: the date is kept as display text', value });
    return {};
  };
  return (record, out, _terms, warn) => {
    const text = firstValue(display, record)?.value;
    if (text === undefined) out.dating = null;
    else if (!years) out.dating = dating(text, { warn, field: 'dating' });
    else out.dating = { display: text, ...read(earliest, 'earliest', record, warn), ...read(latest, 'latest', record, warn) };
  };
}

/** The description fields no field of the mapping fills. */
function keptFields(fields: Mapping['fields']): Array<keyof ObjectDescription> {
  const given = new Set<string>(FIELD_NAMES.filter((name: FieldName) => fields[name] !== undefined));
  if (given.has('materialsAndTechniques')) given.add('materials').add('techniques');
  return (Object.keys(emptyDescription()) as Array<keyof ObjectDescription>).filter((field) => !given.has(field));
}
