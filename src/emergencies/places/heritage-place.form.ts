/** The place and assessment forms of the pages, read into what the API takes (the same schemas validate both). */
import type { DomainError, FieldIssue } from '../../errors.js';
import type { Translate } from '../../i18n/i18n.js';
import { LANGUAGES } from '../../i18n/languages.js';
import { photoErrorText } from '../../registry/photos/photo-errors.js';
import { localizeIssues } from '../../web/form-errors.js';
import { AssessmentSubmissionSchema, PlaceInputSchema, type AssessmentSubmissionInput, type PlaceInput } from './heritage-place.schemas.js';
import type { PlaceView } from './heritage-place.service.js';

export type FormValues = Record<string, string>;

/** Threat rows the desktop form offers; the API takes more. */
export const THREAT_ROWS = 3;

type Parsed<T> = { success: true; value: T } | { success: false; issues: FieldIssue[] };

const text = (values: FormValues, name: string) => (values[name] ?? '').trim();
const optionalNumber = (value: string) => (value === '' ? undefined : Number(value));

export function parsePlaceForm(values: FormValues, t: Translate): Parsed<PlaceInput> {
  const names: Record<string, string> = {};
  for (const lang of LANGUAGES) if (text(values, `names.${lang}`)) names[lang] = text(values, `names.${lang}`);
  for (const line of text(values, 'otherNames').split('\n')) {
    const match = /^\s*([A-Za-z0-9-]+)\s*:\s*(.+)$/.exec(line);
    if (match) names[match[1]!.toLowerCase()] = match[2]!.trim();
  }
  const issues: FieldIssue[] = [];
  let geometry: unknown;
  if (text(values, 'geometry')) {
    try {
      geometry = JSON.parse(text(values, 'geometry'));
    } catch {
      issues.push({ field: 'geometry', message: t('form.error.format') });
    }
  } else if (text(values, 'longitude') || text(values, 'latitude')) {
    geometry = { type: 'Point', coordinates: [Number(text(values, 'longitude')), Number(text(values, 'latitude'))] };
  }
  const period = { text: text(values, 'period.text') || undefined, earliestYear: optionalNumber(text(values, 'period.earliestYear')), latestYear: optionalNumber(text(values, 'period.latestYear')) };
  const sensitive = values['sensitive'] === 'yes' ? true : values['sensitive'] === 'no' ? false : undefined;
  const parsed = PlaceInputSchema.safeParse({
    names,
    kind: text(values, 'kind') || undefined,
    geometry,
    locationCertainty: text(values, 'locationCertainty') || undefined,
    country: text(values, 'country') || undefined,
    period: Object.values(period).some((v) => v !== undefined) ? period : undefined,
    culturalAffiliation: text(values, 'culturalAffiliation') || undefined,
    organisation: text(values, 'organisation') || undefined,
    description: text(values, 'description') || undefined,
    sensitive,
    protection: text(values, 'protection') || undefined,
  });
  if (!parsed.success) return { success: false, issues: [...issues, ...localizeIssues(parsed.error.issues, t)] };
  if (issues.length > 0) return { success: false, issues };
  return { success: true, value: parsed.data };
}

/** The form's values of a saved place (to edit it). */
export function placeFormValues(place: PlaceView): FormValues {
  const values: FormValues = {
    kind: place.kind,
    country: place.country,
    locationCertainty: place.locationCertainty,
    'period.text': place.period?.text ?? '',
    'period.earliestYear': place.period?.earliestYear?.toString() ?? '',
    'period.latestYear': place.period?.latestYear?.toString() ?? '',
    culturalAffiliation: place.culturalAffiliation ?? '',
    organisation: place.organisation?.slug ?? '',
    description: place.description ?? '',
    sensitive: place.sensitive ? 'yes' : 'no',
    protection: place.protection ?? 'none',
    otherNames: Object.entries(place.names)
      .filter(([lang]) => !(LANGUAGES as readonly string[]).includes(lang))
      .map(([lang, name]) => `${lang}: ${name}`)
      .join('\n'),
  };
  for (const lang of LANGUAGES) values[`names.${lang}`] = place.names[lang] ?? '';
  if (place.geometry?.type === 'Point') {
    values['longitude'] = String(place.geometry.coordinates[0]);
    values['latitude'] = String(place.geometry.coordinates[1]);
  } else if (place.geometry) values['geometry'] = JSON.stringify(place.geometry);
  return values;
}

export function parseAssessmentForm(values: FormValues, t: Translate): Parsed<AssessmentSubmissionInput> {
  const threats = Array.from({ length: THREAT_ROWS }, (_, n) => ({ category: text(values, `threats.${n}.category`), type: text(values, `threats.${n}.type`), probability: text(values, `threats.${n}.probability`) })).filter(
    (threat) => threat.type !== '',
  );
  const parsed = AssessmentSubmissionSchema.safeParse({
    assessedOn: text(values, 'assessedOn') || undefined,
    phase: text(values, 'phase') || undefined,
    condition: text(values, 'condition') || undefined,
    damageExtent: text(values, 'damageExtent') || undefined,
    threats,
    recommendation: text(values, 'recommendation'),
    priority: text(values, 'priority') || undefined,
    notes: text(values, 'notes') || undefined,
    placeVersion: optionalNumber(text(values, 'placeVersion')),
  });
  return parsed.success ? { success: true, value: parsed.data } : { success: false, issues: localizeIssues(parsed.error.issues, t) };
}

/**
 * The service's refusal of an assessment, for a form in the page's language: it names the fields as
 * the API's multipart part does (`assessment.assessedOn`, `photos[1]`), the form has them bare.
 */
export function assessmentFormIssues(error: DomainError, t: Translate): FieldIssue[] {
  return error.issues.map((issue) => {
    const field = issue.field.replace(/^assessment\./, '').replace(/^photos\[\d+\]$/, 'photos');
    if (field === 'photos') return { field, message: photoErrorText(error, t) };
    return { field, message: t(field === 'assessedOn' ? 'places.error.assessedOn' : 'form.error.format') };
  });
}
