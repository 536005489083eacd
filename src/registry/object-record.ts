/**
 * An object described with the Object ID standard: the core categories that make an object
 * identifiable if stolen, and the recommended additions. Texts are language maps (`{"fr": …,
 * "en": …}`, any BCP 47 tag), because museums describe in their own languages.
 */
export type LanguageMap = Record<string, string>;

/** A text of a language map, with the language it is in. */
export interface LocalizedText {
  text: string;
  lang: string;
}

const FALLBACK_LANGUAGES = ['en', 'fr', 'es'];

/** The text in the wanted language when the map has it, else English, French, Spanish, else any language. */
export function pickLocalized(map: LanguageMap | undefined, lang?: string): LocalizedText | null {
  if (!map) return null;
  for (const tag of [lang, ...FALLBACK_LANGUAGES]) {
    const text = tag ? map[tag]?.trim() : undefined;
    if (tag && text) return { text, lang: tag };
  }
  for (const [tag, text] of Object.entries(map)) if (text.trim()) return { text: text.trim(), lang: tag };
  return null;
}

/** A term from a vocabulary (Getty AAT id when known) or free text. */
export interface Term {
  label: LanguageMap;
  aat?: string | undefined;
}

export const DIMENSIONS = ['height', 'width', 'depth', 'length', 'diameter', 'thickness', 'weight'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const LENGTH_UNITS = ['mm', 'cm', 'm', 'in', 'ft'] as const;
export const WEIGHT_UNITS = ['g', 'kg', 'lb', 'oz'] as const;
export type MeasurementUnit = (typeof LENGTH_UNITS)[number] | (typeof WEIGHT_UNITS)[number];

export interface Measurement {
  dimension: Dimension;
  value: number;
  unit: MeasurementUnit;
  /** What was measured when not the whole object: "frame", "image", "base"… */
  part?: string | undefined;
}

export const INSCRIPTION_KINDS = ['signature', 'inscription', 'mark', 'label', 'stamp', 'number'] as const;
export interface Inscription {
  kind: (typeof INSCRIPTION_KINDS)[number];
  text: string;
  position?: string | undefined;
  language?: string | undefined;
}

export interface Dating {
  /** As the museum writes it: "c. 1650", "Ming dynasty", "late 19th century". */
  display: string;
  earliest?: number | undefined;
  latest?: number | undefined;
}

export interface Maker {
  name: string;
  role?: string | undefined;
}

export interface Place {
  name: string;
  /** ISO 3166-1 alpha-2. */
  country?: string | undefined;
  kind?: 'origin' | 'discovery' | undefined;
}

export interface ObjectDescription {
  /** Absent when the object has none (records of real registers; see inventory-number.ts). */
  inventoryNumber?: string | undefined;
  /** What the source wrote where the number would be ("s.n.", "o. Nr."), kept when it has none. */
  inventoryNumberPlaceholder?: string | undefined;
  /** Broad to narrow, at least two levels for Object ID (e.g. ceramics › jar). */
  objectType: Term[];
  title: LanguageMap;
  materials: Term[];
  techniques: Term[];
  measurements: Measurement[];
  inscriptions: Inscription[];
  dating: Dating | null;
  makers: Maker[];
  subject: LanguageMap;
  distinguishingFeatures: LanguageMap;
  description: LanguageMap;
  relatedWrittenMaterial: string[];
  places: Place[];
  crossReferences: string[];
  dateDocumented: string | null;
}

/** A description with every category empty, to fill in. */
export function emptyDescription(inventoryNumber?: string): ObjectDescription {
  return {
    ...(inventoryNumber === undefined ? {} : { inventoryNumber }),
    objectType: [],
    title: {},
    materials: [],
    techniques: [],
    measurements: [],
    inscriptions: [],
    dating: null,
    makers: [],
    subject: {},
    distinguishingFeatures: {},
    description: {},
    relatedWrittenMaterial: [],
    places: [],
    crossReferences: [],
    dateDocumented: null,
  };
}
