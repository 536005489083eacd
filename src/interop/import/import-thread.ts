/**
 * Stage 1 of an import (reading, mapping and validating records) in a worker thread, so that it
 * runs on another core while the main thread writes to the database: on two cores, a CSV import
 * goes about a third faster. The worker never writes; a killed import keeps whole batches as usual.
 */
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../../util/module-worker.js';
import { invalid } from '../../errors.js';
import type { ObjectDescription } from '../../registry/object-record.js';
import { importFormat } from './import-formats.js';
import { SourceError, type PreparedItem, type PreparedSource } from './import-pipeline.js';
import type { MappingCoverage } from './mapping-coverage.js';

export interface WorkerData {
  format: string;
  file: string;
  lang: string;
  mapping?: string | undefined;
}

export type FromWorker =
  | { type: 'opened'; keep: Array<keyof ObjectDescription>; inventoryLabel: string }
  | { type: 'invalid'; message: string }
  | { type: 'items'; items: PreparedItem[]; fraction: number | undefined }
  | { type: 'stopped'; line: number; reason: string; coverage?: MappingCoverage | undefined }
  | { type: 'done'; coverage?: MappingCoverage | undefined }
  | { type: 'failed'; message: string };

export type ToWorker = { type: 'more' };

export interface WorkerImport extends PreparedSource {
  keep: Array<keyof ObjectDescription>;
  inventoryLabel: string;
  /** The coverage of the mapping, once every record is read (mapped imports). */
  coverage(): MappingCoverage | undefined;
  /** Stops the worker (when the import ends early). */
  close(): Promise<void>;
}

/**
 * The worker keeps little (a few chunks of records, term caches): a small young generation keeps its
 * heap near 35 MB instead of about 90 MB (measured on the Tate export), for little more CPU. The
 * old generation is capped at 256 MB, far above what one record needs.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 256 };

/**
 * For formats whose records are large (ImportFormat.largeRecords), a young generation of 4 MB fills
 * every twenty records and the worker spent 44 % of its time collecting: at 16 MB, measured on the
 * generated JSON export of bench:import (17 KB records), the import takes a quarter less CPU for
 * 4 MB more memory.
 */
const LARGE_RECORD_LIMITS = { ...WORKER_LIMITS, maxYoungGenerationSizeMb: 16 };

/** The worker, from the compiled file or the TypeScript source. */
function startWorker(data: WorkerData): Worker {
  const limits = importFormat(data.format).largeRecords ? LARGE_RECORD_LIMITS : WORKER_LIMITS;
  return startModuleWorker(import.meta.url, 'import-worker', { workerData: data, resourceLimits: limits });
}

/**
 * Opens the file in a worker; "invalid" (as the format says) when the file cannot be read. The
 * records then come through `items`.
 */
export async function prepareInWorker(data: WorkerData): Promise<WorkerImport> {
  const worker = startWorker(data);
  const queue: FromWorker[] = [];
  let waiting: { resolve: (message: FromWorker) => void; reject: (error: unknown) => void } | undefined;
  let failure: Error | undefined;
  /** Closed by us, or the worker said its last word. */
  let ended = false;
  const push = (message: FromWorker) => {
    if (message.type !== 'items' && message.type !== 'opened') ended = true;
    if (waiting) {
      const { resolve } = waiting;
      waiting = undefined;
      resolve(message);
    } else queue.push(message);
  };
  const fail = (error: Error) => {
    failure ??= error;
    if (waiting) {
      const { reject } = waiting;
      waiting = undefined;
      reject(failure);
    }
  };
  worker.on('message', push);
  worker.on('error', fail);
  worker.on('exit', (code) => {
    if (!ended) fail(new Error(`The import worker stopped (exit code ${code}).`));
  });
  const next = (): Promise<FromWorker> => {
    const message = queue.shift();
    if (message) return Promise.resolve(message);
    if (failure) return Promise.reject(failure);
    return new Promise((resolve, reject) => (waiting = { resolve, reject }));
  };
  const close = async () => {
    ended = true;
    await worker.terminate();
  };

  let first: FromWorker;
  try {
    first = await next();
  } catch (error) {
    await close();
    throw error;
  }
  if (first.type !== 'opened') {
    await close();
    if (first.type === 'invalid') throw invalid(first.message);
    throw new Error(first.type === 'failed' ? first.message : `The import worker answered ${first.type} first.`);
  }

  let fraction: number | undefined;
  let coverage: MappingCoverage | undefined;
  async function* items(): AsyncGenerator<PreparedItem> {
    try {
      for (;;) {
        const message = await next();
        switch (message.type) {
          case 'items':
            worker.postMessage({ type: 'more' } satisfies ToWorker);
            fraction = message.fraction;
            yield* message.items;
            break;
          case 'stopped':
            coverage = message.coverage;
            throw new SourceError(message.reason, message.line);
          case 'done':
            coverage = message.coverage;
            return;
          case 'failed':
            throw new Error(message.message);
          case 'opened':
          case 'invalid':
            throw new Error(`Unexpected message from the import worker: ${message.type}`);
        }
      }
    } finally {
      await close();
    }
  }
  return { keep: first.keep, inventoryLabel: first.inventoryLabel, items: items(), progress: () => fraction, coverage: () => coverage, close };
}
