import type { LotFields, ProvenanceGap } from './lot.js';

/** The years of looting and forced sales in Nazi-occupied Europe, as the Washington Principles read them. */
export const NAZI_ERA = { from: 1933, to: 1945 } as const;
/** The UNESCO 1970 Convention: what a lot did since then must be documented. */
export const UNESCO_YEAR = 1970;
/** Years between two dated events after 1970 (or the last one and today) beyond which the history has a gap. */
export const MAX_UNDOCUMENTED_YEARS = 20;

/** The years a provenance text names (1000–2099), in order. */
export function provenanceYears(text: string): number[] {
  const years = [...text.matchAll(/(?<!\d)(1\d{3}|20\d{2})(?!\d)/g)].map((match) => Number(match[1]));
  return [...new Set(years)].sort((a, b) => a - b);
}

/**
 * Gaps in a lot's provenance read from the years it names: none written; no dated event over
 * 1933–1945 for an object that existed then; and after 1970, the history stopping before it or
 * leaving more than twenty years without a dated event. A heuristic that says what to ask the
 * consignor, never that the lot is tainted.
 */
export function provenanceGaps(lot: Pick<LotFields, 'provenance' | 'period'>, today: Date): ProvenanceGap[] {
  const text = lot.provenance?.trim() ?? '';
  if (text === '') return ['no-provenance'];
  const years = provenanceYears(text);
  const gaps: ProvenanceGap[] = [];
  const madeBy = lot.period?.from;
  const existedThen = madeBy === undefined || madeBy <= NAZI_ERA.to;
  if (existedThen && !years.some((year) => year >= NAZI_ERA.from && year <= NAZI_ERA.to)) gaps.push('gap-1933-1945');
  const startsAt = madeBy !== undefined && madeBy > UNESCO_YEAR ? madeBy : UNESCO_YEAR;
  const points = [startsAt, ...years.filter((year) => year > startsAt), today.getUTCFullYear()];
  if (points.some((year, i) => i > 0 && year - points[i - 1]! > MAX_UNDOCUMENTED_YEARS)) gaps.push('gap-after-1970');
  return gaps;
}
