import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { DomainError, type ErrorCode, type ErrorKind, type FieldIssue } from '../errors.js';
import { startModuleWorker } from '../util/module-worker.js';
import type { PreparedImage } from './features.js';
import type { EngineSettings, ImageDescription } from './identification-engine.js';

export interface DescribeRequest {
  id: number;
  /** The photo's bytes, or the file holding them (an upload on disk, read by the worker). */
  photo: { bytes: ArrayBuffer } | { path: string };
  role: 'reference' | 'query';
  filename: string;
}

/** A photo in memory, or a file the worker reads itself (so that the request thread never holds it). */
export type PhotoSource = Buffer | { path: string };

export type DescribeResponse =
  | { id: number; image: PreparedImage; description: ImageDescription }
  | { id: number; failure: { kind?: ErrorKind; message: string; issues?: FieldIssue[]; code?: ErrorCode | undefined } };

export interface Described {
  image: PreparedImage;
  description: ImageDescription;
}

interface Pending {
  resolve: (described: Described) => void;
  reject: (error: Error) => void;
}

/**
 * Decoding a photo and extracting its keypoints costs ~50–250 ms of CPU: worker threads do it, one
 * per core, so that indexing uses every core and neither indexing nor an identification blocks the
 * requests the server is answering. Workers start on first use and are closed with the context.
 */
export class DescribePool {
  private workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly waiting: Array<{ request: DescribeRequest; transfer: ArrayBuffer[] }> = [];
  private readonly pending = new Map<number, Pending>();
  /** The request each busy worker is on. */
  private readonly busy = new Map<Worker, number>();
  private nextId = 1;

  constructor(
    private readonly settings: EngineSettings,
    readonly size = Math.max(1, Math.min(availableParallelism(), 4)),
  ) {}

  /** The photo prepared and described as `role`; rejects with the DomainError prepareImage gave (not an image, too small…). */
  describe(source: PhotoSource, role: 'reference' | 'query', filename = ''): Promise<Described> {
    const copy = Buffer.isBuffer(source) ? new Uint8Array(source).buffer : undefined;
    const request: DescribeRequest = { id: this.nextId++, photo: copy ? { bytes: copy } : (source as { path: string }), role, filename };
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject });
      this.start();
      this.waiting.push({ request, transfer: copy ? [copy] : [] });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    this.idle.length = 0;
    await Promise.all(workers.map((worker) => worker.terminate()));
    for (const [, pending] of this.pending) pending.reject(new Error('The describe pool was closed.'));
    this.pending.clear();
  }

  private start(): void {
    if (this.workers.length > 0) return;
    for (let n = 0; n < this.size; n++) this.spawn();
  }

  private spawn(): void {
    const worker = startModuleWorker(import.meta.url, 'describe-worker', { workerData: { settings: this.settings } });
    // Idle workers do not keep the process alive (a CLI command ends when its work is done).
    worker.unref();
    worker.on('message', (response: DescribeResponse) => this.settle(worker, response));
    worker.on('error', (error) => this.fail(worker, error));
    this.workers.push(worker);
    this.idle.push(worker);
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.waiting.length > 0) {
      const worker = this.idle.pop()!;
      const { request, transfer } = this.waiting.shift()!;
      this.busy.set(worker, request.id);
      worker.ref();
      worker.postMessage(request, transfer);
    }
  }

  private settle(worker: Worker, response: DescribeResponse): void {
    const pending = this.pending.get(response.id);
    this.pending.delete(response.id);
    this.busy.delete(worker);
    worker.unref();
    this.idle.push(worker);
    this.dispatch();
    if (!pending) return;
    if ('failure' in response) {
      const { kind, message, issues, code } = response.failure;
      pending.reject(kind ? new DomainError(kind, message, issues, code) : new Error(message));
    } else pending.resolve({ image: response.image, description: response.description });
  }

  /** A worker that crashed fails its request; a new one takes its place. */
  private fail(worker: Worker, error: Error): void {
    const current = this.busy.get(worker);
    this.busy.delete(worker);
    if (current !== undefined) {
      this.pending.get(current)?.reject(error);
      this.pending.delete(current);
    }
    this.workers = this.workers.filter((other) => other !== worker);
    const at = this.idle.indexOf(worker);
    if (at >= 0) this.idle.splice(at, 1);
    this.spawn();
    this.dispatch();
  }
}
