import { foldForSearch } from '../i18n/fold.js';
import type { SearchDocument } from '../db/search-store.js';
import { normaliseMeasurement } from './measurements.js';
import { pickLocalized, type Dimension, type LanguageMap, type ObjectDescription, type Term } from './object-record.js';
import type { ObjectTable } from '../db/schema.js';
import { findTerm } from './vocabulary.js';

/** The text to show for a language map (see `pickLocalized`), or an empty string. */
export function pickText(map: LanguageMap, lang?: string): string {
  return pickLocalized(map, lang)?.text ?? '';
}

/** A term's facet key: the vocabulary key when the term is known, else its folded text. */
export function termKey(term: Term, kind: 'objectType' | 'material' | 'technique'): string {
  const texts = Object.values(term.label);
  for (const text of texts) {
    const entry = findTerm(kind, text);
    if (entry) return entry.key;
  }
  return foldForSearch(pickText(term.label));
}

/** Largest normalised value per dimension (cm or kg), for range filters. */
function largest(description: ObjectDescription, dimension: Dimension): number | null {
  const values = description.measurements.filter((m) => m.dimension === dimension).map((m) => normaliseMeasurement(m).value);
  return values.length > 0 ? Math.max(...values) : null;
}

export type DerivedColumns = Required<
  Pick<
    ObjectTable,
    | 'inventory_number' | 'title' | 'object_type' | 'description' | 'earliest_year' | 'latest_year'
    | 'height_cm' | 'width_cm' | 'depth_cm' | 'diameter_cm' | 'weight_kg' | 'country'
  >
>;

/** Columns derived from the description, so that lists, filters and facets need not parse JSON. */
export function derivedColumns(description: ObjectDescription): DerivedColumns {
  const leafType = description.objectType.at(-1);
  return {
    inventory_number: description.inventoryNumber ?? null,
    title: pickText(description.title) || description.inventoryNumber || description.inventoryNumberPlaceholder || '',
    object_type: leafType ? termKey(leafType, 'objectType') : null,
    description: JSON.stringify(description),
    earliest_year: description.dating?.earliest ?? null,
    latest_year: description.dating?.latest ?? description.dating?.earliest ?? null,
    height_cm: largest(description, 'height'),
    width_cm: largest(description, 'width'),
    depth_cm: largest(description, 'depth'),
    diameter_cm: largest(description, 'diameter'),
    weight_kg: largest(description, 'weight'),
    country: description.places.find((place) => place.country)?.country ?? null,
  };
}

export function materialKeys(description: ObjectDescription): string[] {
  return description.materials.map((term) => termKey(term, 'material'));
}

const allTexts = (map: LanguageMap) => Object.values(map).join(' ');
const termTexts = (terms: Term[]) => terms.map((term) => allTexts(term.label)).join(' ');

/** What full-text search reads of an object: every descriptive field, in every language given. */
export function searchDocument(description: ObjectDescription): SearchDocument {
  return {
    title: allTexts(description.title),
    maker: description.makers.map((maker) => maker.name).join(' '),
    classification: [termTexts(description.objectType), termTexts(description.materials), termTexts(description.techniques)].join(' '),
    body: [
      description.inventoryNumber ?? '',
      allTexts(description.description),
      allTexts(description.subject),
      allTexts(description.distinguishingFeatures),
      description.inscriptions.map((inscription) => inscription.text).join(' '),
      description.dating?.display ?? '',
      description.places.map((place) => place.name).join(' '),
    ].join(' '),
  };
}
