import type { FieldIssue } from '../../errors.js';
import { describedBy, Field, fieldId, formatDateTime, issuesFor } from '../../registry/object.components.js';
import type { PageContext } from '../../web/page-context.js';
import { LOCATION_PARTS, type LocationPart, type Movement } from './evacuation-plan.js';

/** The five parts of a location, `prefix.part` named ("location.building", "to.room"), building required. */
export function LocationFields({ prefix, values, errors, page }: { prefix: string; values: Record<LocationPart, string>; errors: readonly FieldIssue[]; page: PageContext }) {
  const { t } = page;
  return (
    <fieldset class="panel">
      <legend>{t(prefix === 'to' ? 'evacuation.move.to' : 'evacuation.field.location')}</legend>
      <p class="hint" id={`${fieldId(prefix)}-hint`}>
        {t('evacuation.field.location.hint')}
      </p>
      <div class="row wrap-rows">
        {LOCATION_PARTS.map((part) => {
          const name = `${prefix}.${part}`;
          const issues = issuesFor(errors, name);
          return (
            <Field name={name} label={t(`evacuation.field.${part}`)} errors={issues}>
              <input id={fieldId(name)} type="text" name={name} value={values[part]} maxlength={40} required={part === 'building'} autocomplete="off" {...describedBy(name, issues, false)} />
            </Field>
          );
        })}
      </div>
    </fieldset>
  );
}

/** Label of a form field named by its schema path, for error summaries. */
export function fieldLabel(field: string, page: PageContext): string {
  const { t } = page;
  const [first = '', second] = field.split('.');
  if ((first === 'location' || first === 'to') && second && (LOCATION_PARTS as readonly string[]).includes(second)) return t(`evacuation.field.${second as LocationPart}`);
  switch (first) {
    case 'priority':
      return t('evacuation.field.priority');
    case 'handling':
      return t('evacuation.field.handling');
    case 'packing':
      return t('evacuation.field.packing');
    case 'packingNote':
      return t('evacuation.field.packingNote');
    case 'condition':
      return t('evacuation.move.condition');
    case 'note':
      return t('evacuation.move.note');
    case 'movedAt':
      return t('evacuation.move.movedAt');
    case 'numbers':
      return t('evacuation.move.batch.numbers');
    case 'file':
      return t('evacuation.import.file');
    default:
      return field;
  }
}

/** Movements as a list of cards: readable on a phone, printable. */
export function MovementList({ movements, page, showObject }: { movements: readonly Movement[]; page: PageContext; showObject: boolean }) {
  const { t, lang } = page;
  if (movements.length === 0) return <p class="empty">{t('evacuation.movements.none')}</p>;
  return (
    <ul class="history">
      {movements.map((movement) => (
        <li class="panel">
          <dl class="facts">
            {showObject && (
              <>
                <dt>{t('evacuation.list.object')}</dt>
                <dd>
                  <a href={`/${lang}/evacuation/objects/${encodeURIComponent(movement.objectId)}`}>{movement.inventoryNumber ?? t('evacuation.noNumber')}</a> {movement.title}
                </dd>
              </>
            )}
            <dt>{t('evacuation.movement.when')}</dt>
            <dd>
              <time datetime={movement.movedAt}>{formatDateTime(movement.movedAt, lang)}</time>
            </dd>
            <dt>{t('evacuation.movement.from')}</dt>
            <dd>{movement.from ?? t('evacuation.movement.unknown')}</dd>
            <dt>{t('evacuation.movement.to')}</dt>
            <dd>{movement.to}</dd>
            <dt>{t('evacuation.movement.condition')}</dt>
            <dd>{t(`evacuation.condition.${movement.condition}`)}</dd>
            <dt>{t('evacuation.movement.who')}</dt>
            <dd>{movement.mover}</dd>
            {movement.note && (
              <>
                <dt>{t('evacuation.movement.note')}</dt>
                <dd>{movement.note}</dd>
              </>
            )}
          </dl>
        </li>
      ))}
    </ul>
  );
}
