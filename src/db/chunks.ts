/**
 * Bound parameters per statement: under SQLite's limit (32,766) and PostgreSQL's (65,535), so a
 * multi-row insert sized by `rowsPerStatement` runs on both engines.
 */
const MAX_PARAMETERS = 30_000;

/**
 * Values per `in (…)` list: a list this long still uses the index on both engines, and a batch of
 * an import (at most a few thousand keys) takes a handful of statements.
 */
export const IN_LIST_SIZE = 500;

/** `items` cut into consecutive slices of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** How many rows of `columns` bound values a multi-row insert may carry. */
export function rowsPerStatement(columns: number): number {
  return Math.max(1, Math.floor(MAX_PARAMETERS / Math.max(1, columns)));
}

/** `rows` cut into multi-row inserts that each stay under the engines' parameter limit. */
export function insertChunks<T extends object>(rows: readonly T[]): T[][] {
  return chunks(rows, rowsPerStatement(Object.keys(rows[0] ?? {}).length));
}

/** The distinct `values` cut into `in (…)` lists of `IN_LIST_SIZE`. */
export function inLists<T>(values: Iterable<T>): T[][] {
  return chunks([...new Set(values)], IN_LIST_SIZE);
}

/**
 * A table read in pages by its increasing `seq` after `afterSeq` (keyset paging: each page starts
 * after the last key of the one before, so rows added meanwhile are read and none twice).
 */
export async function* pagesBySeq<R extends { seq: number }>(afterSeq: number, page: (afterSeq: number) => Promise<R[]>): AsyncGenerator<R[]> {
  let last = afterSeq;
  for (;;) {
    const rows = await page(last);
    if (rows.length === 0) return;
    last = rows[rows.length - 1]!.seq;
    yield rows;
  }
}
