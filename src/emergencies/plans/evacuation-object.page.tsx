import type { FieldIssue } from '../../errors.js';
import { CSRF_FIELD } from '../../http/csrf.js';
import { describedBy, ErrorSummary, Field, fieldId, Flash, formatDateTime, issuesFor, SelectField } from '../../registry/object.components.js';
import { Layout } from '../../web/layout.js';
import type { PageContext } from '../../web/page-context.js';
import { ARRIVAL_CONDITIONS, LOCATION_PARTS, PACKING_NEEDS, PRIORITIES, type LocationPart } from './evacuation-plan.js';
import { HANDLING_MAX, PACKING_NOTE_MAX } from './evacuation-plan.schemas.js';
import type { ObjectPlanView } from './evacuation-plan.service.js';
import { fieldLabel, LocationFields, MovementList } from './evacuation.components.js';
import type { MoveValues, PlanValues } from './evacuation-form.js';

export interface PlanFormState {
  values: PlanValues;
  errors: FieldIssue[];
}

export interface MoveFormState {
  values: MoveValues;
  errors: FieldIssue[];
}

const SAVED = { plan: 'evacuation.saved', removed: 'evacuation.saved', moved: 'evacuation.saved' } as const;

const emptyParts = (): Record<LocationPart, string> => ({ building: '', floor: '', room: '', unit: '', shelf: '' });

/** One object's plan (a form), a movement to record, and its movements. */
export function EvacuationObjectPage({ page, view, saved, planForm, moveForm }: { page: PageContext; view: ObjectPlanView; saved: string | undefined; planForm: PlanFormState | undefined; moveForm: MoveFormState | undefined }) {
  const { t, lang } = page;
  const base = `/${lang}/evacuation/objects/${encodeURIComponent(view.objectId)}`;
  const plan = view.plan;
  const values: PlanValues = planForm?.values ?? {
    priority: plan ? String(plan.priority) : '',
    ...(plan?.location ?? emptyParts()),
    handling: plan?.handling ?? '',
    packing: plan?.packing ?? [],
    packingNote: plan?.packingNote ?? '',
  };
  const planErrors = planForm?.errors ?? [];
  const moveErrors = moveForm?.errors ?? [];
  const moveValues: MoveValues = moveForm?.values ?? { ...emptyParts(), condition: 'good', note: '', movedAt: '' };
  const name = view.inventoryNumber ? `${view.inventoryNumber} — ${view.title}` : view.title;
  const savedMessage = saved && saved in SAVED ? t(SAVED[saved as keyof typeof SAVED]) : undefined;
  return (
    <Layout page={page} title={t('evacuation.object.title', { title: name })}>
      <h1>{t('evacuation.object.title', { title: name })}</h1>
      <p class="action-links">
        <a href={`/${lang}/objects/${encodeURIComponent(view.objectId)}`}>{t('evacuation.object.back')}</a>
        <a href={`/${lang}/evacuation`}>{t('evacuation.title')}</a>
      </p>
      <Flash message={savedMessage} />
      {plan ? <p>{t('evacuation.plan.updated', { date: formatDateTime(plan.updatedAt, lang) })}</p> : <p>{t('evacuation.plan.none')}</p>}

      <form method="post" action={base} class="stack panel" aria-label={t('evacuation.objectLink')}>
        <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
        <ErrorSummary errors={planErrors} page={page} label={(field) => fieldLabel(field, page)} />
        <SelectField
          name="priority"
          label={t('evacuation.field.priority')}
          options={[['', '—'], ...PRIORITIES.map((p) => [String(p), t(`evacuation.priority.${p}`)] as const)]}
          selected={values.priority}
          errors={issuesFor(planErrors, 'priority')}
        />
        <LocationFields prefix="location" values={values} errors={planErrors} page={page} />
        <Field name="handling" label={t('evacuation.field.handling')} errors={issuesFor(planErrors, 'handling')}>
          <textarea id={fieldId('handling')} name="handling" rows={3} maxlength={HANDLING_MAX} {...describedBy('handling', issuesFor(planErrors, 'handling'), false)}>
            {values.handling}
          </textarea>
        </Field>
        <fieldset class="checkboxes">
          <legend>{t('evacuation.field.packing')}</legend>
          {PACKING_NEEDS.map((need) => (
            <label class="checkbox">
              <input type="checkbox" name="packing" value={need} checked={values.packing.includes(need)} /> {t(`evacuation.packing.${need}`)}
            </label>
          ))}
        </fieldset>
        <Field name="packingNote" label={t('evacuation.field.packingNote')} errors={issuesFor(planErrors, 'packingNote')}>
          <input id={fieldId('packingNote')} type="text" name="packingNote" value={values.packingNote} maxlength={PACKING_NOTE_MAX} {...describedBy('packingNote', issuesFor(planErrors, 'packingNote'), false)} />
        </Field>
        <p>
          <button type="submit">{t('evacuation.plan.save')}</button>
        </p>
      </form>
      {plan && (
        <form method="post" action={`${base}/remove`}>
          <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
          <button type="submit" class="secondary">
            {t('evacuation.plan.remove')}
          </button>
        </form>
      )}

      <h2 id="move-heading">{t('evacuation.move.title')}</h2>
      <form method="post" action={`${base}/move`} class="stack panel" aria-labelledby="move-heading">
        <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
        <ErrorSummary errors={moveErrors} page={page} label={(field) => fieldLabel(field, page)} />
        <MoveFields values={moveValues} errors={moveErrors} page={page} />
        <p>
          <button type="submit">{t('evacuation.move.submit')}</button>
        </p>
      </form>

      <h2>{t('evacuation.movements.title')}</h2>
      <MovementList movements={view.movements} page={page} showObject={false} />
    </Layout>
  );
}

/** Where to, the condition on arrival, a note, when: the fields of a movement, single or batch. */
export function MoveFields({ values, errors, page }: { values: MoveValues; errors: readonly FieldIssue[]; page: PageContext }) {
  const { t } = page;
  const parts = Object.fromEntries(LOCATION_PARTS.map((part) => [part, values[part]])) as Record<LocationPart, string>;
  return (
    <>
      <LocationFields prefix="to" values={parts} errors={errors} page={page} />
      <SelectField name="condition" label={t('evacuation.move.condition')} options={ARRIVAL_CONDITIONS.map((c) => [c, t(`evacuation.condition.${c}`)] as const)} selected={values.condition} errors={issuesFor(errors, 'condition')} />
      <Field name="note" label={t('evacuation.move.note')} errors={issuesFor(errors, 'note')}>
        <input id={fieldId('note')} type="text" name="note" value={values.note} maxlength={PACKING_NOTE_MAX} {...describedBy('note', issuesFor(errors, 'note'), false)} />
      </Field>
      <Field name="movedAt" label={t('evacuation.move.movedAt')} hint={t('evacuation.move.movedAt.hint')} errors={issuesFor(errors, 'movedAt')}>
        <input id={fieldId('movedAt')} type="datetime-local" name="movedAt" value={values.movedAt} {...describedBy('movedAt', issuesFor(errors, 'movedAt'), true)} />
      </Field>
    </>
  );
}
