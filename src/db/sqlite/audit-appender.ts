import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../../util/module-worker.js';
import type { AuditAppender, ChainContent } from '../audit-chain.js';
import { DatabaseBusyError } from '../errors.js';
import type { AppendRequest, AppendResponse, AppendWorkerData } from './audit-append-worker.js';

/** As long as `writeTransaction` waits for the write lock (another process's longest write transaction). */
const BUSY_WAIT_MS = 60_000;

interface Waiting {
  contents: readonly ChainContent[];
  stored: () => void;
  failed: (error: Error) => void;
}

/**
 * Appends audit entries from a worker thread with its own connection to the SQLite file. A commit
 * writes the WAL with synchronous write()s; on a busy disk some take milliseconds (3,000 one-entry
 * commits on a shared VM: p50 32 µs, p99 7 ms, max 61 ms), and on the request thread each such
 * stall held every request in flight. The worker takes those stalls instead; a request still
 * waits until its entry is committed (see AuditTrail). One batch is in the worker at a time: entries recorded
 * meanwhile go together in the next transaction, so commits stay few under load.
 */
export class SqliteAuditAppender implements AuditAppender {
  private worker: Worker | undefined;
  private inWorker: { id: number; batch: Waiting[] } | undefined;
  private waiting: Waiting[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly file: string) {}

  append(contents: readonly ChainContent[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('The audit trail was closed.'));
    return new Promise((stored, failed) => {
      this.waiting.push({ contents, stored, failed });
      this.send();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
    this.fail(new Error('The audit trail was closed.'));
  }

  private send(): void {
    if (this.inWorker || this.waiting.length === 0) return;
    const batch = this.waiting;
    this.waiting = [];
    this.inWorker = { id: this.nextId++, batch };
    const worker = (this.worker ??= this.start());
    worker.ref();
    worker.postMessage({ id: this.inWorker.id, contents: batch.flatMap((item) => item.contents) } satisfies AppendRequest);
  }

  private start(): Worker {
    const worker = startModuleWorker(import.meta.url, 'audit-append-worker', { workerData: { file: this.file, busyWaitMs: BUSY_WAIT_MS } satisfies AppendWorkerData });
    worker.on('message', (response: AppendResponse) => this.settle(response));
    // A worker that died fails the batch it held (committed or not, nobody can tell): those
    // requests fail rather than answer unrecorded. The next batch starts a new worker.
    worker.on('error', (error) => this.crashed(worker, error));
    worker.on('exit', (code) => this.crashed(worker, new Error(`The audit trail's writer stopped (exit code ${code}).`)));
    return worker;
  }

  private settle(response: AppendResponse): void {
    const current = this.inWorker;
    if (!current || current.id !== response.id) return;
    this.inWorker = undefined;
    if ('failure' in response) {
      const error = response.failure.busy ? new DatabaseBusyError(BUSY_WAIT_MS) : new Error(response.failure.message);
      for (const item of current.batch) item.failed(error);
    } else for (const item of current.batch) item.stored();
    if (this.waiting.length > 0) this.send();
    // An idle writer does not keep the process alive.
    else this.worker?.unref();
  }

  private crashed(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    const current = this.inWorker;
    this.inWorker = undefined;
    for (const item of current?.batch ?? []) item.failed(error);
    this.send();
  }

  private fail(error: Error): void {
    const batch = [...(this.inWorker?.batch ?? []), ...this.waiting];
    this.inWorker = undefined;
    this.waiting = [];
    for (const item of batch) item.failed(error);
  }
}
