/**
 * Classes of a choropleth or of flow widths: quantiles of the values shown, so that each colour step
 * holds about as many countries whatever the skew (a few countries report most thefts). Pages and the
 * yearly report classify the same way, so the same count gets the same colour in both.
 */
export interface ValueClasses {
  /** Each class's smallest and largest value, lightest first. */
  ranges: Array<{ from: number; to: number }>;
  /** The class of a value (0 lightest); values beyond the ranges go to the nearest end. */
  stepOf(value: number): number;
}

export function quantileClasses(values: readonly number[], steps = 5): ValueClasses {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  const distinct = [...new Set(sorted)];
  const count = Math.max(1, Math.min(steps, distinct.length));
  // Lower bound of each class: the value at its quantile, never repeating the previous bound.
  const lowers: number[] = [];
  for (let index = 0; index < count; index++) {
    const previous = lowers[lowers.length - 1];
    let value = sorted[Math.floor((index * sorted.length) / count)] ?? 0;
    // A value repeated across quantiles (many countries at 5) would merge two classes: take the next one up.
    if (previous !== undefined && value <= previous) value = sorted.find((candidate) => candidate > previous) ?? previous;
    if (previous === undefined || value > previous) lowers.push(value);
  }
  const ranges = lowers.map((from, index) => {
    const next = lowers[index + 1];
    const to = next === undefined ? (sorted[sorted.length - 1] ?? from) : sorted.filter((value) => value < next).reduce((max, value) => Math.max(max, value), from);
    return { from, to };
  });
  return {
    ranges,
    stepOf(value) {
      let step = 0;
      for (let index = 0; index < lowers.length; index++) if (value >= (lowers[index] as number)) step = index;
      return step;
    },
  };
}
