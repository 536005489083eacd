/**
 * Trains the visual vocabulary Egide ships (src/identify/vocabularies/): ORB descriptors of real images that
 * the identification benchmark never registers nor photographs (its distractor sources), cropped,
 * turned and relit many ways. Deterministic: the same run writes the same file.
 *
 *   npx tsx scripts/train-vocabulary.ts
 */
import { writeFileSync } from 'node:fs';
import { seededRandom } from '../bench/seeded-random.js';
import { distractor } from '../src/identify/evaluation/synthetic-photos.js';
import { rawToPrepared } from '../bench/identify/prepared.js';
import { splitWallpapers } from '../src/identify/evaluation/wallpapers.js';
import { OrbExtractor } from '../src/identify/orb-extractor.js';
import { VOCABULARY_FILE } from '../src/identify/shipped-vocabulary.js';
import { trainVocabulary } from '../src/identify/vocabulary-training.js';

const VARIANTS_PER_SOURCE = 12;
const FEATURES = 700;
const BRANCHING = 16;
const DEPTH = 4;

const random = seededRandom(20261124);
const { distractorSources } = splitWallpapers();
const extractor = new OrbExtractor();
const chunks: Uint8Array[] = [];
let images = 0;
for (const source of distractorSources) {
  for (let variant = 0; variant < VARIANTS_PER_SOURCE; variant++) {
    const image = rawToPrepared(await distractor([source], random, 800));
    chunks.push((await extractor.extract(image, FEATURES)).descriptors);
    process.stderr.write(`\rdescribing images ${++images}/${distractorSources.length * VARIANTS_PER_SOURCE}`);
  }
}
const bytes = Buffer.concat(chunks);
const descriptors = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
process.stderr.write(`\ntraining a ${BRANCHING}^${DEPTH} vocabulary on ${descriptors.length / 8} descriptors\n`);
let nodes = 0;
const total = (BRANCHING ** DEPTH - 1) / (BRANCHING - 1);
const vocabulary = trainVocabulary(descriptors, BRANCHING, DEPTH, random, () => {
  if (++nodes % 16 === 0) process.stderr.write(`\rclustering nodes ${nodes}/${total}`);
});
writeFileSync(VOCABULARY_FILE, vocabulary.serialize());
process.stderr.write(`\nwrote ${VOCABULARY_FILE}\n`);
