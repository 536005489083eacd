import type { RegistryState } from './due-diligence-check.js';
import type { LotFields, LotOutcome, LotPhoto, ProvenanceGap } from './lot.js';

/** What a due-diligence screening covers, named in a certificate's "what was searched". */
export const SCREENING_SCOPES = ['registry-text', 'registry-photos', 'red-lists', 'eu-import-thresholds', 'provenance'] as const;
export type ScreeningScope = (typeof SCREENING_SCOPES)[number];

/**
 * A screened lot as a certificate is made from it (part E): kept stable, since certificates sign
 * what it carries. Read with the requester's rights (`DueDiligenceService.certifiableLot`).
 */
export interface CertifiableLot {
  checkId: string;
  lotId: number;
  /** The lot as submitted. */
  fields: LotFields;
  /** Its photos as stored with the check (name, store key, SHA-256 of the bytes screened). */
  photos: LotPhoto[];
  outcome: LotOutcome;
  /** The evidence in short: how many registry candidates by text and photo, Red List categories, thresholds and provenance gaps. */
  evidence: {
    textCandidates: number;
    photoCandidates: number;
    categories: number;
    thresholds: string[];
    provenanceGaps: ProvenanceGap[];
  };
  /** What was searched: the scopes the screening covered (photos only when the lot had some). */
  scopes: ScreeningScope[];
  /** When the lot was screened. */
  searchedAt: string;
  /** The registry it was screened against, as the requester could see it. */
  registry: RegistryState;
  by: { name: string; organisation: { id: number; slug: string; name: string } };
}
