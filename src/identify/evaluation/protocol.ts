/**
 * The protocol that measures identification, shared by `npm run bench:identify` and `egide identify
 * evaluate`: synthetic field photos of registered photos (positives) and of artworks that are not in
 * the registry (negatives), drawn from a seed; each answered one at a time as a server answers it;
 * then the figures — recall@1 and @5, false matches, "possible" answers, latency.
 */
import type { Principal } from '../../roles.js';
import { seededRandom } from '../../util/seeded-random.js';
import type { PhotoSource } from '../describe-pool.js';
import type { IdentifyService } from '../identify.service.js';
import { NotEnoughDetailError, type Verdict } from '../verdict.js';
import { fieldPhoto, type FieldPhotoSettings } from './synthetic-photos.js';

export type QueryKind = 'positive' | 'negative';

/**
 * Images a kind of query photographs. `image` gives the image at `index` (a file or its bytes), or
 * undefined when it may not be used (a "negative" the registry holds after all): another is drawn.
 */
export interface PhotoPool {
  size: number;
  image(index: number): Promise<string | Buffer | undefined>;
}

export interface FieldPhotoQuery {
  /** Query number, from 0: even ones are positives. */
  n: number;
  kind: QueryKind;
  /** Index in its pool of the image photographed. */
  index: number;
  jpeg: Buffer;
  settings: FieldPhotoSettings;
}


/**
 * `count` field photos, alternately of a positive and of a negative, each against one of
 * `backgrounds`, all drawn from `seed`: the same seed and pools give the same photos.
 */
export async function* fieldPhotoQueries(options: { count: number; seed: number; positives: PhotoPool; negatives: PhotoPool; backgrounds: readonly string[] }): AsyncGenerator<FieldPhotoQuery> {
  const random = seededRandom(options.seed);
  for (let n = 0; n < options.count; n++) {
    const kind: QueryKind = n % 2 === 0 ? 'positive' : 'negative';
    const pool = kind === 'positive' ? options.positives : options.negatives;
    let index: number;
    let image: string | Buffer | undefined;
    let refused = 0;
    do {
      if (refused >= pool.size) throw new Error(`No ${kind} image may be used: every one of the ${pool.size} was refused.`);
      index = Math.floor(random() * pool.size);
      image = await pool.image(index);
      if (image === undefined) refused++;
    } while (image === undefined);
    const background = options.backgrounds[Math.floor(random() * options.backgrounds.length)]!;
    const { jpeg, settings } = await fieldPhoto(image, background, random);
    yield { n, kind, index, jpeg, settings };
  }
}

/** How one query was answered. */
export interface QueryOutcome {
  kind: QueryKind;
  /** For a positive: the object photographed. */
  truth?: string | undefined;
  verdict: Verdict;
  /** Objects shown, best first, with their verdict and inliers. */
  shown: Array<{ objectId: string; verdict: Verdict; inliers: number }>;
  /** Inliers of the best verified candidate, shown or not. */
  bestInliers: number;
  /** The photo had too little detail to be compared (the person is told so; counted as no match). */
  notEnoughDetail: boolean;
  ms: number;
}

/**
 * Starts what a running server already has (the describe pool's workers, the index in memory) with
 * one untimed identification, so that the first query's time does not include it.
 */
export async function warmUp(identify: Pick<IdentifyService, 'rank'>, principal: Principal | null, image: PhotoSource): Promise<void> {
  try {
    await identify.rank(principal, image, 'warm-up', { top: 1 });
  } catch (error) {
    if (!(error instanceof NotEnoughDetailError)) throw error;
  }
}

/** One query answered as a server answers it (described on the describe pool, searched, decided), timed. */
export async function answerQuery(identify: Pick<IdentifyService, 'rank'>, principal: Principal | null, jpeg: Buffer, top: number): Promise<Omit<QueryOutcome, 'kind' | 'truth'>> {
  const started = performance.now();
  try {
    const { found, decided } = await identify.rank(principal, jpeg, 'query.jpg', { top });
    const shown = decided.candidates.map((candidate) => ({ objectId: candidate.objectId, verdict: candidate.verdict, inliers: candidate.inliers }));
    return { verdict: decided.verdict, shown, bestInliers: found[0]?.inliers ?? 0, notEnoughDetail: false, ms: performance.now() - started };
  } catch (error) {
    if (!(error instanceof NotEnoughDetailError)) throw error;
    return { verdict: 'no-match', shown: [], bestInliers: 0, notEnoughDetail: true, ms: performance.now() - started };
  }
}

export interface AccuracyFigures {
  positives: number;
  negatives: number;
  /** Share of positives whose first candidate is the object photographed. */
  recallAt1: number;
  /** Share of positives with the object photographed among the first five candidates. */
  recallAt5: number;
  /** A "match" verdict for the wrong object: a negative said to match, or a positive matched to another object. */
  falseMatches: { count: number; rate: number; negatives: number; positives: number };
  /** Queries answered "possible" (a person must look closely), of each kind. */
  possible: { count: number; rate: number; negatives: number; positives: number };
  notEnoughDetail: number;
  /** Most inliers any negative reached with a registry photo: how far from the thresholds they stay. */
  worstNegativeInliers: number;
  latencyMs: { p50: number; p95: number };
}

/** Nearest-rank percentile (`p` from 0 to 1). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length))) - 1]!;
}

const share = (count: number, of: number) => (of === 0 ? 0 : count / of);

export function scoreOutcomes(outcomes: readonly QueryOutcome[]): AccuracyFigures {
  const positives = outcomes.filter((outcome) => outcome.kind === 'positive');
  const negatives = outcomes.filter((outcome) => outcome.kind === 'negative');
  const rank = (outcome: QueryOutcome) => outcome.shown.findIndex((candidate) => candidate.objectId === outcome.truth);
  const wrongMatch = (outcome: QueryOutcome) => outcome.verdict === 'match' && (outcome.kind === 'negative' || outcome.shown[0]?.objectId !== outcome.truth);
  const falseNegatives = negatives.filter(wrongMatch).length;
  const falsePositives = positives.filter(wrongMatch).length;
  const possibleNegatives = negatives.filter((outcome) => outcome.verdict === 'possible').length;
  const possiblePositives = positives.filter((outcome) => outcome.verdict === 'possible').length;
  const latencies = outcomes.map((outcome) => outcome.ms);
  return {
    positives: positives.length,
    negatives: negatives.length,
    recallAt1: share(positives.filter((outcome) => rank(outcome) === 0).length, positives.length),
    recallAt5: share(positives.filter((outcome) => rank(outcome) >= 0 && rank(outcome) < 5).length, positives.length),
    falseMatches: { count: falseNegatives + falsePositives, rate: share(falseNegatives + falsePositives, outcomes.length), negatives: falseNegatives, positives: falsePositives },
    possible: { count: possibleNegatives + possiblePositives, rate: share(possibleNegatives + possiblePositives, outcomes.length), negatives: possibleNegatives, positives: possiblePositives },
    notEnoughDetail: outcomes.filter((outcome) => outcome.notEnoughDetail).length,
    worstNegativeInliers: Math.max(0, ...negatives.map((outcome) => outcome.bestInliers)),
    latencyMs: { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95) },
  };
}
