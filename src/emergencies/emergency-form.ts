import type { FieldIssue } from '../errors.js';
import type { Translate } from '../i18n/i18n.js';
import { LANGUAGES } from '../i18n/languages.js';
import { localizeIssues } from '../web/form-errors.js';
import { formText, type FormValues } from '../web/posted-text.js';
import { EmergencyInputSchema, type EmergencyInput } from './emergency.schemas.js';
import type { Emergency } from './emergency.service.js';

/** The form's fields as typed, to show them again with their errors. */
export type EmergencyFormValues = Record<string, string>;

const TEXT_FIELDS = ['kind', 'countries', 'area', 'startsOn', 'endsOn', 'status', 'version', ...LANGUAGES.flatMap((lang) => [`names.${lang}`, `descriptions.${lang}`])];

export function formValuesOf(form: FormValues, areaFile: string | null): EmergencyFormValues {
  const values = Object.fromEntries(TEXT_FIELDS.map((name) => [name, formText(form, name)]));
  // An uploaded file replaces what the text box holds.
  if (areaFile !== null && areaFile.trim() !== '') values['area'] = areaFile.trim();
  return values;
}

export function formValuesFrom(emergency: Emergency): EmergencyFormValues {
  return {
    kind: emergency.kind,
    countries: emergency.countries.join(', '),
    area: emergency.area ? JSON.stringify(emergency.area) : '',
    startsOn: emergency.startsOn,
    endsOn: emergency.endsOn ?? '',
    status: emergency.status,
    version: String(emergency.version),
    ...Object.fromEntries(LANGUAGES.flatMap((lang) => [[`names.${lang}`, emergency.names[lang] ?? ''], [`descriptions.${lang}`, emergency.descriptions[lang] ?? '']])),
  };
}

const texts = (values: EmergencyFormValues, prefix: string) => Object.fromEntries(LANGUAGES.map((lang) => [lang, values[`${prefix}.${lang}`] ?? '']).filter(([, text]) => text !== ''));

/** The declaration the form describes, or the problems with it, in the page's language. */
export function parseEmergencyForm(values: EmergencyFormValues, t: Translate): { input: EmergencyInput } | { issues: FieldIssue[] } {
  let area: unknown = null;
  if (values['area']) {
    try {
      area = JSON.parse(values['area']);
    } catch {
      return { issues: [{ field: 'area', message: t('emergencies.error.areaJson') }] };
    }
  }
  // A FeatureCollection or Feature from a drawing tool holds the geometry inside.
  area = geometryIn(area);
  const raw = {
    kind: values['kind'],
    names: texts(values, 'names'),
    descriptions: texts(values, 'descriptions'),
    countries: (values['countries'] ?? '').split(/[\s,;]+/).filter((code) => code !== ''),
    area,
    startsOn: values['startsOn'],
    endsOn: values['endsOn'] || null,
    status: values['status'] || 'active',
  };
  const parsed = EmergencyInputSchema.safeParse(raw);
  if (parsed.success) return { input: parsed.data };
  const issues = parsed.error.issues.map((issue): FieldIssue => {
    const [head, index] = issue.path.map(String);
    if (head === 'area' && issue.code === 'custom') return { field: 'area', message: t('emergencies.error.area', { detail: issue.message }) };
    if (head === 'countries' && issue.code === 'custom' && index === undefined) return { field: 'countries', message: t('emergencies.error.countriesOrArea') };
    if (head === 'countries' && index !== undefined) return { field: 'countries', message: t('emergencies.error.country', { code: raw.countries[Number(index)] ?? '' }) };
    if (head === 'endsOn' && issue.code === 'custom') return { field: 'endsOn', message: t('emergencies.error.endBeforeStart') };
    return { ...localizeIssues([issue], t)[0]!, field: head === 'names' ? 'names.en' : head === 'area' ? 'area' : (head ?? 'kind') };
  });
  return { issues };
}

function geometryIn(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const record = value as { type?: unknown; geometry?: unknown; features?: unknown };
  if (record.type === 'Feature') return record.geometry;
  if (record.type === 'FeatureCollection' && Array.isArray(record.features) && record.features.length === 1) return (record.features[0] as { geometry?: unknown }).geometry;
  return value;
}
