/**
 * Linked Art `HumanMadeObject` documents → Object ID descriptions: the inverse of the writer
 * (linked-art-writer.ts), and what other producers commonly write (Getty-style names, identifiers,
 * AAT classifications, statements, dimensions, production), in every version published since 0.x
 * (older names are brought to 1.0's first: linked-art-versions.ts). Files hold one document, an array
 * of them, or one per line (`.jsonl`); each document's `id` is its source record id, its
 * `current_owner` the holder named.
 *
 * Where Linked Art says less than Object ID, the description gets less: a material without an AAT
 * id has one label (the writer gives it no names), the date documented is not carried (updates keep
 * the stored one), nor years before the common era (only the display text), and a place's kind is
 * origin unless it comes from an encounter. Measurements: linked-art-reader-measurements.ts; what
 * cannot be read stays in the description, with a warning. Object ID has no culture or style: a
 * culture or style classification (or a Getty Culture statement) is kept as a line of the
 * description, never as an object type; what the object shows is its subject. Statements other than description, condition, subject,
 * culture, inscriptions, bibliography and cross-references (provenance, credit lines…) are left out,
 * and images (`representation`) are not downloaded.
 */
import { fileStreamSource } from '../import/file-stream-source.js';
import type { ImportFormat, OpenedImport } from '../import/import-formats.js';
import { RowError, type ImportSource, type MappedRecord } from '../import/import-pipeline.js';
import { openJsonlSource } from '../import/jsonl-source.js';
import { INSCRIPTION_KINDS, type Dating, type Inscription, type LanguageMap, type Maker, type Place, type Term } from '../../registry/object-record.js';
import { findTerm, type VocabularyKind } from '../../registry/vocabulary.js';
import { aatIdOf, aatUri, AAT, INSCRIPTION_STATEMENT, LA, LA_READ, languageConcept } from '../aat.js';
import { readJsonDocuments } from './linked-art-reader-json.js';
import { readMeasurements } from './linked-art-reader-measurements.js';
import { aatOf, classifications, classifiedAs, isObject, list, text, type Json } from './linked-art-nodes.js';
import { normaliseLinkedArt } from './linked-art-versions.js';


export interface LinkedArtMapOptions {
  /** The language of texts that do not say theirs. */
  lang: string;
}


/** A document that describes no object: a VisualItem, a Person, a fragment without a type… */
export class NotAnObjectDocument extends RowError {
  constructor(readonly documentType: string | undefined) {
    super(documentType === undefined ? 'document has no type' : `document is a ${documentType}, not a HumanMadeObject`);
  }
}

// ---------------------------------------------------------------------------------------------
// Languages

let languageTags: Map<string, string> | undefined;

/** The tag of a language concept: AAT ids (as the writer uses them) or Library of Congress ISO 639 URIs. */
function languageTagOf(uri: string): string | undefined {
  const loc = /^https?:\/\/id\.loc\.gov\/vocabulary\/iso639-[12]\/([a-z]{2,3})$/.exec(uri);
  if (loc) return loc[1];
  const aat = aatIdOf(uri);
  if (aat === undefined) return undefined;
  if (!languageTags) {
    languageTags = new Map();
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    for (const a of letters) for (const b of letters) {
      const concept = languageConcept(a + b);
      if (concept.id.startsWith(AAT)) languageTags.set(concept.id, a + b);
    }
  }
  return languageTags.get(aatUri(aat));
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

const CULTURE_LABEL = /\s*\(culture or style\)\s*$/i;

/** A culture or style classification: classified as culture or as styles and periods, or labelled "Dutch (Culture or Style)". */
const isCultureOrStyle = (type: Json) => classifiedAs(type, LA_READ.culture, LA_READ.stylesAndPeriods) || CULTURE_LABEL.test(text(type._label));

/** Description statements, without their HTML copies when the same text is also given plain (the Getty gives both). */
function descriptionsOf(statements: Json[]): Json[] {
  const descriptions = statements.filter((statement) => classifiedAs(statement, LA.description.aat, LA_READ.descriptionActivity));
  const plain = descriptions.filter((statement) => text(statement.format) !== 'text/html');
  return plain.length > 0 ? plain : descriptions;
}

/** Culture or style classifications and the Getty's Culture statements, as written ("Dutch (Culture or Style)" → "Dutch"). */
function culturesOf(types: Json[], cultureStatements: Json[]): string[] {
  const named = [...types.filter(isCultureOrStyle).map((type) => nameOf(type).replace(CULTURE_LABEL, '')), ...cultureStatements.map((s) => text(s.content))];
  return [...new Set(named.filter(Boolean))];
}

/** Adds texts to the text of a language of a map (after the text already there). */
function appendTexts(map: LanguageMap, lang: string, texts: string[], separator: string): void {
  if (texts.length > 0) map[lang] = [map[lang], ...texts].filter(Boolean).join(separator);
}

/** What the object shows: its visual items' `represents`, `represents_instance_of_type` and `about`, or (0.x) what it `depicts`. */
function shownBy(doc: Json): string[] {
  const shown = [...list(doc.depicts), ...list(doc.shows).flatMap((visual) => [...list(visual.represents), ...list(visual.represents_instance_of_type), ...list(visual.about)])];
  return [...new Set(shown.map(nameOf).filter(Boolean))];
}

/** The document in Linked Art 1.0 names, if it describes an object. */
function objectDocument(input: unknown): Json {
  const doc = normaliseLinkedArt(input);
  if (!isObject(doc)) throw new RowError('not a JSON object');
  const type = typeof doc.type === 'string' ? doc.type : undefined;
  if (type !== 'HumanMadeObject') throw new NotAnObjectDocument(type);
  return doc;
}

/** A HumanMadeObject (any version) as a description to validate, with its source id (its `id`) and holder (its `current_owner`). */
export function mapLinkedArtObject(input: unknown, options: LinkedArtMapOptions): MappedRecord {
  const doc = objectDocument(input);
  const identifiers = list(doc.identified_by).filter((node) => node.type === 'Identifier' && text(node.content) !== '');
  const number = identifiers.find((node) => classifiedAs(node, LA.accessionNumber.aat)) ?? identifiers.find((node) => !classifiedAs(node, LA.systemNumber.aat));
  const names = namesOf(doc);
  // Primary names first, other names for the languages they lack; without a name, the label is the only title there is
  // (unless it is the inventory number, as Egide labels objects without a title).
  const primary = names.filter((name) => classifiedAs(name, LA.primaryName.aat));
  const title = languageMap([...primary, ...names.filter((name) => !primary.includes(name))], options);
  const label = number && text(doc._label) === text(number.content) ? '' : text(doc._label);

  const allTypes = list(doc.classified_as);
  const types = allTypes.filter((type) => !isCultureOrStyle(type));
  const typesOfWork = types.filter((type) => classifiedAs(type, LA.typeOfWork.aat));
  const production = list(doc.produced_by)[0];

  // Older producers (the American Art Collaborative) put statements in `subject_of`; web pages there have no content.
  const statements = [...list(doc.referred_to_by), ...list(doc.subject_of).filter((statement) => text(statement.content) !== '')];
  const of = (aat: string) => statements.filter((statement) => classifiedAs(statement, aat));
  const labelled = (name: string) => statements.filter((statement) => text(statement._label) === name && classifications(statement).length === 0);
  // The Getty writes inscriptions as texts the object `carries`.
  const inscriptions = [...statements, ...list(doc.carries)].flatMap((statement) => {
    const kind = classifications(statement).map((id) => INSCRIPTION_TYPES.get(id)).find(Boolean);
    const inscription = kind ? inscriptionOf(statement, kind) : undefined;
    return inscription ? [inscription] : [];
  });

  const measured = readMeasurements(list(doc.dimension), of(LA.dimensionStatement.aat).map((s) => text(s.content)).filter(Boolean));
  const cultures = culturesOf(allTypes, of(LA_READ.culture));
  const description = languageMap(descriptionsOf(statements), options, '\n\n');
  const additions = [cultures.length > 0 ? `Culture or style: ${cultures.join('; ')}` : '', measured.unread.join('; ')];
  appendTexts(description, options.lang, additions.filter(Boolean), '\n\n');
  const subject = languageMap(labelled('Subject'), options, '; ');
  appendTexts(subject, options.lang, shownBy(doc), '; ');

  const holder = list(doc.current_owner).map(nameOf).find(Boolean);
  const sourceId = text(doc.id);
  return {
    description: {
      // None when no identifier is given: the import decides whether the record is identified otherwise (its id, its title).
      ...(number ? { inventoryNumber: text(number.content) } : {}),
      objectType: refTerms(typesOfWork.length > 0 ? typesOfWork : types, 'objectType', options),
      title: Object.keys(title).length > 0 ? title : label ? { [options.lang]: label } : {},
      materials: refTerms(list(doc.made_of), 'material', options),
      techniques: refTerms(list(production?.technique), 'technique', options),
      measurements: measured.measurements,
      inscriptions,
      dating: datingOf(production),
      makers: makersOf(production),
      subject,
      distinguishingFeatures: languageMap(of(LA.condition.aat), options, '\n\n'),
      description,
      relatedWrittenMaterial: of(LA.bibliography.aat).map((s) => text(s.content)).filter(Boolean),
      places: placesOf(doc, production),
      crossReferences: labelled('Cross-reference').map((s) => text(s.content)).filter(Boolean),
      dateDocumented: null,
    },
    ...(measured.warnings.length > 0 ? { warnings: measured.warnings } : {}),
    ...(holder ? { holder } : {}),
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
