/**
 * Linked Art `HumanMadeObject` documents → Object ID descriptions: the inverse of the writer
 * (linked-art-writer.ts), and what other producers commonly write (Getty-style names, identifiers,
 * AAT classifications, statements, dimensions, production). Files hold one document, an array of
 * them, or one per line (`.jsonl`); each document's `id` is its source record id.
 *
 * Where Linked Art says less than Object ID, the description gets less: a material without an AAT
 * id has one label (the writer gives it no names), the date documented is not carried (updates keep
 * the stored one), nor years before the common era (only the display text), and a place's kind is
 * origin unless it comes from an encounter. Measurements come from the dimension statement when it can be read (it holds the
 * measurements of parts too), else from `dimension`. Statements other than description, condition,
 * subject, inscriptions, bibliography and cross-references (provenance, credit lines…) are left out,
 * and images (`representation`) are not downloaded.
 */
import { fileStreamSource } from '../../registry/import/file-stream-source.js';
import type { ImportFormat, OpenedImport } from '../../registry/import/import-formats.js';
import { RowError, type ImportSource, type MappedRecord } from '../../registry/import/import-pipeline.js';
import { openJsonlSource } from '../../registry/import/jsonl-source.js';
import { parseMeasurements } from '../../registry/measurements.js';
import { INSCRIPTION_KINDS, type Dating, type Inscription, type LanguageMap, type Maker, type Measurement, type Place, type Term } from '../../registry/object-record.js';
import { findTerm, type VocabularyKind } from '../../registry/vocabulary.js';
import { aatIdOf, AAT, DIMENSION_CONCEPTS, INSCRIPTION_STATEMENT, LA, languageConcept, UNIT_CONCEPTS } from '../aat.js';
import { readJsonDocuments } from './linked-art-reader-json.js';

type Json = Record<string, unknown>;

export interface LinkedArtMapOptions {
  /** The language of texts that do not say theirs. */
  lang: string;
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : isObject(value) ? [value] : []);
const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
const aatOf = (node: Json): string | undefined => aatIdOf(text(node.id));
const classifications = (node: Json): string[] => list(node.classified_as).flatMap((c) => aatOf(c) ?? []);
const classifiedAs = (node: Json, aat: string) => classifications(node).includes(aat);

// ---------------------------------------------------------------------------------------------
// Languages

let languageTags: Map<string, string> | undefined;

/** The tag of a language concept: AAT ids (as the writer uses them) or Library of Congress ISO 639 URIs. */
function languageTagOf(uri: string): string | undefined {
  const loc = /^https?:\/\/id\.loc\.gov\/vocabulary\/iso639-[12]\/([a-z]{2,3})$/.exec(uri);
  if (loc) return loc[1];
  if (!languageTags) {
    languageTags = new Map();
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    for (const a of letters) for (const b of letters) {
      const concept = languageConcept(a + b);
      if (concept.id.startsWith(AAT)) languageTags.set(concept.id, a + b);
    }
  }
  return languageTags.get(uri);
}

const languageOf = (node: Json, options: LinkedArtMapOptions): string => languageTagOf(text(list(node.language)[0]?.id)) ?? options.lang;

/** One text per language; `join` gathers every text of a language instead of keeping the first. */
function languageMap(nodes: Json[], options: LinkedArtMapOptions, join?: string): LanguageMap {
  const map: LanguageMap = {};
  for (const node of nodes) {
    const content = text(node.content);
    if (content === '') continue;
    const lang = languageOf(node, options);
    if (map[lang] === undefined) map[lang] = content;
    else if (join !== undefined) map[lang] += `${join}${content}`;
  }
  return map;
}

const namesOf = (node: Json) => list(node.identified_by).filter((name) => name.type === 'Name');

// ---------------------------------------------------------------------------------------------
// Terms, people, places

/**
 * A Type or Material reference as a Term: its names in their languages, else its `_label`. A term
 * the vocabulary knows keeps the vocabulary's labels when its `_label` is one of them (the writer
 * gives AAT terms only the label it picked), else gains those it lacks.
 */
function refTerm(ref: Json, kind: VocabularyKind, options: LinkedArtMapOptions): Term | undefined {
  const aat = aatOf(ref);
  const named = languageMap(namesOf(ref), options);
  const fallback = text(ref._label);
  const label: LanguageMap = Object.keys(named).length > 0 ? named : fallback ? { [options.lang]: fallback } : {};
  const known = aat !== undefined ? findTerm(kind, aat) : Object.values(label).map((value) => findTerm(kind, value)).find(Boolean);
  let labels = label;
  if (known) {
    const vocabulary: LanguageMap = { ...known.label };
    labels = Object.keys(named).length === 0 && Object.values(vocabulary).includes(fallback) ? vocabulary : { ...label, ...Object.fromEntries(Object.entries(vocabulary).filter(([lang]) => !(lang in label))) };
  }
  if (Object.keys(labels).length === 0) return undefined;
  const id = aat ?? known?.aat;
  return id === undefined ? { label: labels } : { label: labels, aat: id };
}

const refTerms = (refs: Json[], kind: VocabularyKind, options: LinkedArtMapOptions) => refs.map((ref) => refTerm(ref, kind, options)).filter((term): term is Term => term !== undefined);

/** References in the order of their `#name-N` ids when each has one (the writer's order), else as given. */
function inOrder<T extends { ref: Json }>(items: T[], name: string): T[] {
  const index = (item: T) => Number(new RegExp(`#${name}-(\\d+)$`).exec(text(item.ref.id))?.[1]);
  if (items.some((item) => !Number.isInteger(index(item)))) return items;
  return [...items].sort((a, b) => index(a) - index(b));
}

const nameOf = (ref: Json) => text(ref._label) || text(namesOf(ref)[0]?.content);

function makersOf(production: Json | undefined): Maker[] {
  if (!production) return [];
  const actors = [
    ...list(production.carried_out_by).map((ref) => ({ ref, role: '' })),
    ...list(production.part).flatMap((part) => list(part.carried_out_by).map((ref) => ({ ref, role: text(list(part.classified_as)[0]?._label) }))),
  ];
  return inOrder(actors, 'maker')
    .map(({ ref, role }) => ({ name: nameOf(ref), role }))
    .filter((maker) => maker.name !== '')
    .map(({ name, role }) => (role ? { name, role } : { name }));
}

let countryCodes: Map<string, string> | undefined;

/** The ISO 3166-1 code of an English country name ("China" → "CN"), as the writer labels places. */
function countryCode(name: string): string | undefined {
  if (!countryCodes) {
    countryCodes = new Map();
    const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    for (const a of letters) for (const b of letters) {
      const found = names.of(a + b);
      if (found) countryCodes.set(found.toLowerCase(), a + b);
    }
  }
  return countryCodes.get(name.toLowerCase());
}

/** "Jingdezhen (China)" → Jingdezhen in CN; a parenthesis that names no country stays in the name. */
function placeOf(ref: Json, kind: Place['kind']): Place | undefined {
  const written = nameOf(ref);
  if (written === '') return undefined;
  const m = /^(.*\S)\s*\(([^()]+)\)$/.exec(written);
  const country = m ? countryCode(m[2]!.trim()) : undefined;
  return country ? { name: m![1]!, country, kind } : { name: written, kind };
}

function placesOf(doc: Json, production: Json | undefined): Place[] {
  const refs = [
    ...list(production?.took_place_at).map((ref) => ({ ref, kind: 'origin' as const })),
    ...list(doc.encountered_by).flatMap((encounter) => list(encounter.took_place_at).map((ref) => ({ ref, kind: 'discovery' as const }))),
  ];
  return inOrder(refs, 'place')
    .map(({ ref, kind }) => placeOf(ref, kind))
    .filter((place): place is Place => place !== undefined);
}

/** A year of an ISO 8601 date-time ("1650-01-01T00:00:00Z", "-0083-…"). */
function yearOf(value: unknown): number | undefined {
  const m = /^(-?)(\d{4,6})-/.exec(text(value));
  return m ? Number(`${m[1]}${m[2]}`) + 0 : undefined;
}

function datingOf(production: Json | undefined): Dating | null {
  const timespan = list(production?.timespan)[0];
  if (!timespan) return null;
  const display = text(namesOf(timespan)[0]?.content) || text(timespan._label);
  const earliest = yearOf(timespan.begin_of_the_begin);
  const latest = yearOf(timespan.end_of_the_end);
  if (!display && earliest === undefined && latest === undefined) return null;
  const range = earliest !== undefined && latest !== undefined && latest !== earliest ? `${earliest}–${latest}` : String(earliest ?? latest);
  return { display: display || range, ...(earliest === undefined ? {} : { earliest }), ...(latest === undefined ? {} : { latest }) };
}

// ---------------------------------------------------------------------------------------------
// Statements and measurements

const INSCRIPTION_TYPES = new Map<string, Inscription['kind']>([
  [INSCRIPTION_STATEMENT.signature.aat, 'signature'],
  [INSCRIPTION_STATEMENT.inscription.aat, 'inscription'],
  [INSCRIPTION_STATEMENT.mark.aat, 'mark'],
]);
const dimensionByAat = new Map(Object.entries(DIMENSION_CONCEPTS).map(([dimension, concept]) => [concept.aat, dimension as Measurement['dimension']]));
const unitByAat = new Map(Object.entries(UNIT_CONCEPTS).map(([unit, concept]) => [concept.aat, unit as Measurement['unit']]));

/** An inscription statement: its kind from its label ("label (inside the lid)") or its type, its position from its note. */
function inscriptionOf(statement: Json, kind: Inscription['kind']): Inscription | undefined {
  const content = text(statement.content);
  if (content === '') return undefined;
  const labelled = /^(\w+)/.exec(text(statement._label))?.[1];
  const exact = labelled && (INSCRIPTION_KINDS as readonly string[]).includes(labelled) ? (labelled as Inscription['kind']) : kind;
  const position = text(list(statement.referred_to_by)[0]?.content);
  const language = languageTagOf(text(list(statement.language)[0]?.id));
  return { kind: exact, text: content, ...(position ? { position } : {}), ...(language ? { language } : {}) };
}

/** The whole-object dimensions of `dimension`, with what cannot be read as written. */
function dimensionsOf(doc: Json): { measurements: Measurement[]; unread: string[] } {
  const measurements: Measurement[] = [];
  const unread: string[] = [];
  for (const entry of list(doc.dimension)) {
    const dimension = classifications(entry).map((id) => dimensionByAat.get(id)).find(Boolean);
    const unit = unitByAat.get(aatOf(list(entry.unit)[0] ?? {}) ?? '');
    if (dimension && unit && typeof entry.value === 'number') measurements.push({ dimension, value: entry.value, unit });
    else unread.push(text(entry._label) || `${String(entry.value ?? '')} ${text(list(entry.unit)[0]?._label)}`.trim());
  }
  return { measurements, unread: unread.filter(Boolean) };
}

/** A HumanMadeObject as a description to validate, with its source id (its `id`). */
export function mapLinkedArtObject(doc: unknown, options: LinkedArtMapOptions): MappedRecord {
  if (!isObject(doc)) throw new RowError('not a JSON object');
  if (doc.type !== 'HumanMadeObject') throw new RowError(`not a Linked Art HumanMadeObject (type: ${JSON.stringify(doc.type ?? null)})`);
  const identifiers = list(doc.identified_by).filter((node) => node.type === 'Identifier' && text(node.content) !== '');
  const number = identifiers.find((node) => classifiedAs(node, LA.accessionNumber.aat)) ?? identifiers.find((node) => !classifiedAs(node, LA.systemNumber.aat));
  if (!number) throw new RowError(`no inventory number (an Identifier classified as accession number, ${AAT}${LA.accessionNumber.aat})`);
  const names = namesOf(doc);
  const primary = names.filter((name) => classifiedAs(name, LA.primaryName.aat));

  const types = list(doc.classified_as);
  const typesOfWork = types.filter((type) => classifiedAs(type, LA.typeOfWork.aat));
  const production = list(doc.produced_by)[0];

  const statements = list(doc.referred_to_by);
  const of = (aat: string) => statements.filter((statement) => classifiedAs(statement, aat));
  const labelled = (label: string) => statements.filter((statement) => text(statement._label) === label && classifications(statement).length === 0);
  const inscriptions = statements.flatMap((statement) => {
    const kind = classifications(statement).map((id) => INSCRIPTION_TYPES.get(id)).find(Boolean);
    const inscription = kind ? inscriptionOf(statement, kind) : undefined;
    return inscription ? [inscription] : [];
  });

  // The dimension statement holds every measurement, parts included; `dimension` only the whole object's.
  const statement = of(LA.dimensionStatement.aat).map((s) => text(s.content)).join('; ');
  const parsed = statement ? parseMeasurements(statement) : undefined;
  const dimensions = dimensionsOf(doc);
  const measured = parsed && parsed.unparsed.length === 0 && parsed.measurements.length > 0 ? { measurements: parsed.measurements, unread: [] } : dimensions;
  const description = languageMap(of(LA.description.aat), options, '\n\n');
  if (measured.unread.length > 0) description[options.lang] = [description[options.lang], measured.unread.join('; ')].filter(Boolean).join('\n\n');

  const sourceId = text(doc.id);
  return {
    description: {
      inventoryNumber: text(number.content),
      objectType: refTerms(typesOfWork.length > 0 ? typesOfWork : types, 'objectType', options),
      title: languageMap(primary.length > 0 ? primary : names, options),
      materials: refTerms(list(doc.made_of), 'material', options),
      techniques: refTerms(list(production?.technique), 'technique', options),
      measurements: measured.measurements,
      inscriptions,
      dating: datingOf(production),
      makers: makersOf(production),
      subject: languageMap(labelled('Subject'), options, '; '),
      distinguishingFeatures: languageMap(of(LA.condition.aat), options, '\n\n'),
      description,
      relatedWrittenMaterial: of(LA.bibliography.aat).map((s) => text(s.content)).filter(Boolean),
      places: placesOf(doc, production),
      crossReferences: labelled('Cross-reference').map((s) => text(s.content)).filter(Boolean),
      dateDocumented: null,
    },
    ...(sourceId ? { sourceId } : {}),
  };
}

/** A `.json`/`.jsonld` file (a document, an array, or documents one after the other) or a `.jsonl` file of Linked Art documents. */
export function openLinkedArtSource(path: string): ImportSource<unknown> {
  if (/\.(jsonl|ndjson)(\.gz)?$/i.test(path)) return openJsonlSource(path);
  return fileStreamSource(path, readJsonDocuments);
}

/** `egide import --format linked-art`. */
export const linkedArtFormat: ImportFormat = {
  name: 'linked-art',
  extensions: ['.json', '.jsonld', '.jsonl', '.jsonl.gz', '.ndjson'],
  open(file, { lang }): OpenedImport<unknown> {
    // Linked Art has no date documented: updates keep the stored one.
    return { source: openLinkedArtSource(file), map: (doc) => mapLinkedArtObject(doc, { lang }), keep: ['dateDocumented'] };
  },
};
