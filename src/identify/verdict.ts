import { DomainError } from '../errors.js';
import type { CandidateEvidence, ImageDescription } from './identification-engine.js';

export type Verdict = 'match' | 'possible' | 'no-match';

/**
 * Thresholds on geometrically verified inliers, calibrated with `npm run bench:identify`: photos of
 * objects not in the registry never reached more than ~10 inliers with any registry image, while
 * photos of registered objects have tens to hundreds with theirs.
 */
export const MATCH_INLIERS = 20;
export const POSSIBLE_INLIERS = 12;
/** A near-identical copy of a registered photo (hash within this many bits) with some geometric support. */
export const COPY_HASH_DISTANCE = 6;
export const COPY_MIN_INLIERS = 8;
/** A photo with fewer keypoints shows too little texture (blank, blurred, featureless) to be compared. */
export const MIN_QUERY_FEATURES = 40;

export const NOT_ENOUGH_DETAIL =
  'There is not enough detail in this photo to identify anything: photograph the object closer, sharper and well lit, filling most of the frame.';

/** A photo Egide read but cannot use (blank, blurred, featureless): 422 on the API, where an unreadable file is 400. */
export class NotEnoughDetailError extends DomainError {
  constructor() {
    super('invalid', NOT_ENOUGH_DETAIL, [{ field: 'photo', message: 'not enough detail' }], 'photo.not-enough-detail');
    this.name = 'NotEnoughDetailError';
  }
}

export function assertEnoughDetail(query: ImageDescription): void {
  if (query.features.points.length / 2 < MIN_QUERY_FEATURES) throw new NotEnoughDetailError();
}

export function candidateVerdict(candidate: Pick<CandidateEvidence, 'inliers' | 'hashDistance'>): Verdict {
  if (candidate.inliers >= MATCH_INLIERS) return 'match';
  if (candidate.hashDistance <= COPY_HASH_DISTANCE && candidate.inliers >= COPY_MIN_INLIERS) return 'match';
  if (candidate.inliers >= POSSIBLE_INLIERS) return 'possible';
  return 'no-match';
}

/** Strength of the evidence from 0 to 1; 0.5 is where a match begins. */
export function evidenceScore(candidate: Pick<CandidateEvidence, 'inliers' | 'hashDistance'>): number {
  const fromInliers = candidate.inliers / (2 * MATCH_INLIERS);
  const fromCopy = candidateVerdict(candidate) === 'match' ? 0.5 : 0;
  return Math.round(Math.min(1, Math.max(fromInliers, fromCopy)) * 100) / 100;
}

/**
 * The answer for one query: its candidates with enough evidence (at most `top`, one per object,
 * strongest first) and the verdict of the strongest. No evidence, no candidates: never a list of
 * look-alikes that would invite a wrong confirmation.
 */
export function decide<T extends CandidateEvidence & { objectId: string }>(candidates: readonly T[], top: number): { verdict: Verdict; candidates: Array<T & { verdict: Verdict; score: number }> } {
  const kept: Array<T & { verdict: Verdict; score: number }> = [];
  const objects = new Set<string>();
  for (const candidate of candidates) {
    const verdict = candidateVerdict(candidate);
    if (verdict === 'no-match' || objects.has(candidate.objectId)) continue;
    objects.add(candidate.objectId);
    kept.push({ ...candidate, verdict, score: evidenceScore(candidate) });
  }
  kept.sort((a, b) => b.score - a.score || b.inliers - a.inliers);
  const shown = kept.slice(0, top);
  return { verdict: shown[0]?.verdict ?? 'no-match', candidates: shown };
}
