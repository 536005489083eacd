/**
 * Objects as rows of the CSV import format (`interop/import/csv-format.ts`, explained by
 * `egide import --template csv`), so that `egide export --format csv` imports back with
 * `egide import --format csv --lang <the same language>`.
 *
 * What the import format cannot carry is left out or simplified, never invented:
 * - texts in several languages are written `fr:…|en:…`; every other cell holds one language (`lang`):
 *   object types, materials and techniques are written by their label in that language (vocabulary
 *   terms are recognised again in any language, with their AAT id; free-text terms keep that label);
 * - makers' roles, inscriptions' languages, places of discovery, related written material,
 *   cross-references and the date documented have no column;
 * - the date is its display text: the import reads years from "1650", "c. 1650", "1650-1660",
 *   "1650s", "17th century", and keeps other text without years;
 * - `|` inside a text, `;` inside a list item and `>` inside a type level are separators of the
 *   format: they are written `¦`, `,` and `»` (see `clean`), so that the row still imports.
 * Images are file names relative to the CSV file (the CLI copies the photos there).
 * Cells a spreadsheet would run as formulas start with a quote (formula-guard.ts), taken off on import.
 */
import { pickText } from '../../registry/derived-columns.js';
import { CSV_COLUMNS, type CsvColumn } from '../import/csv-format.js';
import type { Inscription, LanguageMap, Term } from '../../registry/object-record.js';
import { languageEntries, type ExportableObject } from '../exportable-object.js';
import { measurementsStatement } from '../measurement-text.js';
import { neutraliseFormulaCell } from './formula-guard.js';

export { CSV_COLUMNS };

/** Text with the separators of a cell replaced, and line breaks kept only where the cell allows them. */
function clean(text: string, separators: { pipe?: boolean; semicolon?: boolean; greater?: boolean }): string {
  let out = text.trim();
  if (separators.pipe) out = out.replace(/\|/g, '¦');
  if (separators.semicolon) out = out.replace(/;/g, ',');
  if (separators.greater) out = out.replace(/[>›]/g, '»');
  return out;
}

export function formatLanguageMap(map: LanguageMap): string {
  return languageEntries(map)
    .map(([tag, text]) => `${tag}:${clean(text, { pipe: true })}`)
    .join('|');
}

/** A term's label in `lang`, else in the first language it has. */
function label(term: Term, lang: string): string {
  return term.label[lang]?.trim() || pickText(term.label);
}

export function formatObjectType(terms: readonly Term[], lang: string): string {
  return terms.map((t) => clean(label(t, lang), { greater: true, semicolon: true })).join(' > ');
}

export function formatTerms(terms: readonly Term[], lang: string): string {
  return terms.map((t) => clean(label(t, lang), { semicolon: true })).join('; ');
}

export function formatInscriptions(inscriptions: readonly Inscription[]): string {
  return inscriptions
    .map((i) => {
      const text = clean(i.text, { pipe: true });
      return i.position?.trim() ? `${i.kind}: ${text} @ ${clean(i.position, { pipe: true })}` : `${i.kind}: ${text}`;
    })
    .join(' | ');
}

export interface CsvRowOptions {
  /** The language of cells that hold one language (the import's `--lang`). */
  lang: string;
  /** The `images` cell: photo files relative to the CSV file. */
  images?: readonly string[];
}

/** The cells of one object, in `CSV_COLUMNS` order. */
export function csvRow(o: ExportableObject, options: CsvRowOptions): string[] {
  const d = o.description;
  const cells: Record<CsvColumn, string> = {
    // A placeholder ("s.n.") is written back as the source wrote it: importing the file again reads it as missing.
    inventory_number: d.inventoryNumber ?? d.inventoryNumberPlaceholder ?? '',
    title: formatLanguageMap(d.title),
    object_type: formatObjectType(d.objectType, options.lang),
    materials: formatTerms(d.materials, options.lang),
    techniques: formatTerms(d.techniques, options.lang),
    measurements: measurementsStatement(d.measurements),
    inscriptions: formatInscriptions(d.inscriptions),
    date: d.dating?.display.trim() ?? '',
    maker: d.makers.map((m) => clean(m.name, { semicolon: true })).join('; '),
    subject: formatLanguageMap(d.subject),
    distinguishing_features: formatLanguageMap(d.distinguishingFeatures),
    description: formatLanguageMap(d.description),
    place_of_origin: d.places
      .filter((p) => p.kind !== 'discovery')
      .map((p) => clean(p.name, { semicolon: true }) + (p.country ? ` (${p.country})` : ''))
      .join('; '),
    images: (options.images ?? []).map((name) => clean(name, { pipe: true })).join('|'),
  };
  return CSV_COLUMNS.map((column) => cells[column]);
}

/**
 * One CSV line (RFC 4180): cells a spreadsheet would run as formulas get a leading quote (see
 * formula-guard.ts), then cells are quoted when they hold a comma, quote, line break or edge spaces.
 */
export function csvLine(cells: readonly string[]): string {
  return (
    cells
      .map(neutraliseFormulaCell)
      .map((cell) => (/[",\r\n]|^\s|\s$/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell))
      .join(',') + '\r\n'
  );
}

export const CSV_HEADER = csvLine(CSV_COLUMNS);
