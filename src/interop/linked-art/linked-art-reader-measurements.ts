/**
 * The measurements of a Linked Art object, from its dimension statements ("H. 12 x W. 8 cm",
 * "8.61 grams", "Weight: 3.2 kg") and its `dimension` entries (a value with a unit, or a text only).
 *
 * A statement that reads in full comes first (it holds the measurements of parts too, which
 * `dimension` entries lack); `dimension` entries add the dimensions it does not give (often the
 * weight). When a statement does not read in full, the entries come first and the statement adds
 * what it could read. What cannot be read is returned as text, for the description, with a warning.
 */
import type { RecordWarning } from '../import/import-pipeline.js';
import { parseMeasurements } from '../../registry/measurements.js';
import type { Measurement } from '../../registry/object-record.js';
import { DIMENSION_CONCEPTS, LA_READ, UNIT_CONCEPTS } from '../aat.js';
import { aatOf, classifications, list, text, type Json } from './linked-art-nodes.js';

export interface ReadMeasurements {
  measurements: Measurement[];
  /** Texts that could not be read, as written. */
  unread: string[];
  warnings: RecordWarning[];
}

const dimensionByAat = new Map(Object.entries(DIMENSION_CONCEPTS).map(([dimension, concept]) => [concept.aat, dimension as Measurement['dimension']]));
const unitByAat = new Map(Object.entries(UNIT_CONCEPTS).map(([unit, concept]) => [concept.aat, unit as Measurement['unit']]));

const UNREAD = 'could not be read as a measurement: kept as text in the description';

/** A number, or a numeric string ("8.61", as numismatics.org writes weights). */
function numberOf(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+(?:\.\d+)?\s*$/.test(value) ? Number(value) : undefined;
  return number !== undefined && Number.isFinite(number) ? number : undefined;
}

/** An entry's value as written: a number or a text, any other JSON as JSON (nothing lost to "[object Object]"). */
const valueText = (value: unknown): string => (typeof value === 'number' || typeof value === 'string' ? String(value) : JSON.stringify(value));

/** Measurements of a text when it reads in full and gives some. */
function readInFull(source: string): Measurement[] | undefined {
  const parsed = parseMeasurements(source);
  return parsed.unparsed.length === 0 && parsed.measurements.length > 0 ? parsed.measurements : undefined;
}

type EntryReading = { measurements: Measurement[] } | { unread: string } | undefined;

/**
 * One `dimension` entry: structured, else its text; a text that starts with its number is read with
 * the entry's dimension first ("weight" + "8.61 grams", "diameter" + "2 cm", not a height).
 */
function readEntry(entry: Json): EntryReading {
  const kinds = classifications(entry);
  if (kinds.includes(LA_READ.positionalAttributes)) return undefined;
  const dimension = kinds.map((id) => dimensionByAat.get(id)).find(Boolean);
  const unitRef = list(entry.unit)[0];
  const unit = unitByAat.get(aatOf(unitRef) ?? '');
  const value = numberOf(entry.value);
  if (dimension && unit && value !== undefined) return { measurements: [{ dimension, value, unit }] };

  const written = text(entry._label) || text(list(entry.identified_by).find((name) => text(name.content))?.content);
  const valued = entry.value === undefined || entry.value === null ? '' : `${valueText(entry.value)} ${text(unitRef?._label)}`.trim();
  const candidates = [written, valued].filter(Boolean);
  for (const candidate of candidates) {
    const read = readInFull(dimension && /^\d/.test(candidate) ? `${dimension} ${candidate}` : candidate);
    if (read) return { measurements: read };
  }
  if (candidates.length === 0) return undefined;
  // The written text when it carries the value, else the value named by the entry's label or type ("die axis: 12 clock hours").
  if (written && (entry.value === undefined || written.includes(valueText(entry.value)))) return { unread: written };
  const kind = written || text(list(entry.classified_as)[0]?._label);
  return { unread: kind ? `${kind}: ${valued}` : valued };
}

const keyOf = (m: Measurement) => `${m.part ?? ''}\u0000${m.dimension}`;

/** `first`, then those of `then` whose dimension (of the same part) `first` does not give. */
function merge(first: Measurement[], then: Measurement[]): Measurement[] {
  const given = new Set(first.map(keyOf));
  return [...first, ...then.filter((m) => !given.has(keyOf(m)))];
}

/** The measurements of an object's `dimension` entries and dimension statements (their texts). */
export function readMeasurements(entries: Json[], statements: string[]): ReadMeasurements {
  const warnings: RecordWarning[] = [];
  const unread: string[] = [];
  const structured: Measurement[] = [];
  for (const entry of entries) {
    const reading = readEntry(entry);
    if (reading === undefined) continue;
    if ('measurements' in reading) structured.push(...reading.measurements);
    else {
      unread.push(reading.unread);
      warnings.push({ field: 'dimension', reason: UNREAD, value: reading.unread });
    }
  }

  const parsed = statements.map((statement) => ({ statement, ...parseMeasurements(statement) }));
  const statementsRead = parsed.length > 0 && parsed.every((p) => p.unparsed.length === 0 && p.measurements.length > 0);
  const fromStatements = parsed.flatMap((p) => p.measurements);
  for (const p of parsed) {
    for (const piece of p.unparsed) warnings.push({ field: 'dimension statement', reason: UNREAD, value: piece });
    if (p.unparsed.length > 0 || p.measurements.length === 0) unread.push(p.statement);
  }
  const measurements = statementsRead ? merge(fromStatements, structured) : merge(structured, fromStatements);
  return { measurements, unread, warnings };
}
