/**
 * Worker thread of the DescribePool: decodes a photo and extracts its features, off the thread
 * that serves requests and writes to the database.
 */
import { readlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { DomainError } from '../errors.js';
import type { DescribeRequest, DescribeResponse, PoolRequest, VerifyRequest } from './describe-pool.js';
import { rowBand } from './features.js';
import { IdentificationEngine, verifyHere, type EngineSettings } from './identification-engine.js';
import { OrbExtractor } from './orb-extractor.js';
import { prepareImage } from './prepare-image.js';
import { shippedVocabulary } from './shipped-vocabulary.js';

const BACKGROUND_NICENESS = 10;

/**
 * Describing is background work next to answering requests: on Linux this thread takes a lower
 * priority (a thread's id is a process id to setpriority), so that on a busy machine the request
 * thread gets the CPU first. Elsewhere it runs as it is.
 */
function yieldToRequests(): void {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (threadId > 0) setPriority(threadId, BACKGROUND_NICENESS);
  } catch {
    // No /proc, or not allowed: keep the default priority.
  }
}

yieldToRequests();

const engine = new IdentificationEngine(new OrbExtractor(), shippedVocabulary(), (workerData as { settings: EngineSettings }).settings);

/** Describes one photo and posts the result back, or the failure: it never rejects. */
async function answer(request: DescribeRequest): Promise<void> {
  try {
    const side = request.role === 'query' ? engine.settings.queryMaxSide : engine.settings.maxSide;
    const bytes = 'path' in request.photo ? await readFile(request.photo.path) : Buffer.from(request.photo.bytes);
    const image = await prepareImage(bytes, side, request.filename);
    const description = await engine.describe(image, request.role, request.band && rowBand(image.height, request.band.index, request.band.of));
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
        ? { kind: error.kind, message: error.message, issues: error.issues, code: error.code }
        : { message: error instanceof Error ? error.message : String(error) };
    parentPort!.postMessage({ id: request.id, failure } satisfies DescribeResponse);
  }
}

/** Verifies candidates for a query (see DescribePool.verify); a failure fails the whole request. */
async function verify(request: VerifyRequest): Promise<void> {
  try {
    const verifications = await verifyHere(request.query, request.references);
    parentPort!.postMessage({ id: request.id, verifications } satisfies DescribeResponse);
  } catch (error) {
    parentPort!.postMessage({ id: request.id, failure: { message: error instanceof Error ? error.message : String(error) } } satisfies DescribeResponse);
  }
}

parentPort!.on('message', (request: PoolRequest) => void ('references' in request ? verify(request) : answer(request)));
