/**
 * Where a mapping file reads a value: in a JSON record, a dotted path with array steps
 * (`dateRange.startYear`, `contributors[*].fc`, `titles[0].value`); in a CSV row, a column named
 * as the header line writes it. Paths are checked once, when the mapping is compiled, so that a
 * mistake is reported before anything is imported.
 */

/** Reads every value a path leads to in one record (none when it leads nowhere). */
export type PathReader = (record: unknown) => unknown[];

/** Compiles a path of the mapping, or says why it cannot be one. */
export type PathCompiler = (path: string) => PathReader | { problem: string };

/** A key step also matches the key written with a leading byte-order mark (`marked`), and the other way round. */
type Step = { key: string; marked: string } | { index: number } | { all: true };

const BOM = '\uFEFF';

const SEGMENT = /^([^.[\]]+)((?:\[(?:\*|\d+)\])*)$/;
const BRACKET = /\[(\*|\d+)\]/g;

function jsonSteps(path: string): Step[] | undefined {
  const steps: Step[] = [];
  for (const segment of path.split('.')) {
    const m = SEGMENT.exec(segment);
    if (!m) return undefined;
    const key = m[1]!.startsWith(BOM) ? m[1]!.slice(1) : m[1]!;
    steps.push({ key, marked: BOM + key });
    for (const [, inside] of m[2]!.matchAll(BRACKET)) steps.push(inside === '*' ? { all: true } : { index: Number(inside) });
  }
  return steps;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Paths into JSON records: a step on a missing key, or through an array without `[*]`, leads nowhere.
 * Keys are matched with or without a leading byte-order mark (spreadsheet conversions leave one).
 */
export const jsonPath: PathCompiler = (path) => {
  const steps = jsonSteps(path);
  if (!steps) return { problem: `"${path}" is not a path: write keys separated by dots, with [*] for every item of an array or [0] for the first (e.g. contributors[*].name)` };
  return (record) => {
    let values: unknown[] = [record];
    for (const step of steps) {
      const next: unknown[] = [];
      for (const value of values) {
        if ('key' in step) {
          if (!isPlainObject(value)) continue;
          if (Object.hasOwn(value, step.key)) next.push(value[step.key]);
          else if (Object.hasOwn(value, step.marked)) next.push(value[step.marked]);
        } else if (Array.isArray(value)) {
          if ('all' in step) next.push(...value);
          else if (step.index < value.length) next.push(value[step.index]);
        }
      }
      values = next;
    }
    return values.filter((value) => value !== null && value !== undefined);
  };
};

/** Paths into CSV rows: the name of a column of the file's header line. */
export function csvColumn(columns: readonly string[]): PathCompiler {
  const known = new Set(columns);
  return (path) => {
    if (!known.has(path)) return { problem: `no column "${path}" in the file (its columns: ${columns.map((column) => `"${column}"`).join(', ')})` };
    return csvCell(path);
  };
}

/** Paths into CSV rows, whatever their columns: a column a row does not have leads nowhere. */
export const csvCell = (path: string): PathReader => (record) => {
  const value = (record as Record<string, string | undefined>)[path];
  return value === undefined ? [] : [value];
};
