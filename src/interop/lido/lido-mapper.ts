/**
 * One LIDO record (see lido-reader.ts) → an Object ID description: the inverse of the writer, path
 * by path as `lido-fields.ts` documents, and lenient with the shapes other producers write (LIDO
 * 1.0 texts where 1.1 has concepts, several titleSets, types as words or terminology URIs). Every
 * text keeps its language (`xml:lang`, or LIDO 1.0's `lido:lang`, inherited from the enclosing
 * elements; else the import's language). Terms keep their AAT conceptID, and those the vocabulary
 * knows (by AAT id, else by label) get its AAT id and its labels for the languages they lack.
 *
 * Not carried over, as the description has no place for them: rights (recordRights,
 * rightsResource), the repository's name (objects go to the organisation the user imports into),
 * events other than production and finding (acquisition, use, publication…), and descriptions
 * of inscriptions other than their position. Image links are attached as photos when they name
 * a file in the folder of the LIDO file; links to the web are not downloaded.
 */
import { dirname } from 'node:path';
import { INSCRIPTION_KINDS, type Dating, type Inscription, type LanguageMap, type Maker, type Measurement, type Place, type Term } from '../../registry/object-record.js';
import { parseMeasurements } from '../../registry/measurements.js';
import { dating as datingFromText, term as termFromText } from '../import/csv-mapper.js';
import type { ImportFormat, OpenedImport } from '../import/import-formats.js';
import { ImageFileError, imageFolder, resolveImage } from '../import/import-images.js';
import { RowError, type ImageFile, type MappedRecord, type RecordWarning, type WarningSink } from '../import/import-pipeline.js';
import { findTerm, type VocabularyKind } from '../../registry/vocabulary.js';
import { aatIdOf, DIMENSION_CONCEPTS, LIDO_TERMS, UNIT_CONCEPTS } from '../aat.js';
import { EGIDE_LIDO, LIDO_NS } from './lido-writer.js';
import { openLidoSource, type LidoElement, type LidoRecord } from './lido-reader.js';

export interface LidoMapOptions {
  /** The language of texts that do not say theirs. */
  lang: string;
  /** The real path of the LIDO file's folder (see `imageFolder`): image links naming files in it are attached. */
  folder?: string;
  /** Where the warnings of the record being read go (set by mapLidoRecord for each record). */
  warn?: WarningSink;
}

// ---------------------------------------------------------------------------------------------
// Navigation

function kids(parent: LidoElement | undefined, name: string): LidoElement[] {
  return parent ? parent.children.filter((child) => child.name === name && child.ns === LIDO_NS) : [];
}

/** Every element at the end of the path of child names. */
function all(parent: LidoElement | undefined, ...names: string[]): LidoElement[] {
  let level = parent ? [parent] : [];
  for (const name of names) level = level.flatMap((element) => kids(element, name));
  return level;
}

const one = (parent: LidoElement | undefined, ...names: string[]): LidoElement | undefined => all(parent, ...names)[0];

const textOf = (element: LidoElement | undefined): string => element?.text.trim() ?? '';

/** The AAT id among a concept element's conceptIDs, if any (other vocabularies' ids are not kept). */
const aatOf = (concept: LidoElement | undefined) => kids(concept, 'conceptID').map((id) => aatIdOf(textOf(id))).find((id) => id !== undefined);

/** Elements by `lido:sortorder` when each has one, else in document order. */
function sorted(elements: LidoElement[]): LidoElement[] {
  const orders = elements.map((element) => Number(element.attributes.sortorder));
  if (elements.length < 2 || orders.some((order) => !Number.isFinite(order))) return elements;
  return elements.map((element, i) => ({ element, order: orders[i]! })).sort((a, b) => a.order - b.order).map(({ element }) => element);
}

/** A `lido:type` (or other attribute) as a terminology URI or word matches one of these (URIs exactly, words ignoring case). */
function typeIs(value: string | undefined, ...names: string[]): boolean {
  if (value === undefined) return false;
  const plain = value.trim().toLowerCase();
  return names.some((name) => plain === name.toLowerCase() || (!name.includes('/') && plain.endsWith(`/${name.toLowerCase()}`)));
}

// ---------------------------------------------------------------------------------------------
// Languages and texts

const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

/** The element's language as a tag the description accepts, else the import's language. */
function languageOf(element: LidoElement, options: LidoMapOptions): string {
  const written = element.lang?.trim();
  if (!written) return options.lang;
  const [primary, ...rest] = written.split(/[-_]/);
  const tag = [primary!.toLowerCase(), ...rest].join('-');
  return LANGUAGE_TAG.test(tag) && tag !== 'und' ? tag : options.lang;
}

/** The element's own language only (for inscriptions, whose language is never inherited). */
function ownLanguage(element: LidoElement): string | undefined {
  const written = (element.attributes['xml:lang'] ?? element.attributes.lang)?.trim();
  if (!written) return undefined;
  const [primary, ...rest] = written.split(/[-_]/);
  const tag = [primary!.toLowerCase(), ...rest].join('-');
  return LANGUAGE_TAG.test(tag) ? tag : undefined;
}

/** Preferred values first, alternates last (`lido:pref`). */
function rank(element: LidoElement): number {
  const pref = element.attributes.pref;
  if (pref === undefined) return 1;
  if (typeIs(pref, 'preferred', LIDO_TERMS.preferred)) return 0;
  if (typeIs(pref, 'alternate', 'http://terminology.lido-schema.org/lido00170')) return 3;
  return 2;
}

function byPreference(elements: LidoElement[]): LidoElement[] {
  return elements.map((element, i) => ({ element, i })).sort((a, b) => rank(a.element) - rank(b.element) || a.i - b.i).map(({ element }) => element);
}

/** One text per language, the preferred one; `join` gathers every text of a language instead. */
function languageMap(elements: LidoElement[], options: LidoMapOptions, join?: string): LanguageMap {
  const map: LanguageMap = {};
  for (const element of join === undefined ? byPreference(elements) : elements) {
    const text = textOf(element);
    if (text === '') continue;
    const lang = languageOf(element, options);
    if (map[lang] === undefined) map[lang] = text;
    else if (join !== undefined) map[lang] += `${join}${text}`;
  }
  return map;
}

/** The preferred text of the elements, whatever its language. */
function preferredText(elements: LidoElement[]): string {
  for (const element of byPreference(elements)) if (textOf(element)) return textOf(element);
  return '';
}

// ---------------------------------------------------------------------------------------------
// Terms

/**
 * A LIDO concept (conceptID and terms) as a Term. Terms added for search only are left out. A term
 * the vocabulary knows gets its AAT id and the labels it lacks; its own labels stay as written.
 */
function conceptTerm(concept: LidoElement, kind: VocabularyKind, options: LidoMapOptions): Term | undefined {
  const terms = kids(concept, 'term').filter((term) => term.attributes.addedSearchTerm !== 'yes');
  // LIDO 1.0 measurement types and units are plain texts.
  const label = languageMap(terms.length > 0 ? terms : [concept], options);
  const aat = aatOf(concept);
  const known = aat !== undefined ? findTerm(kind, aat) : Object.values(label).map((text) => findTerm(kind, text)).find(Boolean);
  // The source's labels first, in its order; the vocabulary's for the other languages after them.
  const labels: LanguageMap = known ? { ...label, ...Object.fromEntries(Object.entries(known.label).filter(([lang]) => !(lang in label))) } : label;
  if (Object.keys(labels).length === 0) return undefined;
  // A term without conceptID is free text as written; one whose ids are all of other vocabularies loses them.
  const otherIds = aat === undefined ? kids(concept, 'conceptID').map(textOf).filter(Boolean) : [];
  if (!known && otherIds.length > 0) {
    options.warn?.({ field: `lido:${concept.name}`, reason: `the vocabulary of ${otherIds.join(', ')} is not one Egide knows (Getty AAT): kept as free text`, value: Object.values(labels).join(' / ') });
  }
  const id = aat ?? known?.aat;
  return id === undefined ? { label: labels } : { label: labels, aat: id };
}

function conceptTerms(concepts: LidoElement[], kind: VocabularyKind, options: LidoMapOptions): Term[] {
  return concepts.map((concept) => conceptTerm(concept, kind, options)).filter((term): term is Term => term !== undefined);
}

// ---------------------------------------------------------------------------------------------
// Object ID fields

/** The repository sets, the current repository's first. */
function repositorySets(dm: LidoElement | undefined): LidoElement[] {
  const sets = all(dm, 'objectIdentificationWrap', 'repositoryWrap', 'repositorySet');
  const current = sets.filter((set) => typeIs(set.attributes.type, LIDO_TERMS.currentRepository, 'current', 'current_repository_or_location'));
  return [...current, ...sets];
}

/** The inventory number: a workID of the current repository, one typed as inventory number first; none when no workID is given. */
function inventoryNumber(dm: LidoElement | undefined): string | undefined {
  for (const set of repositorySets(dm)) {
    const ids = kids(set, 'workID').filter((id) => textOf(id) !== '');
    const number = ids.find((id) => typeIs(id.attributes.type, LIDO_TERMS.inventoryNumber, 'inventory number', 'inventory_number', 'inventorynumber')) ?? ids[0];
    if (number) return textOf(number);
  }
  return undefined;
}

/** The holding institution (repositoryName/legalBodyName/appellationValue) of the current repository, else of the first that names one. */
function holderOf(dm: LidoElement | undefined): string | undefined {
  for (const set of repositorySets(dm)) {
    const name = all(set, 'repositoryName', 'legalBodyName', 'appellationValue').map(textOf).find((text) => text !== '');
    if (name !== undefined) return name;
  }
  return undefined;
}

/**
 * Classifications (broad to narrow) then work types (the narrowest). Classifications typed with a
 * word of their own (Europeana's "IMAGE", "nominal", "authenticity"…) classify something else than
 * the kind of object, and are left out.
 */
function objectType(dm: LidoElement | undefined, options: LidoMapOptions): Term[] {
  const wrap = one(dm, 'objectClassificationWrap');
  const classifications = sorted(all(wrap, 'classificationWrap', 'classification')).filter((c) => {
    const type = c.attributes.type;
    return type === undefined || type.startsWith('http://terminology.lido-schema.org/');
  });
  return [...conceptTerms(classifications, 'objectType', options), ...conceptTerms(sorted(all(wrap, 'objectWorkTypeWrap', 'objectWorkType')), 'objectType', options)];
}

function title(oiw: LidoElement | undefined, options: LidoMapOptions): LanguageMap {
  const values = all(oiw, 'titleWrap', 'titleSet', 'appellationValue').filter((value) => value.attributes.encodinganalog !== EGIDE_LIDO.fallbackTitle);
  return languageMap(values, options);
}

/**
 * Inscriptions: their type when it is one of Object ID's kinds (else "inscription", the type then
 * kept as the position when none is given, e.g. "front", "back"), one per transcription.
 */
function inscriptions(oiw: LidoElement | undefined): Inscription[] {
  const out: Inscription[] = [];
  for (const item of sorted(all(oiw, 'inscriptionsWrap', 'inscriptions'))) {
    const type = item.attributes.type?.trim();
    const kind = (INSCRIPTION_KINDS as readonly string[]).includes(type ?? '') ? (type as Inscription['kind']) : 'inscription';
    const described = kids(item, 'inscriptionDescription').find((d) => d.attributes.type === EGIDE_LIDO.inscriptionPositionType);
    const position = textOf(one(described, 'descriptiveNoteValue')) || (kind === 'inscription' && type && !/^https?:/.test(type) && type !== 'inscription' ? type : '');
    for (const transcription of kids(item, 'inscriptionTranscription')) {
      const text = textOf(transcription);
      if (text === '') continue;
      const language = ownLanguage(transcription);
      out.push({ kind, text, ...(position ? { position } : {}), ...(language ? { language } : {}) });
    }
  }
  return out;
}

/** Descriptions, and condition statements (AAT 300435425) as distinguishing features. */
function descriptions(oiw: LidoElement | undefined, options: LidoMapOptions): { description: LanguageMap; distinguishingFeatures: LanguageMap } {
  const sets = all(oiw, 'objectDescriptionWrap', 'objectDescriptionSet');
  const features = sets.filter((set) => set.attributes.type === EGIDE_LIDO.distinguishingFeaturesType);
  const others = sets.filter((set) => !features.includes(set));
  return {
    description: languageMap(others.flatMap((set) => kids(set, 'descriptiveNoteValue')), options, '\n\n'),
    distinguishingFeatures: languageMap(features.flatMap((set) => kids(set, 'descriptiveNoteValue')), options, '\n\n'),
  };
}

/** Dimension words of LIDO producers in other languages than the measurement parser's (en, fr, es). */
const DIMENSION_WORDS: Record<string, string> = {
  höhe: 'height', hoehe: 'height', breite: 'width', tiefe: 'depth', länge: 'length', laenge: 'length', durchmesser: 'diameter',
  dicke: 'thickness', stärke: 'thickness', gewicht: 'weight', altezza: 'height', larghezza: 'width', profondità: 'depth',
  lunghezza: 'length', spessore: 'thickness', hoogte: 'height', breedte: 'width', diepte: 'depth', lengte: 'length', dikte: 'thickness',
};
const dimensionByAat = new Map(Object.entries(DIMENSION_CONCEPTS).map(([dimension, concept]) => [concept.aat, dimension as Measurement['dimension']]));
const unitByAat = new Map(Object.entries(UNIT_CONCEPTS).map(([unit, concept]) => [concept.aat, unit as Measurement['unit']]));

/** Texts of a LIDO 1.1 concept's terms, or of LIDO 1.0's plain elements. */
function wordsOf(elements: LidoElement[]): string[] {
  return elements.flatMap((element) => {
    const terms = kids(element, 'term');
    return (terms.length > 0 ? terms : [element]).map(textOf).filter(Boolean);
  });
}

/** A measurement as written, that could not be read with certainty (e.g. without a unit). */
interface UnreadMeasurement {
  text: string;
  lang: string;
}

/**
 * One measurementsSet: dimension and unit by AAT id, else by their words ("Höhe", "height"; "cm").
 * What cannot be read with certainty is returned as written.
 */
function measurement(set: LidoElement, part: string | undefined, options: LidoMapOptions): Measurement | UnreadMeasurement {
  const types = kids(set, 'measurementType');
  const units = kids(set, 'measurementUnit');
  const value = textOf(one(set, 'measurementValue'));
  let dimension = dimensionByAat.get(aatOf(types[0]) ?? '');
  let unit = unitByAat.get(aatOf(units[0]) ?? '');
  let within = part;
  const parsedValue = Number(value.replace(/^(\d+),(\d+)$/, '$1.$2'));
  if (dimension && unit && Number.isFinite(parsedValue) && value !== '') {
    return { dimension, value: parsedValue, unit, ...(within ? { part: within } : {}) };
  }
  // "Breite (geöffnet)": a width, of the object opened.
  const typeWords = wordsOf(types);
  const unitWord = wordsOf(units)[0] ?? '';
  const tried: string[] = [];
  for (const word of typeWords.length > 0 ? typeWords : ['']) {
    const m = /^(.*?)\s*\((.+)\)$/.exec(word);
    const name = (m ? m[1]! : word).trim();
    const english = DIMENSION_WORDS[name.toLowerCase()] ?? name;
    const text = `${english} ${value} ${unitWord}`.trim();
    tried.push(`${word} ${value} ${unitWord}`.trim());
    const parsed = parseMeasurements(text, unit ? { defaultUnit: unit } : {});
    const found = parsed.unparsed.length === 0 && parsed.measurements.length === 1 ? parsed.measurements[0]! : undefined;
    if (!found) continue;
    dimension ??= found.dimension;
    unit = found.unit;
    within = [part, m?.[2]?.trim()].filter(Boolean).join(', ') || undefined;
    return { dimension, value: found.value, unit, ...(within ? { part: within } : {}) };
  }
  return { text: [part, tried[0] ?? value].filter(Boolean).join(': '), lang: types[0] ? languageOf(types[0], options) : options.lang };
}

/**
 * The measurements, and those that cannot be read with certainty (a display text "17,5x18" without
 * unit, an unknown dimension word) as written: they are kept in the description rather than lost
 * or guessed.
 */
function measurements(oiw: LidoElement | undefined, options: LidoMapOptions): { measurements: Measurement[]; unread: UnreadMeasurement[] } {
  const out: Measurement[] = [];
  const unread: UnreadMeasurement[] = [];
  for (const group of sorted(all(oiw, 'objectMeasurementsWrap', 'objectMeasurementsSet'))) {
    const sets = all(group, 'objectMeasurements', 'measurementsSet');
    if (sets.length > 0) {
      const part = wordsOf(all(group, 'objectMeasurements', 'extentMeasurements'))[0];
      for (const set of sorted(sets)) {
        const read = measurement(set, part, options);
        if ('dimension' in read) out.push(read);
        else {
          unread.push(read);
          options.warn?.({ field: 'lido:measurementsSet', reason: 'cannot be read with certainty: kept as written in the description', value: read.text });
        }
      }
      continue;
    }
    // Only display texts: each read as a dimension statement ("H 30 x W 40 cm"), named by its label if it has one.
    for (const display of kids(group, 'displayObjectMeasurements')) {
      const text = textOf(display);
      if (text === '') continue;
      const label = display.attributes.label?.trim();
      const parsed = parseMeasurements(label && !text.toLowerCase().startsWith(label.toLowerCase()) ? `${label} ${text}` : text);
      if (parsed.unparsed.length === 0) out.push(...parsed.measurements);
      else {
        unread.push({ text: label ? `${label}: ${text}` : text, lang: languageOf(display, options) });
        options.warn?.({ field: 'lido:displayObjectMeasurements', reason: 'cannot be read: kept as written in the description', value: text });
      }
    }
  }
  return { measurements: out, unread };
}

/** The description, with the measurements that could not be read added as written, per language. */
function withUnread(description: LanguageMap, unread: readonly UnreadMeasurement[]): LanguageMap {
  const out = { ...description };
  for (const lang of new Set(unread.map((item) => item.lang))) {
    const texts = unread.filter((item) => item.lang === lang).map((item) => item.text).join('; ');
    out[lang] = out[lang] ? `${out[lang]}\n\n${texts}` : texts;
  }
  return out;
}

type EventKind = 'production' | 'finding' | 'other';

const PRODUCTION_IDS = new Set<string>([LIDO_TERMS.production, 'http://terminology.lido-schema.org/eventType/production']);
const FINDING_IDS = new Set<string>([LIDO_TERMS.finding, 'http://terminology.lido-schema.org/eventType/finding']);
const PRODUCTION_WORDS = /^(production|creation|herstellung|fabrication|création|producción|creación|produzione|vervaardiging)$/i;
const FINDING_WORDS = /^(finding|find|discovery|fund|auffindung|découverte|hallazgo|descubrimiento|ritrovamento|vondst)$/i;

function eventKind(event: LidoElement): EventKind {
  const type = one(event, 'eventType');
  const ids = kids(type, 'conceptID').map(textOf);
  if (ids.some((id) => PRODUCTION_IDS.has(id))) return 'production';
  if (ids.some((id) => FINDING_IDS.has(id))) return 'finding';
  const words = wordsOf(type ? [type] : []);
  if (words.some((word) => PRODUCTION_WORDS.test(word))) return 'production';
  if (words.some((word) => FINDING_WORDS.test(word))) return 'finding';
  return 'other';
}

/** A LIDO year ("1596", "-0083" for 83 BCE, "1921-07-01"), or undefined. */
function yearOf(text: string): number | undefined {
  const m = /^\s*(-?)(\d{1,6})(?:$|-\d)/.exec(text);
  // (+ 0 turns "-0000" into 0, not -0.)
  return m ? Number(`${m[1]}${m[2]}`) + 0 : undefined;
}

function datingOf(events: LidoElement[], warn: WarningSink | undefined): Dating | null {
  for (const eventDate of events.flatMap((event) => kids(event, 'eventDate'))) {
    const display = preferredText(kids(eventDate, 'displayDate'));
    const year = (name: string) => {
      const written = textOf(one(eventDate, 'date', name));
      const read = yearOf(written);
      if (written !== '' && read === undefined) warn?.({ field: `lido:${name}`, reason: 'not a year: left out, the date kept as display text', value: written });
      return read;
    };
    const earliest = year('earliestDate');
    const latest = year('latestDate');
    if (earliest === undefined && latest === undefined) {
      if (display) return datingFromText(display, warn && { warn, field: 'lido:displayDate' });
      continue;
    }
    const range = earliest !== undefined && latest !== undefined && latest !== earliest ? `${earliest}–${latest}` : String(earliest ?? latest);
    return { display: display || range, ...(earliest === undefined ? {} : { earliest }), ...(latest === undefined ? {} : { latest }) };
  }
  return null;
}

function makersOf(events: LidoElement[]): Maker[] {
  const out: Maker[] = [];
  for (const actor of events.flatMap((event) => sorted(kids(event, 'eventActor')))) {
    const inRole = one(actor, 'actorInRole');
    const name = preferredText(all(inRole, 'actor', 'nameActorSet', 'appellationValue')) || preferredText(kids(actor, 'displayActorInRole'));
    if (name === '') continue;
    const role = preferredText(all(inRole, 'roleActor', 'term'));
    out.push(role ? { name, role } : { name });
  }
  return out;
}

function placesOf(events: LidoElement[], kind: Place['kind']): Place[] {
  const out: Place[] = [];
  for (const eventPlace of events.flatMap((event) => sorted(kids(event, 'eventPlace')))) {
    const place = one(eventPlace, 'place');
    const name = preferredText(all(place, 'namePlaceSet', 'appellationValue')) || preferredText(kids(eventPlace, 'displayPlace'));
    if (name === '') continue;
    const countryIds = [...kids(place, 'partOfPlace').filter((part) => part.attributes.politicalEntity === 'country'), place]
      .flatMap((holder) => kids(holder, 'placeID'))
      .filter((id) => /3166/.test(id.attributes.source ?? '') && /^[A-Za-z]{2}$/.test(textOf(id)));
    const country = countryIds[0] ? textOf(countryIds[0]).toUpperCase() : undefined;
    out.push({ name, ...(country ? { country } : {}), kind });
  }
  return out;
}

/** Materials and techniques: typed terms of the production events and of objectMaterialsTechWrap, else their display texts. */
function materialsAndTechniques(dm: LidoElement | undefined, production: LidoElement[], options: LidoMapOptions): { materials: Term[]; techniques: Term[] } {
  const holders = [
    ...production.flatMap((event) => kids(event, 'eventMaterialsTech')),
    ...all(dm, 'objectIdentificationWrap', 'objectMaterialsTechWrap', 'objectMaterialsTechSet'),
  ];
  const terms = holders.flatMap((holder) => all(holder, 'materialsTech', 'termMaterialsTech'));
  const isTechnique = (element: LidoElement) => typeIs(element.attributes.type ?? element.attributes.label, LIDO_TERMS.technique, 'technique');
  if (terms.length === 0) {
    // Only display texts ("oil on canvas; gilding"): vocabulary terms or free text, materials unless labelled as techniques.
    const displays = holders.flatMap((holder) => kids(holder, 'displayMaterialsTech'));
    const read = (kind: 'material' | 'technique', elements: LidoElement[]) =>
      elements.flatMap((display) =>
        textOf(display)
          .split(/[;,]/)
          .map((part) => termFromText(kind, part.trim(), languageOf(display, options)))
          .filter((term): term is Term => term !== undefined),
      );
    return { materials: read('material', displays.filter((d) => !isTechnique(d))), techniques: read('technique', displays.filter(isTechnique)) };
  }
  return {
    materials: conceptTerms(sorted(terms.filter((term) => !isTechnique(term))), 'material', options),
    techniques: conceptTerms(sorted(terms.filter(isTechnique)), 'technique', options),
  };
}

/** Display subjects per language, else the subject's concepts, actors and places. */
function subject(dm: LidoElement | undefined, options: LidoMapOptions): LanguageMap {
  const sets = all(dm, 'objectRelationWrap', 'subjectWrap', 'subjectSet');
  const parts = sets.flatMap((set) => {
    const display = kids(set, 'displaySubject');
    if (display.length > 0) return display;
    const subjects = kids(set, 'subject');
    return [
      ...subjects.flatMap((s) => all(s, 'subjectConcept', 'term')),
      ...subjects.flatMap((s) => all(s, 'subjectActor', 'actor', 'nameActorSet', 'appellationValue').slice(0, 1)),
      ...subjects.flatMap((s) => all(s, 'subjectPlace', 'place', 'namePlaceSet', 'appellationValue').slice(0, 1)),
    ];
  });
  return languageMap(parts, options, '; ');
}

const WRITTEN = /bibliograph|literatur|literature|standardzitierwerk|citation|publication/i;

/** Related works: bibliography (AAT 300026497, or so named) as related written material, the others as cross-references. */
function relatedWorks(dm: LidoElement | undefined): { crossReferences: string[]; relatedWrittenMaterial: string[] } {
  const crossReferences: string[] = [];
  const relatedWrittenMaterial: string[] = [];
  for (const set of sorted(all(dm, 'objectRelationWrap', 'relatedWorksWrap', 'relatedWorkSet'))) {
    const work = one(set, 'relatedWork');
    const object = one(work, 'object');
    const notes = kids(object, 'objectNote');
    const display =
      textOf(one(work, 'displayObject')) ||
      textOf(one(object, 'objectWebResource')) ||
      textOf(notes.find((note) => note.attributes.type === undefined)) ||
      textOf(one(object, 'objectID'));
    if (display === '') continue;
    const relation = one(set, 'relatedWorkRelType');
    const written =
      aatOf(relation) === aatIdOf(EGIDE_LIDO.bibliographyRelation) ||
      [...wordsOf(relation ? [relation] : []), ...notes.filter((note) => note.attributes.type !== undefined).map(textOf)].some((word) => WRITTEN.test(word));
    (written ? relatedWrittenMaterial : crossReferences).push(display);
  }
  return { crossReferences, relatedWrittenMaterial };
}

function dateDocumented(lido: LidoElement): string | null {
  const dates = all(lido, 'administrativeMetadata', 'recordWrap', 'recordInfoSet', 'recordMetadataDate');
  const created = dates.find((date) => typeIs(date.attributes.type, LIDO_TERMS.creationDate, 'creation', 'created'));
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(textOf(created));
  return m ? m[1]! : null;
}

/** Image links that name a file in the LIDO file's folder (thumbnails left out; web links are not downloaded). */
function images(lido: LidoElement, options: LidoMapOptions): ImageFile[] {
  if (options.folder === undefined) return [];
  const links = sorted(all(lido, 'administrativeMetadata', 'resourceWrap', 'resourceSet'))
    .flatMap((set) => kids(set, 'resourceRepresentation').filter((r) => !typeIs(r.attributes.type, LIDO_TERMS.thumbnail, 'thumbnail', 'preview_representation')))
    .flatMap((representation) => kids(representation, 'linkResource'))
    .map(textOf)
    .filter((link) => link !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(link));
  return [...new Set(links)].flatMap((link) => {
    try {
      return [resolveImage(options.folder!, link, 'linkResource')];
    } catch (error) {
      if (!(error instanceof ImageFileError)) throw error;
      options.warn?.({ field: 'lido:linkResource', reason: `${error.problem}: the record is imported without it`, value: link });
      return [];
    }
  });
}

/** A LIDO record as a description to validate, with its source id (the lidoRecID) and local image files. */
export function mapLidoRecord(record: LidoRecord, given: LidoMapOptions): MappedRecord {
  const lido = record.lido;
  if (!lido) throw new RowError('deleted at the source (OAI-PMH status "deleted"): not imported');
  const warnings: RecordWarning[] = [];
  const options: LidoMapOptions = { ...given, warn: (warning) => warnings.push(warning) };
  const dm = one(lido, 'descriptiveMetadata');
  const oiw = one(dm, 'objectIdentificationWrap');
  const events = all(dm, 'eventWrap', 'eventSet', 'event');
  const production = events.filter((event) => eventKind(event) === 'production');
  const finding = events.filter((event) => eventKind(event) === 'finding');
  const related = relatedWorks(dm);
  const measured = measurements(oiw, options);
  const described = descriptions(oiw, options);
  const found = images(lido, options);
  const number = inventoryNumber(dm);
  const holder = holderOf(dm);
  return {
    ...(holder === undefined ? {} : { holder }),
    description: {
      ...(number === undefined ? {} : { inventoryNumber: number }),
      objectType: objectType(dm, options),
      title: title(oiw, options),
      ...materialsAndTechniques(dm, production, options),
      measurements: measured.measurements,
      inscriptions: inscriptions(oiw),
      dating: datingOf(production, options.warn),
      makers: makersOf(production),
      subject: subject(dm, options),
      description: withUnread(described.description, measured.unread),
      distinguishingFeatures: described.distinguishingFeatures,
      relatedWrittenMaterial: related.relatedWrittenMaterial,
      places: [...placesOf(production, 'origin'), ...placesOf(finding, 'discovery')],
      crossReferences: related.crossReferences,
      dateDocumented: dateDocumented(lido),
    },
    ...(record.id === undefined ? {} : { sourceId: record.id }),
    ...(found.length > 0 ? { images: found } : {}),
    ...(warnings.length === 0 ? {} : { warnings }),
  };
}

/** `egide import --format lido`: lidoWrap files, bare records, OAI-PMH responses carrying LIDO. */
export const lidoFormat: ImportFormat = {
  name: 'lido',
  extensions: ['.xml', '.lido'],
  open(file, { lang }): OpenedImport<unknown> {
    const source = openLidoSource(file);
    const options: LidoMapOptions = { lang, folder: imageFolder(dirname(file)) };
    return { source, map: (record) => mapLidoRecord(record as LidoRecord, options) };
  },
};
