/**
 * How far a description meets the Object ID standard: which core categories are filled (a record
 * filling all of them is "Object ID complete") and which recommended additions are missing, so
 * the UI can show users what to add.
 */
import type { LanguageMap, ObjectDescription, Term } from './object-record.js';

/** The core categories of Object ID, in the order of the standard (labels are the UI's job). */
export const OBJECT_ID_CATEGORIES = [
  'photographs',
  'objectType',
  'measurements',
  'materialsAndTechniques',
  'inscriptions',
  'dating',
  'maker',
  'subject',
  'title',
  'distinguishingFeatures',
  'description',
] as const;
export type ObjectIdCategory = (typeof OBJECT_ID_CATEGORIES)[number];

/** The additions Object ID recommends. */
export const RECOMMENDED_CATEGORIES = [
  'inventoryNumber',
  'relatedWrittenMaterial',
  'places',
  'crossReferences',
  'dateDocumented',
] as const;
export type RecommendedCategory = (typeof RECOMMENDED_CATEGORIES)[number];

export interface ObjectIdCompleteness {
  /** Every core category is present. */
  complete: boolean;
  /** Share of the 11 core categories present, from 0 to 1. */
  score: number;
  /** Core categories missing, in the order of `OBJECT_ID_CATEGORIES`. */
  missing: ObjectIdCategory[];
  /** Recommended categories missing, in the order of `RECOMMENDED_CATEGORIES`. */
  missingRecommended: RecommendedCategory[];
  /**
   * The object type has exactly one level (e.g. only "ceramics"): `objectType` is missing
   * because Object ID asks for two levels or more (e.g. "ceramics › jar").
   */
  typeNeedsSecondLevel: boolean;
  /**
   * The inventory number, which real registers sometimes lack or give to several objects: missing
   * (with what the source wrote in its place), or shared with other objects of the organisation.
   */
  inventoryNumber: InventoryNumberState;
}

/** Another object of the same organisation with the same inventory number. */
export interface NumberSharer {
  id: string;
  title: string;
}

export type InventoryNumberState =
  | { state: 'present' }
  | { state: 'missing'; placeholder?: string }
  | { state: 'shared'; with: NumberSharer[] };

function isBlank(text: string | null | undefined): boolean {
  return text === null || text === undefined || text.trim() === '';
}

/** A language map is present when any language has non-blank text. */
export function hasText(map: LanguageMap | null | undefined): boolean {
  return map !== null && map !== undefined && Object.values(map).some((text) => !isBlank(text));
}

/** A term counts when it has a label in some language or a vocabulary id. */
function isTerm(term: Term): boolean {
  return hasText(term.label) || !isBlank(term.aat);
}

/** `sharers`: the organisation's other objects with the same inventory number, when looked up. */
export function objectIdCompleteness(d: ObjectDescription, photoCount: number, sharers: readonly NumberSharer[] = []): ObjectIdCompleteness {
  const typeLevels = d.objectType.filter(isTerm).length;
  const dating = d.dating;
  const present: Record<ObjectIdCategory, boolean> = {
    photographs: Number.isFinite(photoCount) && photoCount >= 1,
    objectType: typeLevels >= 2,
    measurements: d.measurements.some((m) => Number.isFinite(m.value) && m.value > 0),
    materialsAndTechniques: d.materials.some(isTerm) || d.techniques.some(isTerm),
    inscriptions: d.inscriptions.some((i) => !isBlank(i.text)),
    dating:
      dating !== null &&
      (!isBlank(dating.display) || Number.isFinite(dating.earliest) || Number.isFinite(dating.latest)),
    maker: d.makers.some((m) => !isBlank(m.name)),
    subject: hasText(d.subject),
    title: hasText(d.title),
    distinguishingFeatures: hasText(d.distinguishingFeatures),
    description: hasText(d.description),
  };
  const presentRecommended: Record<RecommendedCategory, boolean> = {
    inventoryNumber: !isBlank(d.inventoryNumber),
    relatedWrittenMaterial: d.relatedWrittenMaterial.some((s) => !isBlank(s)),
    places: d.places.some((p) => !isBlank(p.name)),
    crossReferences: d.crossReferences.some((s) => !isBlank(s)),
    dateDocumented: !isBlank(d.dateDocumented),
  };
  const missing = OBJECT_ID_CATEGORIES.filter((c) => !present[c]);
  return {
    complete: missing.length === 0,
    score: (OBJECT_ID_CATEGORIES.length - missing.length) / OBJECT_ID_CATEGORIES.length,
    missing,
    missingRecommended: RECOMMENDED_CATEGORIES.filter((c) => !presentRecommended[c]),
    typeNeedsSecondLevel: typeLevels === 1,
    inventoryNumber: numberState(d, sharers),
  };
}

function numberState(d: ObjectDescription, sharers: readonly NumberSharer[]): InventoryNumberState {
  if (isBlank(d.inventoryNumber)) return d.inventoryNumberPlaceholder ? { state: 'missing', placeholder: d.inventoryNumberPlaceholder } : { state: 'missing' };
  return sharers.length > 0 ? { state: 'shared', with: [...sharers] } : { state: 'present' };
}
