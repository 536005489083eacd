import type { PreparedImage } from './features.js';
import { popcount32 } from './hamming.js';

const SIDE = 32;
const LOW = 8;

/** A 64-bit DCT perceptual hash as two 32-bit halves: the same picture resized or re-encoded keeps it. */
export type PerceptualHash = readonly [number, number];

/**
 * pHash: the signs of the 8×8 lowest frequencies of a 32×32 DCT against their median. It catches a
 * catalogue photo reused as it is (a sales listing copying the museum's picture) at once, where
 * local features would need a full verification.
 */
export function perceptualHash(image: PreparedImage): PerceptualHash {
  const small = areaResize(image, SIDE);
  const cosines = Float64Array.from({ length: SIDE * LOW }, (_, i) => Math.cos(((2 * (i % SIDE) + 1) * Math.floor(i / SIDE) * Math.PI) / (2 * SIDE)));
  const coefficients = new Float64Array(LOW * LOW);
  for (let u = 0; u < LOW; u++) {
    for (let v = 0; v < LOW; v++) {
      let sum = 0;
      for (let y = 0; y < SIDE; y++) {
        const cy = cosines[v * SIDE + y]!;
        for (let x = 0; x < SIDE; x++) sum += small[y * SIDE + x]! * cosines[u * SIDE + x]! * cy;
      }
      coefficients[v * LOW + u] = sum;
    }
  }
  // The DC term says only how bright the image is.
  const median = [...coefficients.subarray(1)].sort((a, b) => a - b)[(LOW * LOW - 1) >> 1]!;
  let high = 0;
  let low = 0;
  for (let i = 0; i < 64; i++) {
    if (coefficients[i]! <= median) continue;
    if (i < 32) high |= 1 << i;
    else low |= 1 << (i - 32);
  }
  return [high >>> 0, low >>> 0];
}

export function hashDistance(a: PerceptualHash, b: PerceptualHash): number {
  return popcount32(a[0] ^ b[0]) + popcount32(a[1] ^ b[1]);
}

/** Mean of the grey pixels falling in each cell of a side × side grid. */
function areaResize(image: PreparedImage, side: number): Float64Array {
  const sums = new Float64Array(side * side);
  const counts = new Float64Array(side * side);
  for (let y = 0; y < image.height; y++) {
    const row = Math.min(side - 1, Math.floor((y * side) / image.height)) * side;
    for (let x = 0; x < image.width; x++) {
      const cell = row + Math.min(side - 1, Math.floor((x * side) / image.width));
      sums[cell]! += image.gray[y * image.width + x]!;
      counts[cell]!++;
    }
  }
  return sums.map((sum, i) => sum / (counts[i] || 1));
}
