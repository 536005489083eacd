/**
 * One CSV row → an Object ID description (validated afterwards by the pipeline). The cell formats
 * are those `egide import --template csv` explains (CSV_COLUMN_HELP). Nothing is guessed, and
 * nothing that can be kept is lost: a cell that cannot be read with certainty is kept as text (a
 * date as its display text, a measurement in the description, a term as free text) with a warning
 * naming its column; an image file that is not there is left out with a warning.
 */
import { parseMeasurements } from '../../registry/measurements.js';
import { INSCRIPTION_KINDS, type Dating, type Inscription, type LanguageMap, type Maker, type Measurement, type Place, type Term } from '../../registry/object-record.js';
import { findTerm, termFor, toTerm, typePath, type VocabularyKind } from '../../registry/vocabulary.js';
import type { CsvColumn } from './csv-format.js';
import type { CsvRow } from './csv-source.js';
import { ImageFileError, resolveImage } from './import-images.js';
import { type ImageFile, type MappedRecord, type RecordWarning, type WarningSink } from './import-pipeline.js';

export interface CsvMapOptions {
  /** The language of texts written without a language tag (BCP 47, e.g. "en"). */
  lang: string;
  /** The real path of the CSV file's folder (see `imageFolder`): images must be inside it. */
  folder: string;
}

/** A CSV row as a description to validate, with its image files. */
export function mapCsvRow(row: CsvRow, options: CsvMapOptions): MappedRecord {
  // Invalid UTF-8 (decoded as U+FFFD) is left out by the pipeline, with a warning naming the column.
  const cell = (column: CsvColumn): string => row[column]?.trim() ?? '';
  const warnings: RecordWarning[] = [];
  const warn: WarningSink = (warning) => warnings.push(warning);
  const measured = measurements(cell('measurements'), warn);
  const description = languageMap(cell('description'), options.lang, 'description', warn);
  if (measured.unread !== '') description[options.lang] = [description[options.lang], measured.unread].filter(Boolean).join('\n\n');
  // A row without one is imported keyed by its title (the writer warns, or refuses a row that identifies nothing).
  const inventoryNumber = cell('inventory_number');
  const images = cell('images');
  return {
    description: {
      ...(inventoryNumber === '' ? {} : { inventoryNumber }),
      title: languageMap(cell('title'), options.lang, 'title', warn),
      objectType: objectType(cell('object_type'), options.lang, { warn, field: 'object_type' }),
      materials: terms('material', cell('materials'), options.lang, { warn, field: 'materials' }),
      techniques: terms('technique', cell('techniques'), options.lang, { warn, field: 'techniques' }),
      measurements: measured.measurements,
      inscriptions: inscriptions(cell('inscriptions'), warn),
      dating: dating(cell('date'), { warn, field: 'date' }),
      makers: makers(cell('maker')),
      subject: languageMap(cell('subject'), options.lang, 'subject', warn),
      distinguishingFeatures: languageMap(cell('distinguishing_features'), options.lang, 'distinguishing_features', warn),
      description,
      places: places(cell('place_of_origin'), warn),
    },
    images: images === '' ? [] : imageFiles(images, options.folder, warn),
    ...(warnings.length === 0 ? {} : { warnings }),
  };
}

/** Where a reading helper reports what it could not read with certainty, and the field as the source names it. */
export interface Warned {
  warn: WarningSink;
  field: string;
}

const TAGGED = /^([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\s*:\s*([\s\S]*)$/;

/**
 * "fr:Portrait d’un évêque|en:Portrait of a bishop" → one text per language; text without
 * language tags is in `lang` (and may then contain "|").
 */
export function languageMap(text: string, lang: string, column: string, warn?: WarningSink): LanguageMap {
  if (text === '') return {};
  if (!text.includes(':')) return { [lang]: text };
  const parts = text.split('|');
  const tagged = parts.map((part) => TAGGED.exec(part.trim()));
  if (tagged.every((match) => match === null)) return { [lang]: text };
  if (tagged.some((match, i) => match === null && parts[i]!.trim() !== '')) {
    // Some parts tagged, some not: the whole text is kept, in the file's language.
    warn?.({ field: column, reason: `give every text a language ("fr:…|en:…") or none: kept whole in "${lang}"`, value: text });
    return { [lang]: text };
  }
  const map: LanguageMap = {};
  for (const match of tagged) {
    if (!match) continue;
    const [, tag, value] = match as unknown as [string, string, string];
    if (value.trim() === '') continue;
    if (tag in map) {
      warn?.({ field: column, reason: `the language "${tag}" is given twice: both texts are kept`, value: value.trim() });
      map[tag] += `\n\n${value.trim()}`;
    } else map[tag] = value.trim();
  }
  return map;
}

/** Vocabulary look-ups of this process: files repeat the same few hundred terms in thousands of rows. */
const looked = new Map<string, { term: Term; known: boolean } | undefined>();

/** The vocabulary term free text names, or a free-text term in `lang` (see termFor), looked up once per process. */
function lookUp(kind: VocabularyKind, text: string, lang: string): { term: Term; known: boolean } | undefined {
  const key = `${kind}\u0000${lang}\u0000${text}`;
  if (looked.has(key)) return looked.get(key);
  if (looked.size >= 10_000) looked.clear();
  const found = termFor(kind, text, lang);
  const entry = found && { term: found, known: findTerm(kind, text.trim()) !== undefined };
  looked.set(key, entry);
  return entry;
}

/**
 * The vocabulary term free text names, or a free-text term in `lang`; with `warned`, a term the
 * vocabulary does not know is reported (it is kept as free text all the same).
 */
export function term(kind: VocabularyKind, text: string, lang: string, warned?: Warned): Term | undefined {
  const found = lookUp(kind, text, lang);
  if (found && !found.known) warned?.warn({ field: warned.field, reason: `not in the vocabulary: kept as free text`, value: text.trim() });
  return found?.term;
}

/** "ceramics > jar": each level a vocabulary term or free text. One known term is completed with its broader types. */
export function objectType(text: string, lang: string, warned?: Warned): Term[] {
  const levels = text.split(/\s*[>›]\s*/).map((level) => level.trim()).filter(Boolean);
  if (levels.length === 1) {
    const known = findTerm('objectType', levels[0]!);
    if (known) return typePath(known.key).map(toTerm);
  }
  return levels.map((level) => term('objectType', level, lang, warned)!);
}

/** "oil paint; canvas": vocabulary terms or free text, without repeats. */
export function terms(kind: VocabularyKind, text: string, lang: string, warned?: Warned): Term[] {
  const out: Term[] = [];
  const seen = new Set<string>();
  for (const part of text.split(';')) {
    const found = term(kind, part.trim(), lang, warned);
    if (!found) continue;
    const id = found.aat ?? JSON.stringify(found.label);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(found);
  }
  return out;
}

/** The measurements read, and the cell as written when part of it cannot be read (for the description). */
function measurements(text: string, warn: WarningSink): { measurements: Measurement[]; unread: string } {
  if (text === '') return { measurements: [], unread: '' };
  const parsed = parseMeasurements(text);
  if (parsed.unparsed.length === 0) return { measurements: parsed.measurements, unread: '' };
  const pieces = parsed.unparsed.map((piece) => `"${piece}"`).join(', ');
  warn({ field: 'measurements', reason: `cannot read ${pieces} (write e.g. "H 30 x W 40 cm"): kept as written in the description`, value: text });
  return { measurements: parsed.measurements, unread: text };
}

const KIND = new RegExp(`^(${INSCRIPTION_KINDS.join('|')})\\s*:\\s*`, 'i');

/** "signature: J. Smith @ lower right | mark: crown" (the language of an inscription is not guessed). */
export function inscriptions(text: string, warn?: WarningSink): Inscription[] {
  const out: Inscription[] = [];
  for (const part of text.split('|')) {
    let rest = part.trim();
    if (rest === '') continue;
    const kindMatch = KIND.exec(rest);
    const kind = (kindMatch ? kindMatch[1]!.toLowerCase() : 'inscription') as Inscription['kind'];
    if (kindMatch) rest = rest.slice(kindMatch[0].length);
    const at = rest.lastIndexOf(' @ ');
    const position = at === -1 ? '' : rest.slice(at + 3).trim();
    const inscription = (at === -1 ? rest : rest.slice(0, at)).trim();
    if (inscription === '') {
      warn?.({ field: 'inscriptions', reason: 'an inscription without text: left out', value: part.trim() });
      continue;
    }
    out.push(position ? { kind, text: inscription, position } : { kind, text: inscription });
  }
  return out;
}

/** Years either side of a "c. 1650" (as the CDWA suggests). */
export const CIRCA_YEARS = 10;

/**
 * "1650", "c. 1650", "1650-1660", "1650–60", "1650s", "17th century" → display and years; other
 * text ("Ming dynasty") is kept for display only. A range that ends before it starts, or a text with
 * digits that are not read as years ("circa early 1890s?"), is kept for display only too, with a warning.
 */
export function dating(text: string, warned?: Warned): Dating | null {
  if (text === '') return null;
  const display = text.replace(/\s+/g, ' ');
  let m: RegExpExecArray | null;
  if ((m = /^(\d{1,4})$/.exec(display))) return { display, earliest: Number(m[1]), latest: Number(m[1]) };
  if ((m = /^(?:c|ca|circa|about|around|vers|hacia)\.?\s*(\d{1,4})$/i.exec(display))) {
    const year = Number(m[1]);
    return { display, earliest: year - CIRCA_YEARS, latest: year + CIRCA_YEARS };
  }
  if ((m = /^(\d{1,4})\s*[-–—]\s*(\d{1,4})$/.exec(display))) {
    const start = m[1]!;
    const end = m[2]!;
    // "1650-60": the end shares the start's first digits.
    const latest = end.length < start.length ? Number(start.slice(0, start.length - end.length) + end) : Number(end);
    const earliest = Number(start);
    if (latest < earliest) {
      warned?.warn({ field: warned.field, reason: 'ends before it starts: kept as display text, without years', value: display });
      return { display };
    }
    return { display, earliest, latest };
  }
  if ((m = /^(\d{2,3})0s$/.exec(display))) return { display, earliest: Number(m[1]) * 10, latest: Number(m[1]) * 10 + 9 };
  if ((m = /^(\d{1,2})(?:st|nd|rd|th)\s+century$/i.exec(display))) {
    const century = Number(m[1]);
    if (century >= 1) return { display, earliest: (century - 1) * 100, latest: century * 100 - 1 };
  }
  // Digits that are not read as years ("circa early 1890s?"): the date is still shown, but no search
  // by period finds it, which the registrar should know. A text without digits ("Ming dynasty") is a
  // date written in words, as intended.
  if (/\d/.test(display)) warned?.warn({ field: warned.field, reason: 'no years could be read from it: kept as display text, without years', value: display });
  return { display };
}

/** "Rembrandt van Rijn; Workshop of Rembrandt" */
export function makers(text: string): Maker[] {
  return text
    .split(';')
    .map((name) => name.trim())
    .filter(Boolean)
    .map((name) => ({ name }));
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
/** Region codes that name no country. */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'ZZ']);
const countryCodes = new Map<string, boolean>();

function isCountry(code: string): boolean {
  let known = countryCodes.get(code);
  if (known === undefined) {
    known = regionNames.of(code) !== undefined && !NOT_COUNTRIES.has(code);
    countryCodes.set(code, known);
  }
  return known;
}

/** "Delft (NL); Paris (FR)": places of origin, with ISO 3166-1 country codes. */
export function places(text: string, warn?: WarningSink): Place[] {
  const out: Place[] = [];
  for (const part of text.split(';')) {
    const written = part.trim();
    if (written === '') continue;
    const m = /^(.*?)\s*\(\s*([A-Za-z]{2})\s*\)$/.exec(written);
    if (!m) {
      out.push({ name: written, kind: 'origin' });
      continue;
    }
    // UK is reserved in ISO 3166-1 for the United Kingdom, whose code is GB.
    const country = m[2]!.toUpperCase() === 'UK' ? 'GB' : m[2]!.toUpperCase();
    if (!isCountry(country)) {
      warn?.({ field: 'place_of_origin', reason: `"${m[2]}" is not a country code (ISO 3166-1, e.g. FR, NL, ES): the place is kept as written`, value: written });
      out.push({ name: written, kind: 'origin' });
      continue;
    }
    out.push({ name: m[1]!.trim() || written, country, kind: 'origin' });
  }
  return out;
}

/** The image files named; one that is not there (or not allowed) is left out with a warning. */
function imageFiles(text: string, folder: string, warn: WarningSink): ImageFile[] {
  const files: ImageFile[] = [];
  for (const name of text.split('|')) {
    if (name.trim() === '') continue;
    try {
      files.push(resolveImage(folder, name));
    } catch (error) {
      if (!(error instanceof ImageFileError)) throw error;
      warn({ field: 'images', reason: `${error.problem}: the record is imported without it`, value: name.trim() });
    }
  }
  return files;
}
