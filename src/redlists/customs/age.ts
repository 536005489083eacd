/**
 * How old an object of a declared period is, in whole years counted from the check's year. There
 * is no year 0: 1 BCE (-1) is followed by 1 CE, so a BCE year is one year older than the arithmetic says.
 */
export function yearsSince(year: number, today: Date): number {
  const now = today.getUTCFullYear();
  return year < 0 ? now - year - 1 : now - year;
}

/** The youngest and oldest the object may be: the period's latest year gives the youngest age. */
export function ageRange(period: { from: number; to: number }, today: Date): { youngest: number; oldest: number } {
  return { youngest: yearsSince(period.to, today), oldest: yearsSince(period.from, today) };
}

/**
 * Whether the object is "more than `threshold` years old" (strictly, in whole years): 'yes' when
 * even its latest year is, 'no' when even its earliest year is not, 'straddles' when the period
 * spans the threshold, 'unknown' without a period.
 */
export type AgeTest = 'yes' | 'no' | 'straddles' | 'unknown';
export function olderThan(period: { from: number; to: number } | undefined, threshold: number, today: Date): AgeTest {
  if (!period) return 'unknown';
  const { youngest, oldest } = ageRange(period, today);
  if (youngest > threshold) return 'yes';
  if (oldest <= threshold) return 'no';
  return 'straddles';
}
