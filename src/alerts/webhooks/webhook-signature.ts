import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures, as receivers verify them: `X-Egide-Signature: t=<unix seconds>,v1=<hex>`,
 * where the hex is HMAC-SHA256, keyed with the webhook's secret (its text as UTF-8), of the
 * timestamp, a dot and the raw body. A receiver recomputes it over the bytes it received, compares
 * in constant time, and refuses a timestamp more than five minutes away from its clock: a captured
 * delivery cannot be replayed later. `X-Egide-Delivery` (the idempotency key) lets it drop a
 * delivery it already had (deliveries are at least once).
 */
export const SIGNATURE_HEADER = 'X-Egide-Signature';
export const DELIVERY_HEADER = 'X-Egide-Delivery';
export const EVENT_HEADER = 'X-Egide-Event';
/** How far a signature's timestamp may be from the receiver's clock. */
export const REPLAY_TOLERANCE_SECONDS = 300;

/** A new webhook secret: 32 random bytes, prefixed so that it is recognised when it leaks. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

function hmac(secret: string, timestamp: number, body: string | Uint8Array): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
}

/** The `X-Egide-Signature` header of `body` sent at `timestamp` (unix seconds). */
export function signatureHeader(secret: string, timestamp: number, body: string | Uint8Array): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, body).toString('hex')}`;
}

export type SignatureCheck = { valid: true; timestamp: number } | { valid: false; reason: 'malformed' | 'stale' | 'mismatch' };

/**
 * The receiver's check (a reference implementation: receivers in other languages do the same). `body`
 * is the raw body as received, before any JSON parsing; `now` in milliseconds.
 */
export function verifyWebhookSignature(secret: string, header: string | null | undefined, body: string | Uint8Array, options: { now?: number; toleranceSeconds?: number } = {}): SignatureCheck {
  const parts = (header ?? '').split(',').map((part) => part.trim().split('='));
  const timestamps = parts.filter(([key]) => key === 't').map(([, value]) => value ?? '');
  const signatures = parts.filter(([key, value]) => key === 'v1' && /^[0-9a-f]{64}$/.test(value ?? '')).map(([, value]) => Buffer.from(value!, 'hex'));
  if (timestamps.length !== 1 || !/^\d{1,12}$/.test(timestamps[0]!) || signatures.length === 0) return { valid: false, reason: 'malformed' };
  const timestamp = Number(timestamps[0]);
  const now = options.now ?? Date.now();
  if (Math.abs(now / 1000 - timestamp) > (options.toleranceSeconds ?? REPLAY_TOLERANCE_SECONDS)) return { valid: false, reason: 'stale' };
  const expected = hmac(secret, timestamp, body);
  return signatures.some((signature) => timingSafeEqual(signature, expected)) ? { valid: true, timestamp } : { valid: false, reason: 'mismatch' };
}
