import { BowIndex, type IndexTerms } from './bow-index.js';
import { candidateIndexContract } from './candidate-index.contract.js';
import { GlobalDescriptorIndex } from './global-descriptor-index.js';

/** A seeded generator, so that descriptors are the same on every run. */
function numbers(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

const VOCABULARY = 4096;

/**
 * Image n: 300 keypoints of its own (word, signature, angle, octave); a variant — another photo of
 * it, turned by ~56° and one octave larger — keeps 80% of them and has others.
 */
function terms(n: number, variant = 0): IndexTerms {
  const own = numbers(n + 1);
  const noise = numbers(1_000_000 + n * 10 + variant);
  const words = new Uint32Array(300);
  const signatures = new Uint32Array(600);
  const angles = new Uint8Array(300);
  const octaves = new Uint8Array(300);
  for (let i = 0; i < 300; i++) {
    const mine = !(variant > 0 && noise() < 0.2);
    const source = mine ? own : noise;
    words[i] = Math.floor(source() * VOCABULARY);
    signatures[i * 2] = Math.floor(source() * 2 ** 32);
    signatures[i * 2 + 1] = Math.floor(source() * 2 ** 32);
    angles[i] = (Math.floor(source() * 256) + (mine && variant > 0 ? 40 : 0)) & 255;
    octaves[i] = Math.floor(source() * 4) + (mine && variant > 0 ? 1 : 0);
  }
  return { words, signatures, angles, octaves };
}

/** Image n: a random direction; a variant is that direction slightly perturbed. */
function vector(n: number, variant = 0): Float32Array {
  const own = numbers(n + 1);
  const noise = numbers(2_000_000 + n * 10 + variant);
  return Float32Array.from({ length: 64 }, () => own() - 0.5 + (variant > 0 ? (noise() - 0.5) * 0.2 : 0));
}

candidateIndexContract('visual words with Hamming embedding (BowIndex)', () => ({ index: new BowIndex(VOCABULARY), descriptor: terms }));
candidateIndexContract('global descriptors (GlobalDescriptorIndex)', () => ({ index: new GlobalDescriptorIndex(64), descriptor: vector }));
