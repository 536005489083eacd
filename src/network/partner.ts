import type { Localized } from '../i18n/languages.js';

export const PARTNER_CATEGORIES = ['ngo', 'intergovernmental', 'museum-institution'] as const;
export type PartnerCategory = (typeof PARTNER_CATEGORIES)[number];

/** Cooperation themes shared by the network; labels live in the i18n catalogues (`theme.<id>`). */
export const COOPERATION_THEMES = [
  'illicit-traffic',
  'emergency-response',
  'conservation',
  'training',
  'intellectual-property',
  'documentation',
  'funding',
  'legal-instruments',
  'heritage-promotion',
  'ethics',
] as const;
export type CooperationTheme = (typeof COOPERATION_THEMES)[number];

/** When the cooperation began, as far as the network's records say. */
export interface PartnerSince {
  year: number;
  /** The agreement signed that year, if any (e.g. a memorandum of understanding). */
  agreement: Localized | null;
}

/** A partner as the directory publishes it, in every language. */
export interface Partner {
  slug: string;
  category: PartnerCategory;
  name: Localized;
  /** Acronym per language (OMD / WCO / OMA); an empty string where the name has none. */
  acronym: Localized;
  /** Who the partner is. */
  description: Localized;
  /** What the partner and the museum network do together. */
  cooperation: Localized;
  themes: CooperationTheme[];
  since: PartnerSince | null;
  website: string;
}
