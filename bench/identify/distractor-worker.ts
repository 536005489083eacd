/**
 * Benchmark worker: makes distractor images and describes them as the indexing queue would (same
 * engine settings), so that 100,000 registry images can be indexed on every core.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { encodeFeatures } from '../../src/identify/feature-codec.js';
import { IdentificationEngine } from '../../src/identify/identification-engine.js';
import { OrbExtractor } from '../../src/identify/orb-extractor.js';
import { shippedVocabulary } from '../../src/identify/shipped-vocabulary.js';
import { rawToPrepared } from './prepared.js';
import { seededRandom } from '../seeded-random.js';
import { distractor } from '../../src/identify/evaluation/synthetic-photos.js';

export interface DescribeRequest {
  from: number;
  to: number;
}

export interface DescribedDistractor {
  index: number;
  hash: readonly [number, number];
  words: Uint32Array;
  signatures: Uint32Array;
  features: Buffer;
}

const { sources, settings } = workerData as { sources: string[]; settings: IdentificationEngine['settings'] };
const engine = new IdentificationEngine(new OrbExtractor(), shippedVocabulary(), settings);

async function describeRange({ from, to }: DescribeRequest): Promise<void> {
  const described: DescribedDistractor[] = [];
  for (let index = from; index < to; index++) {
    const image = rawToPrepared(await distractor(sources, seededRandom(1_000_003 * (index + 1)), settings.maxSide));
    const description = await engine.describe(image, 'reference');
    described.push({ index, hash: description.hash, words: description.words, signatures: description.signatures, features: encodeFeatures(description.features) });
  }
  parentPort!.postMessage(described);
}

// A failure is left unhandled on purpose: it ends the worker with an 'error' event, which fails the run.
parentPort!.on('message', (request: DescribeRequest) => void describeRange(request));
