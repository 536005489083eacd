/**
 * Heritage places from a CSV file or a GeoJSON FeatureCollection, through a mapping that names the
 * source's column (CSV) or property (GeoJSON) for each field and translates its values, as object
 * imports map theirs (interop/import/). A record is refused, with its row and field, when what
 * makes a place is wrong (names, kind, geometry, country); a bad optional field is dropped with a
 * warning and the place kept.
 */
import { readFileSync } from 'node:fs';
import { z } from '@hono/zod-openapi';
import type { FieldIssue } from '../errors.js';
import { invalidFile } from '../errors.js';
import type { SourceItem } from '../interop/import/import-pipeline.js';
import { openCsvTable } from '../interop/import/csv-source.js';
import { geometryIssues } from './places/geometry.js';
import { PlaceInputSchema, type PlaceInput } from './places/heritage-place.schemas.js';

/** The fields a mapping may fill; `names.<language tag>` besides them. */
export const PLACE_FIELDS = [
  'kind',
  'geometry',
  'longitude',
  'latitude',
  'country',
  'locationCertainty',
  'period',
  'earliestYear',
  'latestYear',
  'culturalAffiliation',
  'organisation',
  'description',
  'sensitive',
  'protection',
] as const;
type PlaceField = (typeof PLACE_FIELDS)[number];

/** Fields whose bad value drops the field, not the place. */
const OPTIONAL: ReadonlySet<string> = new Set(['locationCertainty', 'period', 'earliestYear', 'latestYear', 'culturalAffiliation', 'description', 'sensitive', 'protection']);

export const PlaceMappingSchema = z
  .object({
    fields: z
      .record(
        z.string().regex(new RegExp(`^(names\\.[a-z]{2,3}(-[A-Za-z0-9]{2,8})*|${PLACE_FIELDS.join('|')})$`), 'a place field (kind, geometry, longitude, latitude, country, …) or names.<language>'),
        z.string().min(1),
      )
      .default({}),
    /** Source values → Egide's, per field (`{"kind": {"Tell": "archaeological-site"}}`); compared without case. */
    values: z.partialRecord(z.enum(['kind', 'locationCertainty', 'protection', 'sensitive']), z.record(z.string(), z.string())).default({}),
  })
  .openapi('PlaceImportMapping', {
    example: { fields: { 'names.en': 'Name', 'names.ar': 'Name_AR', kind: 'Type', longitude: 'X', latitude: 'Y', country: 'ISO' }, values: { kind: { Tell: 'archaeological-site' } } },
  });
export type PlaceMapping = z.output<typeof PlaceMappingSchema>;

/** Without a mapping, each field is read from the column or property of its own name, and `name` is the English name. */
export const DEFAULT_MAPPING: PlaceMapping = { fields: { 'names.en': 'name', ...Object.fromEntries(PLACE_FIELDS.map((field) => [field, field])) }, values: {} };

export interface MappedPlace {
  input: PlaceInput;
  warnings: FieldIssue[];
}

type SourceRecord = Record<string, unknown>;

const YES = new Set(['true', 'yes', '1', 'oui', 'sí', 'si', 'y']);
const NO = new Set(['false', 'no', '0', 'non', 'n']);

/** The place a record describes, or the issues that refuse it (each naming its field). */
export function mapPlace(record: SourceRecord, mapping: PlaceMapping, defaultOrganisation: string | undefined): MappedPlace | { issues: FieldIssue[] } {
  const read = (target: string): unknown => {
    const source = mapping.fields[target];
    const value = source === undefined ? undefined : record[source];
    return typeof value === 'string' ? (value.trim() === '' ? undefined : value.trim()) : (value ?? undefined);
  };
  const translated = (field: keyof PlaceMapping['values'], value: unknown) => {
    if (typeof value !== 'string') return value;
    const table = mapping.values[field] ?? {};
    const key = Object.keys(table).find((source) => source.toLowerCase() === value.toLowerCase());
    return key === undefined ? value : table[key];
  };
  const issues: FieldIssue[] = [];
  const warnings: FieldIssue[] = [];

  const names = Object.fromEntries(Object.keys(mapping.fields).filter((target) => target.startsWith('names.')).flatMap((target) => {
    const value = read(target);
    return value === undefined ? [] : [[target.slice('names.'.length), textOf(value)]];
  }));
  const geometry = geometryOf(read('geometry'), read('longitude'), read('latitude'), issues);
  const raw: Record<PlaceField | 'names', unknown> = {
    names,
    kind: lowerCased(translated('kind', read('kind'))),
    geometry,
    longitude: undefined,
    latitude: undefined,
    country: read('country'),
    locationCertainty: translated('locationCertainty', read('locationCertainty')),
    period: undefined,
    earliestYear: undefined,
    latestYear: undefined,
    culturalAffiliation: read('culturalAffiliation'),
    organisation: read('organisation') ?? defaultOrganisation,
    description: read('description'),
    sensitive: booleanOf(translated('sensitive', read('sensitive')), warnings),
    protection: lowerCased(translated('protection', read('protection'))),
  };
  const period = { text: read('period'), earliestYear: yearOf(read('earliestYear'), 'earliestYear', warnings), latestYear: yearOf(read('latestYear'), 'latestYear', warnings) };
  if (period.text !== undefined || period.earliestYear !== undefined || period.latestYear !== undefined) raw.period = period;
  if (issues.length > 0) return { issues };

  const candidate = Object.fromEntries(Object.entries(raw).filter(([key, value]) => value !== undefined && key !== 'longitude' && key !== 'latitude'));
  let parsed = PlaceInputSchema.safeParse(candidate);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join('.'), message: issue.message }));
    const fatal = problems.filter((problem) => !OPTIONAL.has(problem.field.split('.')[0]!));
    if (fatal.length > 0) return { issues: fatal };
    for (const problem of problems) {
      warnings.push({ field: problem.field, message: `${problem.message}; left out` });
      delete candidate[problem.field.split('.')[0]!];
    }
    parsed = PlaceInputSchema.safeParse(candidate);
    if (!parsed.success) return { issues: parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join('.'), message: issue.message })) };
  }
  const geometryProblems = geometryIssues(parsed.data.geometry);
  if (geometryProblems.length > 0) return { issues: geometryProblems };
  return { input: parsed.data, warnings };
}

/** Egide's values are lower case; a source may capitalise them (`Enhanced`). */
function lowerCased(value: unknown): unknown {
  return typeof value === 'string' ? value.toLowerCase() : value;
}

/** A source value as text for a message or a name (a GeoJSON property may be a number or an object). */
function textOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The geometry: a GeoJSON geometry (an object, or its JSON text), else a point from longitude and latitude. */
function geometryOf(geometry: unknown, longitude: unknown, latitude: unknown, issues: FieldIssue[]): unknown {
  if (typeof geometry === 'string') {
    try {
      return JSON.parse(geometry) as unknown;
    } catch {
      issues.push({ field: 'geometry', message: 'not GeoJSON' });
      return undefined;
    }
  }
  if (geometry !== undefined) return geometry;
  if (longitude === undefined && latitude === undefined) {
    issues.push({ field: 'geometry', message: 'no geometry, nor longitude and latitude' });
    return undefined;
  }
  const lon = numberOf(longitude, 'longitude', issues);
  const lat = numberOf(latitude, 'latitude', issues);
  return lon === undefined || lat === undefined ? undefined : { type: 'Point', coordinates: [lon, lat] };
}

function numberOf(value: unknown, field: string, issues: FieldIssue[]): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.replace(',', '.')) : NaN;
  if (!Number.isFinite(number)) {
    issues.push({ field, message: value === undefined ? 'missing' : `"${textOf(value)}" is not a number` });
    return undefined;
  }
  return number;
}

function yearOf(value: unknown, field: string, warnings: FieldIssue[]): number | undefined {
  if (value === undefined) return undefined;
  const year = Number(value);
  if (Number.isInteger(year)) return year;
  warnings.push({ field, message: `"${textOf(value)}" is not a year; left out` });
  return undefined;
}

function booleanOf(value: unknown, warnings: FieldIssue[]): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  const text = textOf(value).toLowerCase();
  if (YES.has(text)) return true;
  if (NO.has(text)) return false;
  warnings.push({ field: 'sensitive', message: `"${textOf(value)}" is neither yes nor no; left out` });
  return undefined;
}

/** The records of a CSV file, each with the line it starts on; columns keep their names as written. */
export function csvPlaceRecords(path: string): AsyncIterable<SourceItem<SourceRecord>> {
  return openCsvTable<string>(path, (names) => names.map((name) => name.trim())).records();
}

/**
 * The features of a GeoJSON FeatureCollection as records: their properties, and their geometry
 * under `geometry`; `line` is the feature's number (1 for `features[0]`).
 */
export function geoJsonPlaceRecords(path: string, text = readFileSync(path, 'utf8')): Array<SourceItem<SourceRecord>> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw invalidFile(path, `not JSON (${(error as Error).message})`);
  }
  const features = (document as { type?: unknown; features?: unknown }).features;
  if ((document as { type?: unknown }).type !== 'FeatureCollection' || !Array.isArray(features)) throw invalidFile(path, 'not a GeoJSON FeatureCollection');
  return features.map((feature: unknown, index) => {
    const { properties, geometry } = (feature ?? {}) as { properties?: unknown; geometry?: unknown };
    if (typeof properties !== 'object' || properties === null) return { line: index + 1, error: 'the feature has no properties' };
    return { line: index + 1, record: { ...(properties as SourceRecord), geometry: geometry ?? undefined } };
  });
}

export type PlaceSourceFormat = 'csv' | 'geojson';

/** The format of a file by its name: `.geojson` and `.json` are GeoJSON, anything else CSV. */
export function placeSourceFormat(fileName: string): PlaceSourceFormat {
  return /\.(geo)?json$/i.test(fileName) ? 'geojson' : 'csv';
}

/** The records of a file in either format; a GeoJSON feature's geometry is always read from it. */
export function placeRecords(path: string, format: PlaceSourceFormat, mapping: PlaceMapping): { records: AsyncIterable<SourceItem<SourceRecord>> | Array<SourceItem<SourceRecord>>; mapping: PlaceMapping } {
  if (format === 'csv') return { records: csvPlaceRecords(path), mapping };
  return { records: geoJsonPlaceRecords(path), mapping: { ...mapping, fields: { ...mapping.fields, geometry: 'geometry' } } };
}

/** A mapping file's JSON, checked: each problem named. */
export function parsePlaceMapping(json: unknown): PlaceMapping | { issues: FieldIssue[] } {
  const parsed = PlaceMappingSchema.safeParse(json);
  if (parsed.success) return { ...parsed.data, fields: { ...DEFAULT_MAPPING.fields, ...parsed.data.fields } };
  return { issues: parsed.error.issues.map((issue) => ({ field: ['mapping', ...issue.path.map(String)].join('.'), message: issue.message })) };
}
