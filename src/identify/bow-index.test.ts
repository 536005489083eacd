import { describe, expect, it } from 'vitest';
import { BowIndex, MAX_SLOT, type IndexTerms } from './bow-index.js';

const VOCABULARY = 1024;

function image(words: number[], angles: (i: number) => number, octaves: (i: number) => number): IndexTerms {
  return {
    words: Uint32Array.from(words),
    signatures: Uint32Array.from(words.flatMap((word) => [word * 7919, word * 104729])),
    angles: Uint8Array.from(words, (_, i) => angles(i) & 255),
    octaves: Uint8Array.from(words, (_, i) => octaves(i)),
  };
}

describe('BowIndex', () => {
  it('ranks an image whose matched keypoints turn and scale together above one with as many matched at random', () => {
    const index = new BowIndex(VOCABULARY);
    const wordsA = Array.from({ length: 200 }, (_, i) => i);
    const wordsB = Array.from({ length: 200 }, (_, i) => 200 + i);
    index.add(1, image(wordsA, (i) => i * 37, (i) => i % 4));
    index.add(2, image(wordsB, (i) => i * 37, (i) => i % 4));
    // The photo shows A turned by 45° and one octave larger; B's keypoints match at any angle and scale.
    const query = image(
      [...wordsA.slice(0, 100), ...wordsB.slice(0, 100)],
      (i) => (i < 100 ? i * 37 + 32 : (i * 7919) % 256),
      (i) => (i < 100 ? (i % 4) + 1 : (i * 31) % 8),
    );
    const [first, second] = index.search(query, 2);
    expect(first?.slot).toBe(1);
    expect(second?.slot).toBe(2);
    expect(first!.score).toBeGreaterThan(second!.score * 2);
  });

  it('refuses a slot its postings cannot hold', () => {
    expect(() => new BowIndex(VOCABULARY).add(MAX_SLOT + 1, image([1], () => 0, () => 0))).toThrow(RangeError);
  });
});
