import type { Measurement } from '../registry/object-record.js';
import { decimal } from './xml.js';

/**
 * One measurement as `registry/measurements.ts` reads it back: "height 30 cm", "frame: width 91.5 cm".
 * The dimension words are the English ones of the parser's vocabulary.
 */
export function measurementText(m: Measurement, withPart = true): string {
  const text = `${m.dimension} ${decimal(m.value)} ${m.unit}`;
  return withPart && m.part ? `${m.part}: ${text}` : text;
}

/**
 * Measurements in runs of the same part (`undefined` for the whole object), in their order: one
 * LIDO objectMeasurementsSet per run, so that reading the sets back gives the list unchanged.
 */
export function measurementGroups(measurements: readonly Measurement[]): Array<{ part: string | undefined; measurements: Measurement[] }> {
  const groups: Array<{ part: string | undefined; measurements: Measurement[] }> = [];
  for (const m of measurements) {
    const part = m.part?.trim() || undefined;
    const last = groups.at(-1);
    if (last && last.part === part) last.measurements.push(m);
    else groups.push({ part, measurements: [m] });
  }
  return groups;
}

/** A display statement of every measurement: "height 30 cm, width 40 cm; frame: height 76 cm". */
export function measurementsStatement(measurements: readonly Measurement[]): string {
  return measurementGroups(measurements)
    .map((g) => (g.part ? `${g.part}: ` : '') + g.measurements.map((m) => measurementText(m, false)).join(', '))
    .join('; ');
}
