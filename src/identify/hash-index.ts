import { hashDistance, type PerceptualHash } from './perceptual-hash.js';

/** Perceptual hashes by image slot, scanned whole: 100,000 images take a millisecond or two. */
export class HashIndex {
  private hashes = new Uint32Array(2048);
  private alive = new Uint8Array(1024);

  add(slot: number, hash: PerceptualHash): void {
    if (this.alive.length <= slot) {
      const size = Math.max(slot + 1, this.alive.length * 2);
      const alive = new Uint8Array(size);
      alive.set(this.alive);
      const hashes = new Uint32Array(size * 2);
      hashes.set(this.hashes);
      this.alive = alive;
      this.hashes = hashes;
    }
    this.hashes[slot * 2] = hash[0];
    this.hashes[slot * 2 + 1] = hash[1];
    this.alive[slot] = 1;
  }

  remove(slot: number): void {
    if (slot < this.alive.length) this.alive[slot] = 0;
  }

  /** Images whose hash is within `maxDistance` bits of `hash`, nearest first. */
  near(hash: PerceptualHash, maxDistance: number, allowed?: (slot: number) => boolean): Array<{ slot: number; distance: number }> {
    const found: Array<{ slot: number; distance: number }> = [];
    for (let slot = 0; slot < this.alive.length; slot++) {
      if (this.alive[slot] !== 1) continue;
      const distance = hashDistance(hash, [this.hashes[slot * 2]!, this.hashes[slot * 2 + 1]!]);
      if (distance <= maxDistance && (!allowed || allowed(slot))) found.push({ slot, distance });
    }
    return found.sort((a, b) => a.distance - b.distance);
  }
}
