import { insertTop } from './bow-index.js';
import type { CandidateIndex } from './features.js';

/**
 * Global descriptors (one unit vector per image, e.g. from a learned model) compared by cosine
 * similarity, scanning every image: 100,000 vectors of 512 floats are 200 MB and a few tens of
 * milliseconds a query on one core — enough until an approximate index is measured to be needed.
 */
export class GlobalDescriptorIndex implements CandidateIndex<Float32Array> {
  private vectors = new Float32Array(0);
  private alive = new Uint8Array(0);
  private count = 0;

  constructor(readonly dimensions: number) {}

  get size(): number {
    return this.count;
  }

  has(slot: number): boolean {
    return this.alive[slot] === 1;
  }

  add(slot: number, descriptor: Float32Array): void {
    if (descriptor.length !== this.dimensions) throw new Error(`Expected a descriptor of ${this.dimensions} dimensions, not ${descriptor.length}.`);
    if (slot >= this.alive.length) this.grow(slot + 1);
    this.vectors.set(unit(descriptor), slot * this.dimensions);
    if (!this.has(slot)) this.count++;
    this.alive[slot] = 1;
  }

  remove(slot: number): void {
    if (!this.has(slot)) return;
    this.alive[slot] = 0;
    this.count--;
  }

  search(query: Float32Array, limit: number, allowed?: (slot: number) => boolean): Array<{ slot: number; score: number }> {
    const q = unit(query);
    const best: Array<{ slot: number; score: number }> = [];
    for (let slot = 0; slot < this.alive.length; slot++) {
      if (this.alive[slot] !== 1 || (allowed && !allowed(slot))) continue;
      let score = 0;
      const offset = slot * this.dimensions;
      for (let d = 0; d < this.dimensions; d++) score += q[d]! * this.vectors[offset + d]!;
      insertTop(best, { slot, score }, limit);
    }
    return best;
  }

  private grow(slots: number): void {
    const size = Math.max(slots, this.alive.length * 2, 64);
    const vectors = new Float32Array(size * this.dimensions);
    vectors.set(this.vectors);
    const alive = new Uint8Array(size);
    alive.set(this.alive);
    this.vectors = vectors;
    this.alive = alive;
  }
}

export function unit(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm) || 1;
  return vector.map((value) => value / norm);
}
