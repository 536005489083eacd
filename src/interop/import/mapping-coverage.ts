/**
 * The coverage of a mapped import: in how many records each field of the mapping got a value, and
 * each of its paths was found, so that a path that leads nowhere (a misspelt column or key, a
 * field the export does not have) shows at once: `title: "Title" found in 0 of 123,919 records`.
 * Paths are read again here, on their own, so that a path a field never reached (a fallback rule
 * after one that gave a value) is counted too.
 */
import type { MappedRecord } from './import-pipeline.js';
import { isParts } from './mapping-fields.js';
import type { Mapping, RulesInput } from './mapping-file.js';
import type { PathCompiler, PathReader } from './mapping-path.js';

export interface MappingCoverage {
  /** Records the mapping read. */
  records: number;
  /** Each field of the mapping (and `sourceId`), with the records it got a value in. */
  fields: Array<{ field: string; records: number }>;
  /** Each path of the mapping (`within`: the items it is read in), with the records it was found in. */
  paths: Array<{ field: string; path: string; within?: string; records: number }>;
}

/** Keys of a field given with its parts that are not rules. */
const NOT_RULES = new Set(['each', 'terms', 'unreadable']);

interface CountedPath {
  field: string;
  path: string;
  within?: string;
  read: PathReader;
  items?: PathReader;
  records: number;
}

/** A value a path led to that counts as found: not empty text, not an empty list or object. */
function found(values: unknown[]): boolean {
  return values.some((value) => {
    if (typeof value === 'string') return value.trim() !== '';
    if (Array.isArray(value)) return value.length > 0;
    if (typeof value === 'object' && value !== null) return Object.keys(value).length > 0;
    return value !== null && value !== undefined;
  });
}

/** The paths that rules read (a path, several, and `when` paths). */
function rulePaths(input: RulesInput): string[] {
  const list = Array.isArray(input) ? input : [input];
  return list.flatMap((rule) => {
    if (typeof rule === 'string') return [rule];
    const paths = rule.path === undefined ? [] : Array.isArray(rule.path) ? rule.path : [rule.path];
    return rule.when ? [...paths, rule.when.path] : paths;
  });
}

/** Whether a field of the description holds a value. */
function filled(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** Whether a mapped record got a value for a field of the mapping. */
function fieldFilled(field: string, mapped: MappedRecord): boolean {
  const description = (mapped.description ?? {}) as Record<string, unknown>;
  if (field === 'sourceId') return mapped.sourceId !== undefined;
  if (field === 'organisation') return mapped.holder !== undefined;
  if (field === 'materialsAndTechniques') return filled(description.materials) || filled(description.techniques);
  return filled(description[field]);
}

/** Counts the coverage of one mapping over the records it maps (in one file, or every file of a folder). */
export class CoverageCounter {
  private records = 0;
  private readonly fields: Array<{ field: string; records: number }>;
  private readonly paths: CountedPath[] = [];

  /** `path` compiles the mapping's paths (already checked by compiling the mapping itself). */
  constructor(mapping: Mapping, path: PathCompiler) {
    const reader = (text: string): PathReader => {
      const compiled = path(text);
      return typeof compiled === 'function' ? compiled : () => [];
    };
    const fieldsOf = Object.entries(mapping.fields).filter(([, input]) => input !== undefined) as Array<[string, RulesInput | Record<string, unknown>]>;
    const all = mapping.sourceId === undefined ? fieldsOf : [['sourceId', mapping.sourceId] as [string, RulesInput], ...fieldsOf];
    this.fields = all.map(([field]) => ({ field, records: 0 }));
    for (const [field, input] of all) {
      if (!isParts<Record<string, unknown>>(input)) {
        for (const text of rulePaths(input)) this.paths.push({ field, path: text, read: reader(text), records: 0 });
        continue;
      }
      const parts = input as Record<string, unknown>;
      const each = typeof parts.each === 'string' ? parts.each : undefined;
      const items = each === undefined ? undefined : reader(each);
      if (each !== undefined) this.paths.push({ field, path: each, read: reader(each), records: 0 });
      for (const [key, rules] of Object.entries(parts)) {
        if (NOT_RULES.has(key) || rules === undefined) continue;
        for (const text of rulePaths(rules as RulesInput)) {
          this.paths.push({ field: `${field}.${key}`, path: text, read: reader(text), ...(each === undefined ? {} : { within: each, items }), records: 0 });
        }
      }
    }
  }

  /** Counts one record: its paths, and the fields its mapping gave (none when it could not be mapped). */
  count(record: unknown, mapped: MappedRecord | undefined): void {
    this.records += 1;
    for (const path of this.paths) {
      const where = path.items ? path.items(record) : [record];
      if (where.some((item) => found(path.read(item)))) path.records += 1;
    }
    if (!mapped) return;
    for (const field of this.fields) if (fieldFilled(field.field, mapped)) field.records += 1;
  }

  result(): MappingCoverage {
    return {
      records: this.records,
      fields: this.fields.map((field) => ({ ...field })),
      paths: this.paths.map(({ field, path, within, records }) => ({ field, path, ...(within === undefined ? {} : { within }), records })),
    };
  }
}

/**
 * The coverage of one import, whatever number of files it reads: the first file mapped makes the
 * counter (all files of an import share their format and mapping), and every file counts into it.
 */
export class CoverageCollector {
  private counter: CoverageCounter | undefined;

  counterFor(mapping: Mapping, path: PathCompiler): CoverageCounter {
    return (this.counter ??= new CoverageCounter(mapping, path));
  }

  /** Undefined when nothing was mapped. */
  result(): MappingCoverage | undefined {
    return this.counter?.result();
  }
}

/** Wraps a mapper so that each record it reads is counted. */
export function countingMapper(map: (record: unknown) => MappedRecord, counter: CoverageCounter): (record: unknown) => MappedRecord {
  return (record) => {
    let mapped: MappedRecord | undefined;
    try {
      mapped = map(record);
      return mapped;
    } finally {
      counter.count(record, mapped);
    }
  };
}

const share = (count: number, total: number) => (total === 0 ? '–' : `${((100 * count) / total).toFixed(1)} %`);
const number = (n: number) => n.toLocaleString('en-US');

/** The coverage as a table, one line per field, then a warning for each path found in no record. */
export function formatCoverage(coverage: MappingCoverage): string[] {
  const width = Math.max(5, ...coverage.fields.map(({ field }) => field.length));
  const counts = coverage.fields.map(({ records }) => number(records));
  const countWidth = Math.max(7, ...counts.map((count) => count.length));
  const lines = [
    `mapping coverage, ${number(coverage.records)} record${coverage.records === 1 ? '' : 's'}:`,
    `  ${'field'.padEnd(width)}  ${'records'.padStart(countWidth)}  share`,
    ...coverage.fields.map(({ field, records }, i) => `  ${field.padEnd(width)}  ${counts[i]!.padStart(countWidth)}  ${share(records, coverage.records)}`),
  ];
  for (const { field, path, within, records } of coverage.paths) {
    if (records === 0 && coverage.records > 0) lines.push(`warning: ${field}: "${path}"${within === undefined ? '' : ` (in ${within})`} found in 0 of ${number(coverage.records)} records`);
  }
  return lines;
}
