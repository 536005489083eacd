import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { DomainError, type ErrorCode, type ErrorKind, type FieldIssue } from '../errors.js';
import { startModuleWorker } from '../util/module-worker.js';
import type { PreparedImage } from './features.js';
import type { BucketedFeatures, Verification } from './geometric-verification.js';
import { joinBands, type EngineSettings, type ImageDescription, type ReferenceFeatures } from './identification-engine.js';

export interface DescribeRequest {
  id: number;
  /** The photo's bytes, or the file holding them (an upload on disk, read by the worker). */
  photo: { bytes: ArrayBuffer } | { path: string };
  role: 'reference' | 'query';
  filename: string;
  /** Band `index` of `of`: only the keypoints in those rows (see `rowBand`). */
  band?: { index: number; of: number };
}

/** Candidates of a described query to verify geometrically (geometric-verification.ts), off the request thread. */
export interface VerifyRequest {
  id: number;
  query: BucketedFeatures;
  references: ReferenceFeatures[];
}

export type PoolRequest = DescribeRequest | VerifyRequest;

/** A photo in memory, or a file the worker reads itself (so that the request thread never holds it). */
export type PhotoSource = Buffer | { path: string };

export type DescribeResponse =
  | { id: number; image: PreparedImage; description: ImageDescription }
  | { id: number; verifications: Verification[] }
  | { id: number; failure: { kind?: ErrorKind; message: string; issues?: FieldIssue[]; code?: ErrorCode | undefined } };

export interface Described {
  image: PreparedImage;
  description: ImageDescription;
}

interface Pending {
  resolve: (answer: Described | Verification[]) => void;
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
  private readonly waiting: Array<{ request: PoolRequest; transfer: ArrayBuffer[] }> = [];
  private readonly pending = new Map<number, Pending>();
  /** The request each busy worker is on. */
  private readonly busy = new Map<Worker, number>();
  private nextId = 1;

  constructor(
    private readonly settings: EngineSettings,
    readonly size = Math.max(1, Math.min(availableParallelism(), 4)),
  ) {}

  /**
   * The photo prepared and described as `role`; rejects with the DomainError prepareImage gave (not
   * an image, too small…). A query photo, which someone is waiting for, is described in bands, one
   * per worker (keypoints are ~65 % of a query's time at 10,000 images: bench:identify); registry
   * photos one per worker, which keeps every worker busy when many are indexed.
   */
  async describe(source: PhotoSource, role: 'reference' | 'query', filename = ''): Promise<Described> {
    const bands = role === 'query' ? this.size : 1;
    if (bands === 1) return this.request(source, role, filename);
    const parts = await Promise.all(Array.from({ length: bands }, (_, index) => this.request(source, role, filename, { index, of: bands })));
    return { image: parts[0]!.image, description: joinBands(parts.map((part) => part.description)) };
  }

  /**
   * The candidates verified against the query, in the order given, shared among the workers: a
   * query's 40–80 candidates take ~45 ms at 10,000 images on one thread (bench:identify), and the
   * request thread stays free meanwhile.
   */
  async verify(query: BucketedFeatures, references: readonly ReferenceFeatures[]): Promise<Verification[]> {
    const shares = Math.min(this.size, references.length);
    // Dealt in turn, so that each worker gets as many of the best-ranked (costlier) candidates.
    const dealt = Array.from({ length: shares }, (_, share) => references.filter((_, i) => i % shares === share));
    const verified = await Promise.all(dealt.map((share) => this.send({ id: this.nextId++, query, references: share }, []) as Promise<Verification[]>));
    return references.map((_, i) => verified[i % shares]![Math.floor(i / shares)]!);
  }

  private request(source: PhotoSource, role: 'reference' | 'query', filename: string, band?: DescribeRequest['band']): Promise<Described> {
    const copy = Buffer.isBuffer(source) ? new Uint8Array(source).buffer : undefined;
    const request: DescribeRequest = { id: this.nextId++, photo: copy ? { bytes: copy } : (source as { path: string }), role, filename, ...(band ? { band } : {}) };
    return this.send(request, copy ? [copy] : []) as Promise<Described>;
  }

  private send(request: PoolRequest, transfer: ArrayBuffer[]): Promise<Described | Verification[]> {
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject });
      this.start();
      this.waiting.push({ request, transfer });
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
    } else if ('verifications' in response) pending.resolve(response.verifications);
    else pending.resolve({ image: response.image, description: response.description });
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
