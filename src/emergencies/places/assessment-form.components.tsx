/**
 * The fields of an assessment (ICCROM's phases, EAMENA's condition and damage bands, threats, the
 * recommended action), shared by the desktop form here and the offline field app: same names, same
 * labels, same order. Each input's name is its field in AssessmentSubmission (`threats.0.type`).
 */
import type { FieldIssue } from '../../errors.js';
import { describedBy, Field, fieldId, issuesFor, SelectField } from '../../registry/object.components.js';
import type { MessageKey } from '../../i18n/i18n.js';
import type { PageContext } from '../../web/page-context.js';
import { ACTION_PRIORITIES, ASSESSMENT_PHASES, CONDITIONS, DAMAGE_EXTENTS, THREAT_CATEGORIES, THREAT_PROBABILITIES } from '../heritage-place-contract.js';
import { damageText } from './heritage-place.components.js';
import { THREAT_ROWS, type FormValues } from './heritage-place.form.js';

interface FieldsProps {
  page: PageContext;
  values: FormValues;
  errors: readonly FieldIssue[];
}

/** Every field of an assessment but its photos. */
export function AssessmentFields({ page, values, errors }: FieldsProps) {
  const { t } = page;
  const select = (name: string, label: string, options: ReadonlyArray<readonly [string, string]>) => (
    <SelectField name={name} label={label} options={[['', '—'], ...options]} selected={values[name] ?? ''} errors={issuesFor(errors, name)} />
  );
  return (
    <>
      <fieldset class="panel">
        <legend>{t('places.latest')}</legend>
        <TextInput name="assessedOn" label={t('places.assessment.assessedOn')} type="date" values={values} errors={errors} />
        {select('phase', t('places.assessment.phase'), ASSESSMENT_PHASES.map((phase) => [phase, t(`places.phase.${phase}`)]))}
        {select('condition', t('places.assessment.condition'), CONDITIONS.map((condition) => [condition, t(`places.condition.${condition}`)]))}
        {select('damageExtent', t('places.assessment.damageExtent'), DAMAGE_EXTENTS.map((extent) => [extent, damageText(extent, page)]))}
      </fieldset>
      <ThreatFields page={page} values={values} errors={errors} />
      <fieldset class="panel">
        <legend>{t('places.assessment.recommendation')}</legend>
        <TextArea name="recommendation" label={t('places.assessment.recommendation')} values={values} errors={errors} />
        {select('priority', t('places.assessment.priority'), ACTION_PRIORITIES.map((priority) => [priority, t(`places.priority.${priority}`)]))}
        <TextArea name="notes" label={t('places.assessment.notes')} values={values} errors={errors} />
      </fieldset>
    </>
  );
}

/** Threat rows: a row counts once its "what" is filled. */
export function ThreatFields({ page, values, errors }: FieldsProps) {
  const { t } = page;
  return (
    <fieldset class="panel">
      <legend>{t('places.assessment.threats')}</legend>
      {Array.from({ length: THREAT_ROWS }, (_, n) => {
        const name = (part: string) => `threats.${n}.${part}`;
        return (
          <div class="row">
            <TextInput name={name('type')} label={t('places.assessment.threatType', { n: n + 1 })} values={values} errors={errors} />
            <SelectField
              name={name('category')}
              label={t('places.assessment.threatCategory', { n: n + 1 })}
              options={THREAT_CATEGORIES.map((category) => [category, t(`places.threat.${category}`)])}
              selected={values[name('category')] ?? 'other'}
              errors={issuesFor(errors, name('category'))}
            />
            <SelectField
              name={name('probability')}
              label={t('places.assessment.threatProbability', { n: n + 1 })}
              options={THREAT_PROBABILITIES.map((probability) => [probability, t(`places.probability.${probability}`)])}
              selected={values[name('probability')] ?? 'medium'}
              errors={issuesFor(errors, name('probability'))}
            />
          </div>
        );
      })}
    </fieldset>
  );
}

function TextInput({ name, label, type = 'text', values, errors }: { name: string; label: string; type?: string; values: FormValues; errors: readonly FieldIssue[] }) {
  const own = issuesFor(errors, name);
  return (
    <Field name={name} label={label} errors={own}>
      <input id={fieldId(name)} name={name} type={type} value={values[name] ?? ''} {...describedBy(name, own, false)} />
    </Field>
  );
}

/** The labels errors are listed by, for each field of an assessment (`threats.0.type` under threats). */
export const ASSESSMENT_FIELD_LABELS: Readonly<Record<string, MessageKey>> = {
  assessedOn: 'places.assessment.assessedOn',
  phase: 'places.assessment.phase',
  condition: 'places.assessment.condition',
  damageExtent: 'places.assessment.damageExtent',
  threats: 'places.assessment.threats',
  recommendation: 'places.assessment.recommendation',
  priority: 'places.assessment.priority',
  notes: 'places.assessment.notes',
  photos: 'places.assessment.photos',
};

/** A field's label by its top name (`threats.0.type`, `geometry.coordinates[0]`), or the field itself without one. */
export function fieldLabel(field: string, page: Pick<PageContext, 't'>, labels: Readonly<Record<string, MessageKey>>): string {
  const key = labels[field.split(/[.[]/)[0]!];
  return key ? page.t(key) : field;
}

export function TextArea({ name, label, values, errors }: { name: string; label: string; values: FormValues; errors: readonly FieldIssue[] }) {
  const own = issuesFor(errors, name);
  return (
    <Field name={name} label={label} errors={own}>
      <textarea id={fieldId(name)} name={name} rows={4} {...describedBy(name, own, false)}>
        {values[name] ?? ''}
      </textarea>
    </Field>
  );
}
