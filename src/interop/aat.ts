/**
 * Concept identifiers the exports share (LIDO conceptIDs, Linked Art `classified_as`, units and
 * languages). Getty AAT ids are the ones Linked Art's own reference code (cromulent) uses; LIDO
 * terminology URIs are those of real LIDO 1.1 records (see /work/shared/standards/lido/examples).
 */
import type { Dimension, Inscription, MeasurementUnit } from '../registry/object-record.js';

export const AAT = 'http://vocab.getty.edu/aat/';

export function aatUri(id: string): string {
  return `${AAT}${id}`;
}

/**
 * Reads `http://vocab.getty.edu/aat/300015050` (or `…/page/aat/…`, or the compact `aat:300015050` of
 * older Linked Art documents, the O'Keeffe Museum's and numismatics.org's) back to `300015050`.
 */
export function aatIdOf(uri: string): string | undefined {
  return /^(?:https?:\/\/vocab\.getty\.edu\/(?:page\/)?aat\/|aat:)(\d{9})$/.exec(uri.trim())?.[1];
}

export interface Labelled {
  aat: string;
  /** English, French, Spanish labels for the concept. */
  label: { en: string; fr: string; es: string };
}

export const DIMENSION_CONCEPTS: Record<Dimension, Labelled> = {
  height: { aat: '300055644', label: { en: 'height', fr: 'hauteur', es: 'altura' } },
  width: { aat: '300055647', label: { en: 'width', fr: 'largeur', es: 'anchura' } },
  depth: { aat: '300072633', label: { en: 'depth', fr: 'profondeur', es: 'profundidad' } },
  length: { aat: '300055645', label: { en: 'length', fr: 'longueur', es: 'longitud' } },
  diameter: { aat: '300055624', label: { en: 'diameter', fr: 'diamètre', es: 'diámetro' } },
  thickness: { aat: '300055646', label: { en: 'thickness', fr: 'épaisseur', es: 'espesor' } },
  weight: { aat: '300056240', label: { en: 'weight', fr: 'poids', es: 'peso' } },
};

export const UNIT_CONCEPTS: Record<MeasurementUnit, Labelled> = {
  mm: { aat: '300379097', label: { en: 'millimetres', fr: 'millimètres', es: 'milímetros' } },
  cm: { aat: '300379098', label: { en: 'centimetres', fr: 'centimètres', es: 'centímetros' } },
  m: { aat: '300379099', label: { en: 'metres', fr: 'mètres', es: 'metros' } },
  in: { aat: '300379100', label: { en: 'inches', fr: 'pouces', es: 'pulgadas' } },
  ft: { aat: '300379101', label: { en: 'feet', fr: 'pieds', es: 'pies' } },
  g: { aat: '300379225', label: { en: 'grams', fr: 'grammes', es: 'gramos' } },
  kg: { aat: '300379226', label: { en: 'kilograms', fr: 'kilogrammes', es: 'kilogramos' } },
  lb: { aat: '300379254', label: { en: 'pounds', fr: 'livres', es: 'libras' } },
  oz: { aat: '300379229', label: { en: 'ounces', fr: 'onces', es: 'onzas' } },
};

/** Linked Art statement types for inscriptions: signatures, inscriptions, and every other mark. */
export const INSCRIPTION_STATEMENT: Record<Inscription['kind'], { aat: string; label: string }> = {
  signature: { aat: '300028705', label: 'Signature' },
  inscription: { aat: '300435414', label: 'Inscription' },
  mark: { aat: '300435420', label: 'Markings' },
  label: { aat: '300435420', label: 'Markings' },
  stamp: { aat: '300435420', label: 'Markings' },
  number: { aat: '300435420', label: 'Markings' },
};

/** Linked Art classifications (AAT) used by the Linked Art writer, with the labels Linked Art gives them. */
export const LA = {
  primaryName: { aat: '300404670', label: 'Primary Name' },
  accessionNumber: { aat: '300312355', label: 'Accession Number' },
  systemNumber: { aat: '300435704', label: 'System-Assigned Number' },
  typeOfWork: { aat: '300435443', label: 'Type of Work' },
  briefText: { aat: '300418049', label: 'Brief Text' },
  description: { aat: '300435416', label: 'Description' },
  condition: { aat: '300435425', label: 'Condition Statement' },
  dimensionStatement: { aat: '300435430', label: 'Dimension Statement' },
  bibliography: { aat: '300026497', label: 'Bibliography Statement' },
  digitalImage: { aat: '300215302', label: 'Digital Image' },
} as const;

/** Classifications other Linked Art producers use, which Egide reads but does not write. */
export const LA_READ = {
  /** "description (activity)": the Getty's and the American Art Collaborative's description statements. */
  descriptionActivity: '300080091',
  /** "culture" (the Getty's Culture statements and culture terms) and "styles and periods". */
  culture: '300055768',
  stylesAndPeriods: '300015646',
  /** "positional attributes": Getty dimension entries that number a dimension set, not a measurement. */
  positionalAttributes: '300010269',
} as const;

/**
 * AAT concepts of languages (as used by Linked Art). Other languages are referred to by their
 * Library of Congress ISO 639 URI.
 */
const LANGUAGE_AAT: Record<string, { aat: string; label: string }> = {
  ar: { aat: '300387843', label: 'Arabic' },
  ca: { aat: '300388072', label: 'Catalan' },
  cs: { aat: '300388191', label: 'Czech' },
  da: { aat: '300388204', label: 'Danish' },
  de: { aat: '300388344', label: 'German' },
  en: { aat: '300388277', label: 'English' },
  es: { aat: '300389311', label: 'Spanish' },
  fi: { aat: '300388299', label: 'Finnish' },
  fr: { aat: '300388306', label: 'French' },
  he: { aat: '300388401', label: 'Hebrew' },
  hi: { aat: '300388412', label: 'Hindi' },
  hu: { aat: '300388770', label: 'Hungarian' },
  it: { aat: '300388474', label: 'Italian' },
  ja: { aat: '300388486', label: 'Japanese' },
  ko: { aat: '300388633', label: 'Korean' },
  la: { aat: '300388693', label: 'Latin' },
  nl: { aat: '300388256', label: 'Dutch' },
  no: { aat: '300388992', label: 'Norwegian' },
  pl: { aat: '300389109', label: 'Polish' },
  pt: { aat: '300389115', label: 'Portuguese' },
  ro: { aat: '300389157', label: 'Romanian' },
  ru: { aat: '300389168', label: 'Russian' },
  sv: { aat: '300389336', label: 'Swedish' },
  tr: { aat: '300389470', label: 'Turkish' },
  zh: { aat: '300388113', label: 'Chinese' },
};

/** A URI for the language of a BCP 47 tag (its primary subtag), with a label when known. */
export function languageConcept(tag: string): { id: string; label: string } {
  const primary = tag.toLowerCase().split('-')[0] ?? tag;
  const known = LANGUAGE_AAT[primary];
  if (known) return { id: aatUri(known.aat), label: known.label };
  const list = primary.length === 2 ? 'iso639-1' : 'iso639-2';
  return { id: `http://id.loc.gov/vocabulary/${list}/${encodeURIComponent(primary)}`, label: primary };
}

/** LIDO terminology (http://terminology.lido-schema.org/): the concepts Egide's LIDO records use. */
export const LIDO_TERMS = {
  uri: 'http://terminology.lido-schema.org/lido00099',
  localIdentifier: 'http://terminology.lido-schema.org/lido00100',
  inventoryNumber: 'http://terminology.lido-schema.org/lido00113',
  currentRepository: 'http://terminology.lido-schema.org/lido00475',
  production: 'http://terminology.lido-schema.org/lido00007',
  finding: 'http://terminology.lido-schema.org/lido00002',
  material: 'http://terminology.lido-schema.org/lido00132',
  technique: 'http://terminology.lido-schema.org/lido00131',
  itemLevelRecord: 'http://terminology.lido-schema.org/lido00141',
  preferred: 'http://terminology.lido-schema.org/lido00169',
  providedImage: 'http://terminology.lido-schema.org/lido00464',
  thumbnail: 'http://terminology.lido-schema.org/lido00451',
  recordMetadata: 'http://terminology.lido-schema.org/lido00470',
  creationDate: 'http://terminology.lido-schema.org/lido00472',
  modificationDate: 'http://terminology.lido-schema.org/lido00473',
} as const;

/** CIDOC-CRM class of every object Egide describes, for LIDO's `category`. */
export const HUMAN_MADE_OBJECT = 'http://www.cidoc-crm.org/cidoc-crm/E22_Human-Made_Object';

/** The English name of an ISO 3166-1 alpha-2 country code ("FR" → "France"), or the code itself. */
export function countryName(code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}
