import { parse } from 'csv-parse/sync';
import { z } from '@hono/zod-openapi';
import { invalid, type FieldIssue } from '../errors.js';
import { isCountryCode, isRegionCode } from '../maps/countries.js';

/**
 * Published figures of others (a police survey's seizures by region, a specialised unit's yearly
 * recoveries) as the secretariat imports them: metadata naming the source, and rows of values by
 * area (a country, ISO 3166-1 alpha-2, or a UN M49 region) and/or year. They are shown beside Egide's
 * own figures and never summed with them: their definitions differ.
 *
 * A declared total is a row whose area or year is `total`: `total,2020,1500` declares the sum of every
 * area's 2020 value; `FR,total,80` the sum of France's years; `total,total,…` the grand total. A
 * dataset whose total does not equal the sum of its parts is refused with the total's row named.
 */
export const DATASET_UNITS = ['objects', 'items', 'cases', 'seizures'] as const;
export type DatasetUnit = (typeof DATASET_UNITS)[number];

export const TOTAL = 'total';

/** A row as stored: `area` and `year` absent when the dataset has no such dimension. */
export interface DatasetRow {
  area?: string;
  year?: number | typeof TOTAL;
  value: number;
}

/** Which dimensions the rows have, and whether areas are countries or regions. */
export interface DatasetShape {
  area: 'country' | 'region' | null;
  year: boolean;
}

export const DatasetSlugSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lowercase letters, digits and single hyphens')
  .max(80);

const shortText = (max: number) => z.string().trim().min(1).max(max);

export const DatasetMetadataSchema = z.object({
  slug: DatasetSlugSchema.openapi({ example: 'police-survey-2023' }),
  title: shortText(300).openapi({ description: 'The dataset’s title, as its source publishes it.', example: 'Seizures of cultural goods by region, 2019–2022' }),
  source: z.object({
    organisation: shortText(300).openapi({ example: 'A police cooperation body' }),
    title: shortText(500).openapi({ description: 'The publication the figures come from.', example: 'Survey on crimes against cultural property 2023' }),
    url: z.string().trim().url().max(500).optional(),
  }),
  publishedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2023-11-30').openapi({ example: '2023-11-30' }),
  definitions: shortText(5000).openapi({ description: 'What is counted, as the source defines it.' }),
  caveats: shortText(5000).openapi({ description: 'What the figures do not say, and why they cannot be added to others.' }),
  licence: shortText(200).openapi({ example: 'CC BY 4.0' }),
  unit: z.enum(DATASET_UNITS),
});
export type DatasetMetadata = z.infer<typeof DatasetMetadataSchema>;

/** Rows as JSON: the same columns as the CSV file; numbers or strings (`"total"`). */
export const JsonRowSchema = z
  .object({
    country: z.string().optional(),
    region: z.string().optional(),
    year: z.union([z.number(), z.string()]).optional(),
    value: z.union([z.number(), z.string()]),
  })
  .openapi('ExternalDatasetRowInput');
export type JsonRow = z.infer<typeof JsonRowSchema>;

/** A row as read from either format, with the name its problems are reported under. */
interface RawRow {
  place: (column: string) => string;
  cells: Partial<Record<'country' | 'region' | 'year' | 'value', string>>;
}

/** The largest dataset accepted: published tables are hundreds of rows (regions × years). */
export const MAX_ROWS = 20_000;
const CSV_COLUMNS = ['country', 'region', 'year', 'value'] as const;

/** The rows of a CSV file (a header naming `country` or `region`, and/or `year`, and `value`); each problem named by line and column. */
export function rowsFromCsv(text: string): RawRow[] {
  // csv-parse counts a CRLF inside a quoted cell twice: lines are counted on LF alone.
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(normalised, { info: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as unknown as typeof records;
  } catch (error) {
    throw invalid('The CSV file cannot be read.', [{ field: 'csv', message: (error as Error).message }]);
  }
  const [header, ...data] = records;
  if (!header) throw invalid('The CSV file is empty.', [{ field: 'csv', message: 'needs a header line and rows' }]);
  const names = header.record.map((name) => name.toLowerCase());
  const unknown = names.filter((name) => !(CSV_COLUMNS as readonly string[]).includes(name));
  if (unknown.length > 0 || !names.includes('value')) {
    throw invalid('The CSV header is not valid.', [{ field: 'line 1', message: `columns are country or region, year, value${unknown.length ? `; unknown: ${unknown.join(', ')}` : '; value is missing'}` }]);
  }
  return data.map(({ record, info }) => ({
    place: (column) => `line ${info.lines}: ${column}`,
    cells: Object.fromEntries(names.map((name, index) => [name, record[index] ?? ''])),
  }));
}

/** Rows given as JSON, named by their path (`rows[3].value`). */
export function rowsFromJson(rows: readonly JsonRow[]): RawRow[] {
  return rows.map((row, index) => ({
    place: (column) => `rows[${index}].${column}`,
    cells: Object.fromEntries(Object.entries(row).map(([key, value]) => [key, String(value).trim()])),
  }));
}

/**
 * Checks every row and the totals; returns the rows and their shape, or refuses the whole dataset
 * with every bad row named: unknown codes, values that are not non-negative numbers, a key twice,
 * a declared total that differs from the sum of its parts, areas of both kinds.
 */
export function validateRows(raw: readonly RawRow[]): { rows: DatasetRow[]; shape: DatasetShape } {
  const issues: FieldIssue[] = [];
  if (raw.length === 0) throw invalid('The dataset has no rows.', [{ field: 'rows', message: 'at least one row' }]);
  if (raw.length > MAX_ROWS) throw invalid('The dataset has too many rows.', [{ field: 'rows', message: `at most ${MAX_ROWS}` }]);
  const hasCountry = raw.some((row) => row.cells.country);
  const hasRegion = raw.some((row) => row.cells.region);
  const shape: DatasetShape = { area: hasCountry ? 'country' : hasRegion ? 'region' : null, year: raw.some((row) => row.cells.year) };
  const rows: Array<DatasetRow & { place: RawRow['place'] }> = [];
  const seen = new Map<string, string>();
  for (const row of raw) {
    const before = issues.length;
    const area = readArea(row, shape, issues);
    const year = readYear(row, shape, issues);
    const value = readValue(row, issues);
    if (issues.length > before) continue;
    const key = `${area ?? ''}|${year ?? ''}`;
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push({ field: row.place(shape.area ?? 'year'), message: `the same ${[area, year].filter((part) => part !== undefined).join(', ') || 'row'} as ${first}` });
      continue;
    }
    seen.set(key, row.place('value'));
    rows.push({ ...(area !== undefined && { area }), ...(year !== undefined && { year }), value: value!, place: row.place });
  }
  if (issues.length === 0) issues.push(...totalIssues(rows));
  if (issues.length > 0) throw invalid(`The dataset has ${issues.length} problem(s): nothing was imported.`, issues);
  return { rows: rows.map(({ place: _place, ...row }) => row), shape };
}

function readArea(row: RawRow, shape: DatasetShape, issues: FieldIssue[]): string | undefined {
  const { country, region } = row.cells;
  if (shape.area === null) return undefined;
  if (country && region) {
    issues.push({ field: row.place('region'), message: 'a row has a country or a region, not both: the dataset’s areas are of one kind' });
    return undefined;
  }
  const column = shape.area;
  const value = row.cells[column];
  if (!value) {
    issues.push({ field: row.place(column), message: country || region ? `the dataset’s areas are ${column === 'country' ? 'countries' : 'regions'}` : 'missing' });
    return undefined;
  }
  if (value.toLowerCase() === TOTAL) return TOTAL;
  if (column === 'country') {
    const code = value.toUpperCase();
    if (isCountryCode(code)) return code;
    issues.push({ field: row.place('country'), message: `unknown country code "${value}" (ISO 3166-1 alpha-2, or total)` });
    return undefined;
  }
  const code = /^\d{1,3}$/.test(value) ? value.padStart(3, '0') : value;
  if (isRegionCode(code)) return code;
  issues.push({ field: row.place('region'), message: `unknown region code "${value}" (UN M49, e.g. 150 Europe, or total)` });
  return undefined;
}

function readYear(row: RawRow, shape: DatasetShape, issues: FieldIssue[]): DatasetRow['year'] {
  if (!shape.year) return undefined;
  const value = row.cells.year;
  if (!value) {
    issues.push({ field: row.place('year'), message: 'missing' });
    return undefined;
  }
  if (value.toLowerCase() === TOTAL) return TOTAL;
  const year = Number(value);
  if (Number.isInteger(year) && year >= 1900 && year <= 2100) return year;
  issues.push({ field: row.place('year'), message: `"${value}" is not a year (1900–2100, or total)` });
  return undefined;
}

function readValue(row: RawRow, issues: FieldIssue[]): number | undefined {
  const text = row.cells.value ?? '';
  const value = text === '' ? NaN : Number(text);
  if (!Number.isFinite(value)) issues.push({ field: row.place('value'), message: text === '' ? 'missing' : `"${text}" is not a number` });
  else if (value < 0) issues.push({ field: row.place('value'), message: `${text} is negative` });
  else return value;
  return undefined;
}

/** Each declared total against the sum of the rows it covers (values may be decimal: compared to a millionth). */
function totalIssues(rows: ReadonlyArray<DatasetRow & { place: RawRow['place'] }>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const total of rows) {
    const areaTotal = total.area === TOTAL;
    const yearTotal = total.year === TOTAL;
    if (!areaTotal && !yearTotal) continue;
    const parts = rows.filter(
      (row) => row !== total && row.area !== TOTAL && row.year !== TOTAL && (areaTotal || row.area === total.area) && (yearTotal || row.year === total.year),
    );
    if (parts.length === 0) continue;
    const sum = parts.reduce((acc, row) => acc + row.value, 0);
    if (Math.abs(sum - total.value) > 1e-6 * Math.max(1, Math.abs(sum))) {
      issues.push({ field: total.place('value'), message: `the declared total ${total.value} differs from the sum of its ${parts.length} parts, ${round(sum)}` });
    }
  }
  return issues;
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;
