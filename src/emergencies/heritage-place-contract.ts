/**
 * The shared contract of heritage in emergencies: heritage places, their assessments and how an
 * assessment taken offline reaches the server. Places and assessments (places/), emergencies and
 * no-strike exports, museum plans and the offline field app all speak it.
 */

export const HERITAGE_PLACE_KINDS = ['archaeological-site', 'monument', 'place-of-worship', 'museum', 'archive', 'library'] as const;
export type HeritagePlaceKind = (typeof HERITAGE_PLACE_KINDS)[number];

/** How sure the recorded position is. */
export const LOCATION_CERTAINTIES = ['exact', 'approximate', 'uncertain'] as const;
export type LocationCertainty = (typeof LOCATION_CERTAINTIES)[number];

/** Overall condition, EAMENA's scale. */
export const CONDITIONS = ['good', 'fair', 'poor', 'very-bad', 'destroyed'] as const;
export type Condition = (typeof CONDITIONS)[number];

/** Share of the place damaged, in EAMENA's bands. */
export const DAMAGE_EXTENTS = ['none', '1-10', '11-30', '31-60', '61-90', '91-100', 'unknown'] as const;
export type DamageExtent = (typeof DAMAGE_EXTENTS)[number];

/** The three phases of ICCROM's first aid to cultural heritage in times of crisis. */
export const ASSESSMENT_PHASES = ['situation-analysis', 'damage-and-risk', 'security-and-stabilisation'] as const;
export type AssessmentPhase = (typeof ASSESSMENT_PHASES)[number];

export const THREAT_CATEGORIES = ['armed-conflict', 'looting', 'natural-hazard', 'fire', 'water', 'development', 'neglect', 'vandalism', 'other'] as const;
export type ThreatCategory = (typeof THREAT_CATEGORIES)[number];

export const THREAT_PROBABILITIES = ['low', 'medium', 'high', 'certain'] as const;
export type ThreatProbability = (typeof THREAT_PROBABILITIES)[number];

export const ACTION_PRIORITIES = ['immediate', 'high', 'medium', 'low'] as const;
export type ActionPriority = (typeof ACTION_PRIORITIES)[number];

export interface Threat {
  category: ThreatCategory;
  /** Free text: "shelling", "illegal digging", "river flood". */
  type: string;
  probability: ThreatProbability;
}

/**
 * An assessment as the field form sends it (JSON part `assessment` of a multipart POST, photos as
 * `photos` parts in the same order as `photoPositions`).
 */
export interface AssessmentSubmission {
  /** Date of the visit, `YYYY-MM-DD`; never in the future, never before the place's record was created. */
  assessedOn: string;
  phase: AssessmentPhase;
  condition: Condition;
  damageExtent: DamageExtent;
  threats: Threat[];
  recommendation: string;
  priority: ActionPriority;
  notes?: string;
  /** Per photo, where it was taken (from the phone), or null: a photo without position is kept with a warning. */
  photoPositions?: Array<{ lat: number; lon: number } | null>;
}

/**
 * Offline submissions carry the header `Idempotency-Key: <uuid made on the phone>`: sending it again
 * (the network dropped before the answer arrived) returns the assessment already made, status 200,
 * instead of a second one. A first success is 201.
 */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** API paths (under /api/v1) every part uses. */
export const HERITAGE_API = {
  places: '/heritage-places',
  place: (id: string) => `/heritage-places/${id}`,
  assessments: (placeId: string) => `/heritage-places/${placeId}/assessments`,
  emergencies: '/emergencies',
  emergency: (id: string) => `/emergencies/${id}`,
} as const;

/** Page paths, after `/{lang}`. */
export const HERITAGE_PAGES = {
  emergencies: '/emergencies',
  emergency: (id: string) => `/emergencies/${id}`,
  places: '/heritage-places',
  place: (id: string) => `/heritage-places/${id}`,
  /** The offline field app: its pages are cached by the service worker. */
  field: '/field',
} as const;
