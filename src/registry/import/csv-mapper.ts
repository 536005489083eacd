/**
 * One CSV row → an Object ID description (validated afterwards by the pipeline). The cell formats
 * are those `egide import --template csv` explains (CSV_COLUMN_HELP). A cell that cannot be read
 * with certainty throws a RowError naming its column: nothing is guessed.
 */
import { parseMeasurements } from '../measurements.js';
import { INSCRIPTION_KINDS, type Dating, type Inscription, type LanguageMap, type Maker, type Place, type Term } from '../object-record.js';
import { findTerm, termFor, toTerm, typePath, type VocabularyKind } from '../vocabulary.js';
import type { CsvColumn } from './csv-format.js';
import type { CsvRow } from './csv-source.js';
import { resolveImage } from './import-images.js';
import { RowError, type ImageFile, type MappedRecord } from './import-pipeline.js';

export interface CsvMapOptions {
  /** The language of texts written without a language tag (BCP 47, e.g. "en"). */
  lang: string;
  /** The real path of the CSV file's folder (see `imageFolder`): images must be inside it. */
  folder: string;
}

/** A CSV row as a description to validate, with its image files. */
export function mapCsvRow(row: CsvRow, options: CsvMapOptions): MappedRecord {
  const cell = (column: CsvColumn): string => {
    const value = row[column];
    if (value === undefined || value === '') return '';
    if (value.includes('\uFFFD')) throw new RowError(`${column}: the text is not UTF-8 (save the file as "CSV UTF-8")`);
    return value.trim();
  };
  const inventoryNumber = cell('inventory_number');
  if (inventoryNumber === '') throw new RowError('inventory_number: missing');
  const images = cell('images');
  return {
    description: {
      inventoryNumber,
      title: languageMap(cell('title'), options.lang, 'title'),
      objectType: objectType(cell('object_type'), options.lang),
      materials: terms('material', cell('materials'), options.lang),
      techniques: terms('technique', cell('techniques'), options.lang),
      measurements: measurements(cell('measurements')),
      inscriptions: inscriptions(cell('inscriptions')),
      dating: dating(cell('date')),
      makers: makers(cell('maker')),
      subject: languageMap(cell('subject'), options.lang, 'subject'),
      distinguishingFeatures: languageMap(cell('distinguishing_features'), options.lang, 'distinguishing_features'),
      description: languageMap(cell('description'), options.lang, 'description'),
      places: places(cell('place_of_origin')),
    },
    images: images === '' ? [] : imageFiles(images, options.folder),
  };
}

const TAGGED = /^([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\s*:\s*([\s\S]*)$/;

/**
 * "fr:Portrait d’un évêque|en:Portrait of a bishop" → one text per language; text without
 * language tags is in `lang` (and may then contain "|").
 */
export function languageMap(text: string, lang: string, column: string): LanguageMap {
  if (text === '') return {};
  if (!text.includes(':')) return { [lang]: text };
  const parts = text.split('|');
  const tagged = parts.map((part) => TAGGED.exec(part.trim()));
  if (tagged.every((match) => match === null)) return { [lang]: text };
  if (tagged.some((match, i) => match === null && parts[i]!.trim() !== '')) {
    throw new RowError(`${column}: give every text a language ("fr:…|en:…") or none`);
  }
  const map: LanguageMap = {};
  for (const match of tagged) {
    if (!match) continue;
    const [, tag, value] = match as unknown as [string, string, string];
    if (tag in map) throw new RowError(`${column}: the language "${tag}" is given twice`);
    if (value.trim() !== '') map[tag] = value.trim();
  }
  return map;
}

/** Vocabulary look-ups of this process: files repeat the same few hundred terms in thousands of rows. */
const looked = new Map<string, Term | undefined>();

/** The vocabulary term free text names, or a free-text term in `lang` (see termFor), looked up once per process. */
export function term(kind: VocabularyKind, text: string, lang: string): Term | undefined {
  const key = `${kind}\u0000${lang}\u0000${text}`;
  if (looked.has(key)) return looked.get(key);
  if (looked.size >= 10_000) looked.clear();
  const found = termFor(kind, text, lang);
  looked.set(key, found);
  return found;
}

/** "ceramics > jar": each level a vocabulary term or free text. One known term is completed with its broader types. */
export function objectType(text: string, lang: string): Term[] {
  const levels = text.split(/\s*[>›]\s*/).map((level) => level.trim()).filter(Boolean);
  if (levels.length === 1) {
    const known = findTerm('objectType', levels[0]!);
    if (known) return typePath(known.key).map(toTerm);
  }
  return levels.map((level) => term('objectType', level, lang)!);
}

/** "oil paint; canvas": vocabulary terms or free text, without repeats. */
export function terms(kind: VocabularyKind, text: string, lang: string): Term[] {
  const out: Term[] = [];
  const seen = new Set<string>();
  for (const part of text.split(';')) {
    const found = term(kind, part.trim(), lang);
    if (!found) continue;
    const id = found.aat ?? JSON.stringify(found.label);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(found);
  }
  return out;
}

function measurements(text: string) {
  if (text === '') return [];
  const parsed = parseMeasurements(text);
  if (parsed.unparsed.length > 0) {
    throw new RowError(`measurements: cannot read ${parsed.unparsed.map((piece) => `"${piece}"`).join(', ')} (write e.g. "H 30 x W 40 cm" or "30 x 40 x 5 cm")`);
  }
  return parsed.measurements;
}

const KIND = new RegExp(`^(${INSCRIPTION_KINDS.join('|')})\\s*:\\s*`, 'i');

/** "signature: J. Smith @ lower right | mark: crown" (the language of an inscription is not guessed). */
export function inscriptions(text: string): Inscription[] {
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
    if (inscription === '') throw new RowError(`inscriptions: "${part.trim()}" has no text`);
    out.push(position ? { kind, text: inscription, position } : { kind, text: inscription });
  }
  return out;
}

/** Years either side of a "c. 1650" (as the CDWA suggests). */
export const CIRCA_YEARS = 10;

/**
 * "1650", "c. 1650", "1650-1660", "1650–60", "1650s", "17th century" → display and years; other
 * text ("Ming dynasty") is kept for display only. A range that ends before it starts fails.
 */
export function dating(text: string): Dating | null {
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
    if (latest < earliest) throw new RowError(`date: "${display}" ends before it starts`);
    return { display, earliest, latest };
  }
  if ((m = /^(\d{2,3})0s$/.exec(display))) return { display, earliest: Number(m[1]) * 10, latest: Number(m[1]) * 10 + 9 };
  if ((m = /^(\d{1,2})(?:st|nd|rd|th)\s+century$/i.exec(display))) {
    const century = Number(m[1]);
    if (century >= 1) return { display, earliest: (century - 1) * 100, latest: century * 100 - 1 };
  }
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
export function places(text: string): Place[] {
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
    if (!isCountry(country)) throw new RowError(`place_of_origin: "${m[2]}" is not a country code (ISO 3166-1, e.g. FR, NL, ES)`);
    out.push({ name: m[1]!.trim() || written, country, kind: 'origin' });
  }
  return out;
}

function imageFiles(text: string, folder: string): ImageFile[] {
  const files: ImageFile[] = [];
  for (const name of text.split('|')) {
    if (name.trim() === '') continue;
    files.push(resolveImage(folder, name));
  }
  return files;
}
