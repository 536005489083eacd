import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BinaryVocabulary } from './binary-vocabulary.js';

/** ORB, 16-way tree of depth 4 (65,536 words), trained by scripts/train-vocabulary.ts. */
export const VOCABULARY_FILE = fileURLToPath(new URL('./vocabularies/orb-16x4.bin', import.meta.url));

let shipped: BinaryVocabulary | undefined;

export function shippedVocabulary(): BinaryVocabulary {
  shipped ??= BinaryVocabulary.deserialize(readFileSync(VOCABULARY_FILE));
  return shipped;
}
