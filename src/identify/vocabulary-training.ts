import { BinaryVocabulary } from './binary-vocabulary.js';
import { hamming256 } from './hamming.js';

const WORDS = 8;
const ITERATIONS = 8;

/**
 * Builds a vocabulary by hierarchical k-majority clustering (k-means for binary descriptors: each
 * centre is the bitwise majority of its members), seeded k-means++ style. Deterministic for a given
 * `random`.
 */
export function trainVocabulary(descriptors: Uint32Array, branching: number, depth: number, random: () => number, onNode?: () => void): BinaryVocabulary {
  let total = 0;
  const levelStart: number[] = [];
  for (let level = 1; level <= depth; level++) {
    levelStart.push(total);
    total += branching ** level;
  }
  const centres = new Uint32Array(total * WORDS);
  const count = descriptors.length / WORDS;

  const split = (members: Uint32Array, level: number, node: number) => {
    const first = levelStart[level]! + node * branching;
    const chosen = kMajority(descriptors, members, branching, random);
    for (let child = 0; child < branching; child++) {
      centres.set(chosen.centres.subarray(child * WORDS, (child + 1) * WORDS), (first + child) * WORDS);
    }
    onNode?.();
    if (level + 1 === depth) return;
    for (let child = 0; child < branching; child++) split(chosen.groups[child]!, level + 1, node * branching + child);
  };
  split(Uint32Array.from({ length: count }, (_, i) => i), 0, 0);
  return new BinaryVocabulary(branching, depth, centres);
}

interface Clustering {
  centres: Uint32Array;
  groups: Uint32Array[];
}

function kMajority(descriptors: Uint32Array, members: Uint32Array, k: number, random: () => number): Clustering {
  const centres = new Uint32Array(k * WORDS);
  if (members.length === 0) return { centres, groups: Array.from({ length: k }, () => new Uint32Array(0)) };
  seedCentres(descriptors, members, centres, k, random);

  const assignment = new Uint16Array(members.length);
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    let changed = iteration === 0;
    for (let m = 0; m < members.length; m++) {
      const nearest = nearestCentre(descriptors, members[m]! * WORDS, centres, k);
      if (nearest !== assignment[m]) {
        assignment[m] = nearest;
        changed = true;
      }
    }
    if (!changed) break;
    recomputeMajorities(descriptors, members, assignment, centres, k);
  }
  const sizes = new Uint32Array(k);
  for (const cluster of assignment) sizes[cluster]!++;
  const groups = Array.from({ length: k }, (_, cluster) => new Uint32Array(sizes[cluster]!));
  const filled = new Uint32Array(k);
  for (let m = 0; m < members.length; m++) groups[assignment[m]!]![filled[assignment[m]!]!++] = members[m]!;
  return { centres, groups };
}

/** k-means++: each new centre drawn with probability proportional to its squared distance to the nearest chosen one. */
function seedCentres(descriptors: Uint32Array, members: Uint32Array, centres: Uint32Array, k: number, random: () => number): void {
  const pick = (centre: number, member: number) => centres.set(descriptors.subarray(member * WORDS, member * WORDS + WORDS), centre * WORDS);
  pick(0, members[Math.floor(random() * members.length)]!);
  const nearest = new Float64Array(members.length).fill(Infinity);
  for (let centre = 1; centre < k; centre++) {
    let sum = 0;
    for (let m = 0; m < members.length; m++) {
      const d = hamming256(descriptors, members[m]! * WORDS, centres, (centre - 1) * WORDS);
      if (d * d < nearest[m]!) nearest[m] = d * d;
      sum += nearest[m]!;
    }
    let target = random() * sum;
    let chosen = members.length - 1;
    for (let m = 0; m < members.length; m++) {
      target -= nearest[m]!;
      if (target <= 0) {
        chosen = m;
        break;
      }
    }
    // Fewer distinct descriptors than centres: duplicates are harmless (the first always wins).
    pick(centre, members[sum === 0 ? Math.floor(random() * members.length) : chosen]!);
  }
}

function nearestCentre(descriptors: Uint32Array, offset: number, centres: Uint32Array, k: number): number {
  let best = 0;
  let bestDistance = 257;
  for (let c = 0; c < k; c++) {
    const d = hamming256(descriptors, offset, centres, c * WORDS);
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best;
}

function recomputeMajorities(descriptors: Uint32Array, members: Uint32Array, assignment: Uint16Array, centres: Uint32Array, k: number): void {
  const ones = new Uint32Array(k * 256);
  const sizes = new Uint32Array(k);
  for (let m = 0; m < members.length; m++) {
    const cluster = assignment[m]!;
    sizes[cluster]!++;
    const offset = members[m]! * WORDS;
    for (let w = 0; w < WORDS; w++) {
      const word = descriptors[offset + w]!;
      if (word === 0) continue;
      for (let bit = 0; bit < 32; bit++) if (word & (1 << bit)) ones[cluster * 256 + w * 32 + bit]!++;
    }
  }
  for (let cluster = 0; cluster < k; cluster++) {
    const size = sizes[cluster]!;
    if (size === 0) continue; // keeps its previous centre
    for (let w = 0; w < WORDS; w++) {
      let word = 0;
      for (let bit = 0; bit < 32; bit++) if (ones[cluster * 256 + w * 32 + bit]! * 2 > size) word |= 1 << bit;
      centres[cluster * WORDS + w] = word >>> 0;
    }
  }
}
