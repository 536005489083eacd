import type { CheckAssessment, DeclaredFacts, RecommendedAction } from './check-model.js';

/** Where the check was made, as the officer gave it. */
export interface CheckPlace {
  text?: string | undefined;
  latitude?: number | undefined;
  longitude?: number | undefined;
}

/** What the engine read: its version and the list editions, so that an answer can be explained later. */
export interface CheckEditions {
  engine: string;
  lists: Array<{ slug: string; edition: number }>;
}

export interface CheckDecision {
  decision: RecommendedAction;
  /** Required when the decision differs from the recommendation. */
  reason: string | null;
  decidedBy: { userId: number; name: string };
  decidedAt: string;
}

/** A check as stored: who ran it for which organisation, what was declared, what the engine answered, what the officer decided. */
export interface CustomsCheck {
  id: string;
  organisation: { id: number; slug: string; name: string };
  officer: { userId: number; name: string };
  createdAt: string;
  place: CheckPlace | null;
  facts: DeclaredFacts;
  /** One identification per photo (empty without a photo). */
  identificationIds: string[];
  assessment: CheckAssessment;
  editions: CheckEditions;
  decision: CheckDecision | null;
}

/** A page of an organisation's checks, newest first. */
export interface CheckPage {
  total: number;
  page: number;
  pageSize: number;
  items: CustomsCheck[];
}
