import { z } from '@hono/zod-openapi';
import { DomainError, invalid, type FieldIssue } from '../../errors.js';
import { yearWithEra } from '../red-list-text.js';
import { CheckRequestSchema, type CheckRequest } from './customs-check.schemas.js';

/**
 * The check's facts as flat form fields — the page's form and the API's multipart body share them —
 * read into a check request; an error names the form's field (`periodTo`), not the JSON path.
 */
export const FORM_FIELDS = [
  'objectType',
  'material',
  'periodPreset',
  'periodFrom',
  'periodFromEra',
  'periodTo',
  'periodToEra',
  'originCountry',
  'destinationCountry',
  'declaredValueEur',
  'importLicence',
  'importerStatement',
  'exportCertificate',
  'description',
  'place',
  'latitude',
  'longitude',
] as const;
export type FormField = (typeof FORM_FIELDS)[number];
export type FormValues = Partial<Record<FormField, string>>;

export const DOCUMENT_FIELDS = ['importLicence', 'importerStatement', 'exportCertificate'] as const;

/** Broad periods an officer may pick instead of years (the years are the usual conventions, not law). */
export const PERIOD_PRESETS = {
  prehistory: { from: -100_000, to: -3_001 },
  antiquity: { from: -3_000, to: 500 },
  medieval: { from: 501, to: 1_500 },
  'early-modern': { from: 1_501, to: 1_800 },
  modern: { from: 1_801, to: 1_945 },
  contemporary: { from: 1_946, to: new Date().getUTCFullYear() },
} as const;
export type PeriodPreset = keyof typeof PERIOD_PRESETS;
const isPreset = (value: string): value is PeriodPreset => Object.hasOwn(PERIOD_PRESETS, value);

const JSON_PATH_TO_FIELD: Record<string, FormField> = {
  'facts.period': 'periodFrom',
  'facts.period.from': 'periodFrom',
  'facts.period.to': 'periodTo',
  'facts.documents.importLicence': 'importLicence',
  'facts.documents.importerStatement': 'importerStatement',
  'facts.documents.exportCertificate': 'exportCertificate',
  'place.text': 'place',
  'place.latitude': 'latitude',
  'place.longitude': 'longitude',
};

/** The form field of a request path (`facts.period.to` → `periodTo`, `facts.material` → `material`). */
export function formFieldOf(path: ReadonlyArray<PropertyKey>): string {
  const dotted = path.map(String).join('.');
  return JSON_PATH_TO_FIELD[dotted] ?? (dotted.startsWith('facts.') ? dotted.slice('facts.'.length) : dotted);
}

/** A refusal of the service (a country no published list names) with the form's field names: `facts.originCountry` → `originCountry`. */
export function withFormFields(error: unknown): unknown {
  if (!(error instanceof DomainError) || error.kind !== 'invalid') return error;
  return invalid(error.message, error.issues.map((issue) => ({ ...issue, field: formFieldOf(issue.field.split('.')) })), error.code);
}

/** Values as typed, for the form shown again; unknown fields dropped. */
export function formValues(fields: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const name of FORM_FIELDS) {
    const value = fields[name];
    if (typeof value === 'string' && value.trim() !== '') values[name] = value.trim();
  }
  return values;
}

export type ParsedForm = { success: true; request: CheckRequest } | { success: false; issues: z.core.$ZodIssue[] };

/** Reads the form into a check request, validated as the JSON API's is. */
export function parseCheckForm(values: FormValues): ParsedForm {
  const preset = PresetSchema.safeParse(values.periodPreset, { reportInput: true });
  const parsed = CheckRequestSchema.safeParse(requestOf(values), { reportInput: true });
  const issues = [...(preset.error?.issues.map((issue) => ({ ...issue, path: ['periodPreset'] })) ?? []), ...(parsed.error?.issues.map((issue) => ({ ...issue, path: [formFieldOf(issue.path)] })) ?? [])];
  return parsed.success && issues.length === 0 ? { success: true, request: parsed.data } : { success: false, issues };
}

const PresetSchema = z.enum(Object.keys(PERIOD_PRESETS) as [PeriodPreset, ...PeriodPreset[]]).optional();

/** Issues as `{field, message}` pairs (the API's problem document). */
export function formIssues(issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  return issues.map((issue) => ({ field: issue.path.map(String).join('.'), message: issue.message }));
}

/** A number as typed; what is not a number is passed on for the schema to name. */
function numberOf(value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.replace(',', '.'));
  return value !== '' && Number.isFinite(n) ? n : value;
}

function periodOf(values: FormValues): { from: unknown; to: unknown } | undefined {
  const from = yearWithEra(numberOf(values.periodFrom), values.periodFromEra);
  const to = yearWithEra(numberOf(values.periodTo), values.periodToEra);
  // Years typed win over a preset; one year alone is that year.
  if (from !== undefined || to !== undefined) return { from: from ?? to, to: to ?? from };
  return values.periodPreset && isPreset(values.periodPreset) ? { ...PERIOD_PRESETS[values.periodPreset] } : undefined;
}

const checked = (value: string | undefined) => value !== undefined && ['on', 'true', '1', 'yes'].includes(value.toLowerCase());

function requestOf(values: FormValues): unknown {
  const documents = Object.fromEntries(DOCUMENT_FIELDS.filter((name) => checked(values[name])).map((name) => [name, true]));
  const facts = {
    objectType: values.objectType,
    material: values.material,
    period: periodOf(values),
    originCountry: values.originCountry?.toUpperCase(),
    destinationCountry: values.destinationCountry?.toUpperCase(),
    declaredValueEur: numberOf(values.declaredValueEur),
    description: values.description,
    documents: Object.keys(documents).length > 0 ? documents : undefined,
  };
  const place = { text: values.place, latitude: numberOf(values.latitude), longitude: numberOf(values.longitude) };
  return { facts: withoutUndefined(facts), ...(Object.values(place).some((value) => value !== undefined) ? { place: withoutUndefined(place) } : {}) };
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
