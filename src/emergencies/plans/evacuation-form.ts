import { formText, type FormValues } from '../../web/posted-text.js';
import { LOCATION_PARTS, type LocationPart, type Priority } from './evacuation-plan.js';

/** The plan form's values as posted (kept to show the form again with its errors). */
export type PlanValues = Record<'priority' | 'handling' | 'packingNote' | LocationPart, string> & { packing: string[] };
export type MoveValues = Record<'condition' | 'note' | 'movedAt' | LocationPart, string>;

export function planValues(form: FormValues): PlanValues {
  const packing = form.packing;
  return {
    priority: formText(form, 'priority'),
    ...(Object.fromEntries(LOCATION_PARTS.map((part) => [part, formText(form, `location.${part}`)])) as Record<LocationPart, string>),
    handling: formText(form, 'handling'),
    packing: (Array.isArray(packing) ? packing : [packing]).filter((need): need is string => typeof need === 'string'),
    packingNote: formText(form, 'packingNote'),
  };
}

export function planInput(values: PlanValues) {
  return {
    priority: values.priority === '' ? undefined : (values.priority as `${Priority}`),
    location: Object.fromEntries(LOCATION_PARTS.map((part) => [part, values[part]])),
    handling: values.handling,
    packing: values.packing,
    packingNote: values.packingNote,
  };
}

export function moveValues(form: FormValues): MoveValues {
  return {
    ...(Object.fromEntries(LOCATION_PARTS.map((part) => [part, formText(form, `to.${part}`)])) as Record<LocationPart, string>),
    condition: formText(form, 'condition'),
    note: formText(form, 'note'),
    movedAt: formText(form, 'movedAt'),
  };
}

/** A datetime-local field ("2026-03-14T09:30") is the reader's local time: sent as UTC it is read as such. */
export function moveInput(values: MoveValues) {
  return {
    to: Object.fromEntries(LOCATION_PARTS.map((part) => [part, values[part]])),
    condition: values.condition || undefined,
    note: values.note || undefined,
    movedAt: values.movedAt ? (/T\d{2}:\d{2}$/.test(values.movedAt) ? `${values.movedAt}:00Z` : values.movedAt) : undefined,
  };
}

