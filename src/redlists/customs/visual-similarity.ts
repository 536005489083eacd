import { ColourLayoutExtractor } from '../../identify/colour-layout-extractor.js';
import type { PreparedImage } from '../../identify/features.js';
import { unit } from '../../identify/global-descriptor-index.js';
import { prepareImage } from '../../identify/prepare-image.js';
import { categoryKey, type VisualScores } from './check-model.js';

/**
 * How much the officer's photo looks like each category's example photos, by a cheap global
 * descriptor of the identification engine (the 8 × 8 colour layout, colour-layout-extractor.ts): a
 * category's similarity is its best example's cosine similarity, below zero counted as none.
 *
 * Measured with the protocol of ranking-quality.ts on the demonstration list (16 categories with
 * 47 photos of the National Museum of Korea, each photo left out of the examples it is compared
 * with, 10 seeds): from the declared facts alone, recall@1 0.633, recall@3 0.924, MRR 0.775; with
 * the colour layout weighing 0.15 of the score, 0.685, 0.972 and 0.826 (0.1: 0.683 / 0.967 / 0.824;
 * 0.3: 0.661 / 0.946 / 0.804; 0.5 makes it worse than the facts alone). It helps where the facts
 * cannot tell categories apart (celadon from black-glazed wares, gilt bronze from stone Buddhas),
 * so it is used, lightly; scoring 9,000 example photos is one scan of 9,000 × 192 floats, a few ms.
 */
export const VISUAL_WEIGHT = 0.15;
/** Photos are described at this size: the layout averages 64 cells, more pixels change nothing. */
const VISUAL_SIDE = 128;

const extractor = new ColourLayoutExtractor();

export function describeImage(image: PreparedImage): Promise<Float32Array> {
  return extractor.describe(image);
}

/** Describes a photo (bytes of any format the registry accepts) for comparison with the examples. */
export async function describePhoto(bytes: Buffer): Promise<Float32Array> {
  return describeImage(await prepareImage(bytes, VISUAL_SIDE));
}

/**
 * Every example photo's descriptor with its category, kept in memory: build it when the lists are
 * published or loaded (`add` each example once), then score a photo against all of them in one scan.
 */
export class VisualExampleIndex {
  private vectors = new Float32Array(0);
  private readonly keys: string[] = [];

  get size(): number {
    return this.keys.length;
  }

  add(listSlug: string, categoryId: string, descriptor: Float32Array): void {
    const dimensions = extractor.dimensions;
    if (descriptor.length !== dimensions) throw new Error(`Expected a descriptor of ${dimensions} dimensions, not ${descriptor.length}.`);
    if ((this.keys.length + 1) * dimensions > this.vectors.length) {
      const grown = new Float32Array(Math.max(64, this.keys.length * 2) * dimensions);
      grown.set(this.vectors);
      this.vectors = grown;
    }
    this.vectors.set(unit(descriptor), this.keys.length * dimensions);
    this.keys.push(categoryKey(listSlug, categoryId));
  }

  /** Each category's best cosine similarity to the photo, in [0, 1]; `skip` leaves one example out (measurement). */
  similarities(photo: Float32Array, skip?: number): VisualScores {
    const query = unit(photo);
    const dimensions = extractor.dimensions;
    const best = new Map<string, number>();
    for (let example = 0; example < this.keys.length; example++) {
      if (example === skip) continue;
      let score = 0;
      const offset = example * dimensions;
      for (let d = 0; d < dimensions; d++) score += query[d]! * this.vectors[offset + d]!;
      const key = this.keys[example]!;
      if (score > (best.get(key) ?? 0)) best.set(key, score);
    }
    return best;
  }
}
