/**
 * Worker thread of the DescribePool: decodes a photo and extracts its features, off the thread
 * that serves requests and writes to the database.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DomainError } from '../errors.js';
import type { DescribeRequest, DescribeResponse } from './describe-pool.js';
import { IdentificationEngine, type EngineSettings } from './identification-engine.js';
import { OrbExtractor } from './orb-extractor.js';
import { prepareImage } from './prepare-image.js';
import { shippedVocabulary } from './shipped-vocabulary.js';

const engine = new IdentificationEngine(new OrbExtractor(), shippedVocabulary(), (workerData as { settings: EngineSettings }).settings);

parentPort!.on('message', async (request: DescribeRequest) => {
  try {
    const side = request.role === 'query' ? engine.settings.queryMaxSide : engine.settings.maxSide;
    const image = await prepareImage(Buffer.from(request.bytes), side, request.filename);
    const description = await engine.describe(image, request.role);
    const { features } = description;
    const response: DescribeResponse = { id: request.id, image, description };
    parentPort!.postMessage(response, [
      image.rgb.buffer,
      image.gray.buffer,
      features.points.buffer,
      features.angles.buffer,
      features.octaves.buffer,
      features.descriptors.buffer,
      features.buckets.buffer,
      description.words.buffer,
      description.signatures.buffer,
    ] as ArrayBuffer[]);
  } catch (error) {
    const failure =
      error instanceof DomainError
        ? { kind: error.kind, message: error.message, issues: error.issues }
        : { message: error instanceof Error ? error.message : String(error) };
    parentPort!.postMessage({ id: request.id, failure } satisfies DescribeResponse);
  }
});
