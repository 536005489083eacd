import type { Context, MiddlewareHandler } from 'hono';
import type { RateLimit, RateLimitRepository } from '../auth/rate-limit.repository.js';
import type { TrustedProxies } from '../config/trusted-proxies.js';
import { clientAddress } from '../http/client-address.js';
import type { AppEnv } from '../http/env.js';
import { IdentificationQueue } from './identification-queue.js';
import type { IdentifySettings } from '../config/identify-settings.js';

const MINUTE_MS = 60_000;

/** Why an identification was not accepted: too many from this client (429), or the server is full (503). */
export type Refusal = { status: 429 | 503; retryAfter: number };

/**
 * What an identification request must pass before its body is read: the rate limit of its client
 * (per address for the public, per account for those signed in) and a place in the queue. The rate
 * limits are counted in the database, so a client gets the rate it is set whichever process serves
 * it; the queue is this process's own, as it bounds this process's work.
 */
export class IdentificationAdmission {
  readonly queue: IdentificationQueue;
  private readonly anonymous: RateLimit;
  private readonly signedIn: RateLimit;

  constructor(
    settings: IdentifySettings,
    private readonly counters: RateLimitRepository,
  ) {
    this.queue = new IdentificationQueue(settings.concurrency, settings.queue);
    this.anonymous = { max: settings.anonymousPerMinute, windowMs: MINUTE_MS };
    this.signedIn = { max: settings.signedInPerMinute, windowMs: MINUTE_MS };
  }

  /** Admits a request (returning the release of its place) or says why not. */
  async admit(userId: number | null, address: string): Promise<{ release: () => void } | Refusal> {
    const [limit, key] = userId === null ? [this.anonymous, `identify:address:${address}`] : [this.signedIn, `identify:user:${userId}`];
    const wait = await this.counters.acquire(key, limit);
    if (wait > 0) return { status: 429, retryAfter: wait };
    const release = this.queue.tryAdmit();
    if (release) return { release };
    // Refused for the server's load, not the client's pace: the attempt does not count.
    await this.counters.release(key, limit);
    return { status: 503, retryAfter: this.queue.retryAfterSeconds() };
  }
}

/**
 * Middleware of the identification routes (API and page): refuses with `Retry-After` through
 * `refuse` (a problem document, or the page), otherwise holds the request's place until it is answered.
 */
export function admitIdentification(
  admission: IdentificationAdmission,
  trustedProxies: TrustedProxies,
  refuse: (c: Context<AppEnv>, refusal: Refusal) => Response | Promise<Response>,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const admitted = await admission.admit(c.get('principal')?.userId ?? null, clientAddress(c, trustedProxies));
    if ('status' in admitted) {
      c.header('Retry-After', String(admitted.retryAfter));
      return refuse(c, admitted);
    }
    try {
      await next();
    } finally {
      admitted.release();
    }
  };
}
