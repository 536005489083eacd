/**
 * CSV formula injection (OWASP "CSV Injection"): a spreadsheet opening a CSV file runs a cell that
 * starts with `=`, `+`, `-` or `@` as a formula (tab and carriage return too, as some strip them
 * first). Egide writes such a cell with a single quote in front, which spreadsheets show as text.
 *
 * A cell that is a plain number ("-500", a year before the common era, "+3", "-12.5") is not a
 * formula in any spreadsheet and is written as it is, so that exports stay readable as numbers.
 * A cell that already starts with quotes before a formula character gets one more, so that reading
 * the file back (`restoreFormulaCell`, one quote taken off exactly there) gives the value exported.
 */

/** One or more leading quotes, then a character a spreadsheet would start a formula with. */
const QUOTED_FORMULA = /^'+[=+\-@\t\r]/;
const FORMULA_OR_QUOTED_FORMULA = /^'*[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(?:[.,]\d+)?$/;

/** The cell as it is safe to write in a CSV file a spreadsheet may open. */
export function neutraliseFormulaCell(cell: string): string {
  return FORMULA_OR_QUOTED_FORMULA.test(cell) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell;
}

/** The value of a cell `neutraliseFormulaCell` wrote: its added quote taken off, and only that one. */
export function restoreFormulaCell(cell: string): string {
  return QUOTED_FORMULA.test(cell) ? cell.slice(1) : cell;
}
