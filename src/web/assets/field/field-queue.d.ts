// Types of field-queue.js, for the TypeScript that drives it (tests, benchmark). The submission's
// type is the caller's (emergencies' AssessmentSubmission): web/ knows no domain.

export type QueueState = 'pending' | 'sending' | 'failed' | 'sign-in' | 'sent';
export const STATES: readonly QueueState[];
export const FIRST_RETRY_MS: number;
export const MAX_RETRY_MS: number;
export const SENT_KEPT: number;
export const SENDING_AT_ONCE: number;

export interface QueuedPhoto {
  name: string;
  blob: Blob;
}

export interface QueueItem<S extends object = object> {
  /** The Idempotency-Key, made on the phone when the item was queued. */
  key: string;
  placeId: string;
  placeName: string;
  placeVersion: number | undefined;
  submission: S;
  photos: QueuedPhoto[];
  state: QueueState;
  /** The server's reason for a refusal, or the last network error. */
  reason: string;
  attempts: number;
  nextAttemptAt: number;
  createdAt: number;
  sentAt?: number;
  result: { assessmentId: string | undefined; conflict: boolean; warnings: string[] } | undefined;
}

export interface QueueStorage {
  all(): Promise<Array<QueueItem<any>>>;
  put(item: QueueItem<any>): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface SendAnswer {
  /** undefined: the request did not get an answer (network down, connection reset). */
  status: number | undefined;
  body: unknown;
  retryAfter?: number;
  reason?: string;
}

export type Sender<S extends object = object> = (item: QueueItem<S>) => Promise<SendAnswer>;

export function retryDelay(attempts: number, retryAfterSeconds?: number): number;
export function classify(status: number | undefined): 'sent' | 'retry' | 'sign-in' | 'refused';
export function problemReason(body: unknown): string;
export function memoryStorage(): QueueStorage;
export function httpSender(options: { baseUrl?: string; headers?: () => Record<string, string>; fetch?: typeof fetch }): Sender;

export class FieldQueue<S extends object = object> {
  constructor(options: { storage: QueueStorage; send: Sender<S>; now?: () => number; newKey?: () => string; onChange?: () => void });
  list(): Promise<Array<QueueItem<S>>>;
  enqueue(input: { placeId: string | number; placeName?: string; placeVersion: number | undefined; submission: S; photos?: QueuedPhoto[] }): Promise<QueueItem<S>>;
  edit(key: string, submission: S): Promise<QueueItem<S>>;
  discard(key: string): Promise<void>;
  drain(options?: { force?: boolean }): Promise<number>;
  nextAttemptAt(): Promise<number | undefined>;
}
