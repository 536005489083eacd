/** What the property-based fuzzing of importers and HTTP parameters shares. */
import fc from 'fast-check';
import { DomainError } from '../errors.js';
import { RowError, SourceError } from '../interop/import/import-pipeline.js';

/**
 * Runs per property: modest, so that the security suite stays under a minute on two cores. A fixed
 * seed would hide new cases; fast-check prints the seed and path of a failure to replay it.
 */
export const FUZZ_RUNS = 60;

/**
 * A record must be read (or refused) within this. Generous, so that a loaded CI machine does not fail
 * it: catastrophic backtracking is exponential, and overshoots any bound (`^(a+)+$` took 12.6 s on 29
 * characters), while a record normally takes milliseconds.
 */
export const MAX_RECORD_MS = 5_000;

/** Per property: the runs take a few seconds, many more on a machine shared with other test workers. */
export const FUZZ_TIMEOUT_MS = 120_000;

/** The errors importers may raise: a record refused with its reason, a source unreadable past a line, a bad file. */
export function isTypedImportError(error: unknown): boolean {
  return error instanceof RowError || error instanceof SourceError || error instanceof DomainError;
}

/** Calls `read`; a typed error is an answer, anything else (a TypeError, a RangeError…) is a bug. */
export async function readOrRefuse<T>(read: () => T | Promise<T>): Promise<T | undefined> {
  const started = performance.now();
  let result: T | undefined;
  try {
    result = await read();
  } catch (error) {
    if (!isTypedImportError(error)) throw error;
  }
  const elapsed = performance.now() - started;
  if (elapsed > MAX_RECORD_MS) throw new Error(`Reading one record took ${Math.round(elapsed)} ms (limit ${MAX_RECORD_MS} ms).`);
  return result;
}

/**
 * Text as sources hold it: arbitrary Unicode, and the pieces cell readers split and parse (numbers,
 * units, separators, date words, markup, formula starts, control characters, replacement characters).
 */
export const messyText = (maxLength = 60) =>
  fc.oneof(
    fc.string({ maxLength, unit: 'grapheme' }),
    fc.string({
      maxLength,
      unit: fc.constantFrom(
        '12', '3.5', '0', '-4', '1e308', ' x ', 'x', 'cm', 'mm', 'in', 'kg', 'g', ';', '|', ':', ',', '/', '-', '–', '..', '(', ')', '[', ']',
        'c.', 'ca.', 'circa', 'BC', 'AD', 'BCE', '?', 's.n.', 'n/a', '1850', '-2000', 'century', 'th', '19', 'fr:', 'en:', 'es-419:',
        '<b>', '&amp;', '"', "'", '\\', '=', '+', '@', '\t', '\r', '\n', '\u0000', '\uFFFD', '\uFEFF', 'é', '𝔸', '../', '%2e', '*', '$',
      ),
    }),
  );
