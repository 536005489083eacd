/**
 * How the observatory publishes figures to everyone but investigators and admins, so that no figure
 * and no combination of figures reveals a single record, private ones included.
 *
 * Suppressing small cells of each chart separately is not enough: a total minus the visible cells,
 * a filter minus a narrower one, a year minus its months give back what was hidden; rounding each
 * figure separately does not close it either (an attacker who subtracts two independently rounded
 * figures can still prove a hidden cell non-empty, or pin it when several roundings fall the same
 * way). So public figures are additive by construction:
 *
 * - the finest cells are one measure, year, country, object type, current status and breakdown
 *   value (observatory-cube.ts);
 * - each finest cell counts as `publishCell(n)`: 0 below THRESHOLD, else n rounded to a multiple of ROUNDING;
 * - every public figure (a row, a total, a share, a median) is a sum or function of those published
 *   cells only, never of an exact count.
 *
 * An object whose finest cells hold fewer than THRESHOLD objects therefore changes no public
 * figure at all: the public figures with and without it are identical, whatever the filters and
 * drill-downs (observatory-privacy.test.ts checks it on random incident sets with fast-check). The
 * price is that public counts leave out objects in groups under THRESHOLD, which the pages say.
 */
import type { PublishedCount } from './observatory-figures.js';

/** The smallest group counted in public (issue 15: "any cell counting fewer than 5 objects is suppressed"). */
export const THRESHOLD = 5;
/** Public counts are multiples of this: a change of one object in a large group is not told apart either. */
export const ROUNDING = 5;
/** A median over fewer recoveries is too close to one object's story. */
export const MEDIAN_MIN = 10;

/** What one finest cell adds to the public figures: 0 below THRESHOLD, else its count rounded half up to a multiple of ROUNDING. */
export function publishCell(n: number): number {
  return n < THRESHOLD ? 0 : ROUNDING * Math.floor((n + Math.floor(ROUNDING / 2)) / ROUNDING);
}

/** A sum of published cells as a count: under the threshold (only 0 can be) it is `{ fewerThan }`. */
export function publishedCount(sum: number): PublishedCount {
  return sum < THRESHOLD ? { fewerThan: THRESHOLD } : { value: sum };
}

export function exactCount(n: number): PublishedCount {
  return { value: n };
}

/** The published value, or null when under the threshold. */
export function valueOf(count: PublishedCount): number | null {
  return 'value' in count ? count.value : null;
}

/** A share (0–1) of two counts, null when the whole is 0. */
export function shareOf(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.min(1, part / whole);
}

/** The median of a histogram (value → count), the lower middle for an even count. */
export function medianOf(histogram: ReadonlyArray<readonly [number, number]>): number | null {
  const sorted = [...histogram].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((sum, [, n]) => sum + n, 0);
  let seen = 0;
  for (const [value, n] of sorted) {
    seen += n;
    if (seen * 2 >= total) return value;
  }
  return null;
}

/** The public median of a histogram of published cells: only over MEDIAN_MIN values or more. */
export function publishedMedian(histogram: ReadonlyArray<readonly [number, number]>): number | null {
  const total = histogram.reduce((sum, [, n]) => sum + n, 0);
  return total < MEDIAN_MIN ? null : medianOf(histogram);
}
