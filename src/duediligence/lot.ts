/**
 * A lot of a due-diligence check: what the dealer, auction house or museum submitted (one object
 * from the form, or a row of a catalogue), and what the screening found. Pure data, stored as JSON.
 */

/** Measurements of a lot in centimetres and kilograms, as the catalogue gives them. */
export interface LotMeasurements {
  height?: number | undefined;
  width?: number | undefined;
  depth?: number | undefined;
  weight?: number | undefined;
}
export const LOT_DIMENSIONS = ['height', 'width', 'depth', 'weight'] as const;

/** A lot as submitted; every field may be missing. */
export interface LotFields {
  /** The lot's number or reference in the catalogue ("Lot 12"). */
  reference?: string | undefined;
  title?: string | undefined;
  maker?: string | undefined;
  /** Inventory or other numbers seen on the object or in its papers. */
  inventoryNumbers?: string[] | undefined;
  objectType?: string | undefined;
  material?: string | undefined;
  /** Years; negative years are BCE. */
  period?: { from: number; to: number } | undefined;
  /** As written ("c. 1650"), when the years were read from it. */
  dating?: string | undefined;
  /** ISO 3166-1 alpha-2. */
  originCountry?: string | undefined;
  valueEur?: number | undefined;
  measurements?: LotMeasurements | undefined;
  provenance?: string | undefined;
  description?: string | undefined;
  /** File names of the lot's photos, as the catalogue names them. */
  images?: string[] | undefined;
}

/** A photo of a lot, stored with the check: its key in the photo store and the SHA-256 of its bytes. */
export interface LotPhoto {
  name: string;
  key: string;
  sha256: string;
}

export const LOT_OUTCOMES = ['no-match', 'possible', 'match'] as const;
export type LotOutcome = (typeof LOT_OUTCOMES)[number];

/** Why a registry object is a candidate: each rule that fired, with what it compared. */
export const TEXT_RULES = ['inventory-number', 'title', 'maker', 'measurements'] as const;
export type TextRule = (typeof TEXT_RULES)[number];

export interface RuleHit {
  rule: TextRule;
  /** What matched: the normalised number, the shared words, the dimensions compared. */
  detail: string;
  /** Its part of the score, in [0, 1]. */
  weight: number;
}

/** The text side of one lot against one registry object (screenLotAgainstObject). */
export interface TextEvidence {
  objectId: string;
  title: string;
  status: string;
  verdict: 'match' | 'possible';
  /** In [0, 1]. */
  score: number;
  rules: RuleHit[];
}

/** A registry object the lot's photos were identified as. */
export interface PhotoEvidence {
  objectId: string;
  title: string;
  status: string;
  verdict: 'match' | 'possible';
  score: number;
  inliers: number;
  /** The identification that found it (its evidence image is shown from the check). */
  identificationId: string;
  photo: string;
}

/** A Red List category the lot may belong to (the customs check's ranking). */
export interface CategoryEvidence {
  listSlug: string;
  edition: number;
  categoryId: string;
  name: Record<string, string>;
  score: number;
}

/** A rule of Regulation (EU) 2019/880 that applies to the lot if imported into the EU. */
export interface ImportThreshold {
  rule: 'eu-import-licence' | 'eu-importer-statement';
  applies: 'yes' | 'unknown';
}

export const PROVENANCE_GAPS = ['no-provenance', 'gap-1933-1945', 'gap-after-1970'] as const;
export type ProvenanceGap = (typeof PROVENANCE_GAPS)[number];

/** Everything the screening of a lot found; the outcome is read from `text`, `photos` and `categories`. */
export interface LotEvidence {
  text: TextEvidence[];
  photos: PhotoEvidence[];
  categories: CategoryEvidence[];
  thresholds: ImportThreshold[];
  provenance: ProvenanceGap[];
  /** Photos that could not be identified (not an image, too little detail), by name, with why. */
  photoErrors: Array<{ photo: string; error: string }>;
}

export const LOT_STATES = ['pending', 'done', 'broken'] as const;
export type LotState = (typeof LOT_STATES)[number];

/** A lot of a check, as stored. */
export interface Lot {
  id: number;
  checkId: string;
  /** Its place in the catalogue: the line (CSV) or record number, from 1. */
  position: number;
  state: LotState;
  fields: LotFields;
  photos: LotPhoto[];
  /** A broken row: why it could not be read or screened. */
  error: string | null;
  outcome: LotOutcome | null;
  evidence: LotEvidence | null;
  screenedAt: string | null;
}
