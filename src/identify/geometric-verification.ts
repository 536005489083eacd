import { ANGLE_BINS, angleBin, MAX_OCTAVE, SCALE_BINS, type LocalFeatures } from './features.js';
import { descriptorWords, hamming256 } from './hamming.js';
import { loadOpenCv } from './opencv.js';

/** Flat objects (paintings, prints, pages) move as a plane; others only approximately. */
export type GeometricModel = 'homography' | 'affine';

/** Local features with, for each descriptor, the vocabulary node that buckets it for matching. */
export interface BucketedFeatures extends LocalFeatures {
  buckets: Uint32Array;
}

export interface Verification {
  /** Correspondences consistent with one geometric transformation, counted once per query position. */
  inliers: number;
  /** Pairs of keypoint indices (query, reference) of the inliers. */
  pairs: Array<[number, number]>;
}

const MAX_DISTANCE = 56;
const RATIO = 0.8;
/** Reprojection error allowed, as a share of the query image's long side. */
const TOLERANCE = { homography: 0.008, affine: 0.02 } as const;

/**
 * Nearest-neighbour matches between descriptors that fall in the same vocabulary node (a cheap
 * pre-filter: exhaustive matching costs ~50× more for few extra true matches), kept when clearly
 * better than the second nearest (Lowe's ratio test) and one-to-one. Called for every shortlisted
 * candidate with the same query, so it works on typed arrays only.
 */
export function matchDescriptors(query: BucketedFeatures, reference: BucketedFeatures): Array<[number, number]> {
  const q = descriptorWords(query.descriptors);
  const r = descriptorWords(reference.descriptors);
  const { starts, members } = groupByBucket(reference.buckets);
  const buckets = starts.length - 1;
  const bestQuery = new Int32Array(reference.buckets.length).fill(-1);
  const bestQueryDistance = new Uint16Array(reference.buckets.length);
  /** References in the order they were first matched: RANSAC's sampling depends on the order. */
  const matched: number[] = [];
  for (let i = 0; i < query.buckets.length; i++) {
    const bucket = query.buckets[i]!;
    if (bucket >= buckets) continue;
    let best = -1;
    let bestDistance = 257;
    let second = 257;
    for (let k = starts[bucket]!, end = starts[bucket + 1]!; k < end; k++) {
      const j = members[k]!;
      const distance = hamming256(q, i * 8, r, j * 8);
      if (distance < bestDistance) {
        second = bestDistance;
        bestDistance = distance;
        best = j;
      } else if (distance < second) second = distance;
    }
    if (best < 0 || bestDistance > MAX_DISTANCE || bestDistance >= RATIO * second) continue;
    if (bestQuery[best] === -1) matched.push(best);
    else if (bestQueryDistance[best]! <= bestDistance) continue;
    bestQuery[best] = i;
    bestQueryDistance[best] = bestDistance;
  }
  return matched.map((j) => [bestQuery[j]!, j]);
}

/** Indices grouped by bucket (counting sort): bucket b's are members[starts[b] … starts[b + 1]), in order. */
function groupByBucket(buckets: Uint32Array): { starts: Uint32Array; members: Uint32Array } {
  let largest = -1;
  for (const bucket of buckets) if (bucket > largest) largest = bucket;
  const starts = new Uint32Array(largest + 2);
  for (const bucket of buckets) starts[bucket + 1]!++;
  for (let b = 1; b < starts.length; b++) starts[b]! += starts[b - 1]!;
  const next = starts.slice(0, -1);
  const members = new Uint32Array(buckets.length);
  for (let j = 0; j < buckets.length; j++) members[next[buckets[j]!]!++] = j;
  return { starts, members };
}

/**
 * Fewer consistent matches than this cannot give a "possible" verdict (verdict.ts), so RANSAC — the
 * costly step — is not run for them.
 */
const MIN_MATCHES = 12;

/**
 * Weak geometric consistency (Jégou et al.): matches of one object share about the same change of
 * orientation and of scale. Keeping those around the most common change removes most wrong matches
 * before RANSAC, which then needs few iterations — and rejects unrelated images without running.
 */
export function consistentMatches(matches: Array<[number, number]>, query: LocalFeatures, reference: LocalFeatures): Array<[number, number]> {
  const binOf = ([i, j]: [number, number]) => {
    const angle = angleBin(query.angles[i]! - reference.angles[j]!);
    const scale = query.octaves[i]! - reference.octaves[j]! + MAX_OCTAVE;
    return [angle, Math.max(0, Math.min(SCALE_BINS - 1, scale))] as const;
  };
  const votes = new Uint16Array(ANGLE_BINS * SCALE_BINS);
  for (const match of matches) {
    const [angle, scale] = binOf(match);
    votes[angle * SCALE_BINS + scale]!++;
  }
  const near = (angle: number, scale: number, bestAngle: number, bestScale: number) =>
    Math.min((angle - bestAngle + ANGLE_BINS) % ANGLE_BINS, (bestAngle - angle + ANGLE_BINS) % ANGLE_BINS) <= 1 && Math.abs(scale - bestScale) <= 1;
  // The most common change with its neighbours (orientation wraps around, scale does not).
  let best = 0;
  let bestVotes = -1;
  for (let bin = 0; bin < votes.length; bin++) {
    const [angle, scale] = [Math.floor(bin / SCALE_BINS), bin % SCALE_BINS];
    let sum = 0;
    for (let da = -1; da <= 1; da++) {
      const row = ((angle + da + ANGLE_BINS) % ANGLE_BINS) * SCALE_BINS;
      for (let ds = Math.max(0, scale - 1); ds <= Math.min(SCALE_BINS - 1, scale + 1); ds++) sum += votes[row + ds]!;
    }
    if (sum > bestVotes) {
      bestVotes = sum;
      best = bin;
    }
  }
  const [bestAngle, bestScale] = [Math.floor(best / SCALE_BINS), best % SCALE_BINS];
  return matches.filter((match) => {
    const [angle, scale] = binOf(match);
    return near(angle, scale, bestAngle, bestScale);
  });
}

const RANSAC = { homography: { sample: 4, confidence: 0.995 }, affine: { sample: 3, confidence: 0.99 } } as const;
const MAX_RANSAC_ITERATIONS = 300;

/**
 * RANSAC draws until it is confident to have drawn one sample of inliers; a verdict needs
 * MIN_MATCHES of them, so that share of the matches is the one to be confident about. Unrelated
 * images (a dozen matches, none consistent) then cost a few draws instead of all 300 (~8 ms).
 */
function ransacIterations(matches: number, model: GeometricModel): number {
  const { sample, confidence } = RANSAC[model];
  const allInliers = (MIN_MATCHES / matches) ** sample;
  if (allInliers >= 1) return 1;
  return Math.min(MAX_RANSAC_ITERATIONS, Math.ceil(Math.log(1 - confidence) / Math.log(1 - allInliers)));
}

/** Matches, then RANSAC: how many matches one transformation of the reference onto the query explains. */
export async function verifyGeometry(query: BucketedFeatures, reference: BucketedFeatures, model: GeometricModel): Promise<Verification> {
  const matches = consistentMatches(matchDescriptors(query, reference), query, reference);
  if (matches.length < MIN_MATCHES) return { inliers: 0, pairs: [] };
  const { cv } = await loadOpenCv();
  const source = cv.matFromArray(matches.length, 1, cv.CV_32FC2, matches.flatMap(([, j]) => [reference.points[j * 2]!, reference.points[j * 2 + 1]!]));
  const target = cv.matFromArray(matches.length, 1, cv.CV_32FC2, matches.flatMap(([i]) => [query.points[i * 2]!, query.points[i * 2 + 1]!]));
  const mask = new cv.Mat();
  const tolerance = TOLERANCE[model] * Math.max(query.width, query.height);
  const iterations = ransacIterations(matches.length, model);
  let transform: InstanceType<typeof cv.Mat> | undefined;
  try {
    transform =
      model === 'homography'
        ? cv.findHomography(source, target, cv.RANSAC, tolerance, mask, iterations, RANSAC.homography.confidence)
        : (cv.estimateAffine2D(source, target, mask, cv.RANSAC, tolerance, iterations, RANSAC.affine.confidence, 10) as InstanceType<typeof cv.Mat>);
    if (transform.empty() || !plausible(transform, model, reference)) return { inliers: 0, pairs: [] };
    const pairs = matches.filter((_, index) => mask.data[index] === 1);
    return { inliers: distinctPositions(pairs, query), pairs };
  } finally {
    source.delete();
    target.delete();
    mask.delete();
    transform?.delete();
  }
}

/**
 * Refuses transformations no photograph produces (a mirror, a collapse to a line, a 50× zoom): random
 * matches can agree with such degenerate models.
 */
function plausible(transform: { data64F: Float64Array }, model: GeometricModel, reference: LocalFeatures): boolean {
  const m = transform.data64F;
  const h = model === 'homography' ? m : Float64Array.from([m[0]!, m[1]!, m[2]!, m[3]!, m[4]!, m[5]!, 0, 0, 1]);
  const corners = [
    [0, 0],
    [reference.width, 0],
    [reference.width, reference.height],
    [0, reference.height],
  ].map(([x, y]) => {
    const w = h[6]! * x! + h[7]! * y! + h[8]!;
    return [(h[0]! * x! + h[1]! * y! + h[2]!) / w, (h[3]! * x! + h[4]! * y! + h[5]!) / w, w] as const;
  });
  if (corners.some(([, , w]) => w <= 0)) return false;
  let area = 0;
  let sign = 0;
  for (let k = 0; k < 4; k++) {
    const [ax, ay] = corners[k]!;
    const [bx, by] = corners[(k + 1) % 4]!;
    const [cx, cy] = corners[(k + 2) % 4]!;
    const turn = Math.sign((bx - ax) * (cy - by) - (by - ay) * (cx - bx));
    if (turn === 0 || (sign !== 0 && turn !== sign)) return false; // not convex
    sign = turn;
    area += ax * by - bx * ay;
  }
  const scale = Math.abs(area) / 2 / (reference.width * reference.height);
  return sign > 0 && scale > 1 / 400 && scale < 400;
}

function distinctPositions(pairs: Array<[number, number]>, query: LocalFeatures): number {
  const seen = new Set<number>();
  for (const [i] of pairs) seen.add(Math.round(query.points[i * 2]! / 2) * 65536 + Math.round(query.points[i * 2 + 1]! / 2));
  return seen.size;
}
