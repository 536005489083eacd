import type { Context, MiddlewareHandler } from 'hono';
import { RateLimiter } from '../auth/rate-limiter.js';
import type { TrustedProxies } from '../config/trusted-proxies.js';
import { clientAddress } from '../http/client-address.js';
import type { AppEnv } from '../http/env.js';
import { IdentificationQueue } from './identification-queue.js';
import type { IdentifySettings } from './identify-settings.js';

const MINUTE_MS = 60_000;

/** Why an identification was not accepted: too many from this client (429), or the server is full (503). */
export type Refusal = { status: 429 | 503; retryAfter: number };

/**
 * What an identification request must pass before its body is read: the rate limit of its client
 * (per address for the public, per account for those signed in) and a place in the queue.
 */
export class IdentificationAdmission {
  readonly queue: IdentificationQueue;
  private readonly anonymous: RateLimiter;
  private readonly signedIn: RateLimiter;

  constructor(settings: IdentifySettings, now: () => number = Date.now) {
    this.queue = new IdentificationQueue(settings.concurrency, settings.queue);
    this.anonymous = new RateLimiter(settings.anonymousPerMinute, MINUTE_MS, now);
    this.signedIn = new RateLimiter(settings.signedInPerMinute, MINUTE_MS, now);
  }

  /** Admits a request (returning the release of its place) or says why not. */
  admit(userId: number | null, address: string): { release: () => void } | Refusal {
    const [limiter, key] = userId === null ? [this.anonymous, address] : [this.signedIn, String(userId)];
    const wait = limiter.acquire(key);
    if (wait > 0) return { status: 429, retryAfter: wait };
    const release = this.queue.tryAdmit();
    if (release) return { release };
    // Refused for the server's load, not the client's pace: the attempt does not count.
    limiter.release(key);
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
    const admitted = admission.admit(c.get('principal')?.userId ?? null, clientAddress(c, trustedProxies));
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
