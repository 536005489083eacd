import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signatureHeader, verifyWebhookSignature } from './webhook-signature.js';

const SECRET = 'whsec_test-secret';
const BODY = '{"id":"alert-1","event":"alert","data":{"objectId":"x"}}';
const NOW = Date.UTC(2026, 11, 7, 15, 0, 0);
const T = NOW / 1000;

describe('webhook signatures', () => {
  it('are the hex HMAC-SHA256 of "timestamp.body" keyed with the secret, as a receiver recomputes it', () => {
    const expected = createHmac('sha256', SECRET).update(`${T}.${BODY}`).digest('hex');
    expect(signatureHeader(SECRET, T, BODY)).toBe(`t=${T},v1=${expected}`);
    expect(verifyWebhookSignature(SECRET, signatureHeader(SECRET, T, BODY), BODY, { now: NOW })).toEqual({ valid: true, timestamp: T });
    // The raw bytes verify as the text does.
    expect(verifyWebhookSignature(SECRET, signatureHeader(SECRET, T, BODY), Buffer.from(BODY), { now: NOW }).valid).toBe(true);
  });

  it('refuse an altered body, another secret or a moved timestamp', () => {
    const header = signatureHeader(SECRET, T, BODY);
    expect(verifyWebhookSignature(SECRET, header, BODY.replace('x', 'y'), { now: NOW })).toEqual({ valid: false, reason: 'mismatch' });
    expect(verifyWebhookSignature('whsec_other', header, BODY, { now: NOW })).toEqual({ valid: false, reason: 'mismatch' });
    expect(verifyWebhookSignature(SECRET, header.replace(`t=${T}`, `t=${T + 1}`), BODY, { now: NOW })).toEqual({ valid: false, reason: 'mismatch' });
  });

  it('refuse a replay: a timestamp more than five minutes from the receiver’s clock, either way', () => {
    const header = signatureHeader(SECRET, T, BODY);
    expect(verifyWebhookSignature(SECRET, header, BODY, { now: NOW + 299_000 }).valid).toBe(true);
    expect(verifyWebhookSignature(SECRET, header, BODY, { now: NOW + 301_000 })).toEqual({ valid: false, reason: 'stale' });
    expect(verifyWebhookSignature(SECRET, header, BODY, { now: NOW - 301_000 })).toEqual({ valid: false, reason: 'stale' });
    expect(verifyWebhookSignature(SECRET, header, BODY, { now: NOW + 3_600_000, toleranceSeconds: 7200 }).valid).toBe(true);
  });

  it('refuse headers that are missing or malformed', () => {
    for (const header of [undefined, null, '', 'v1=abc', `t=${T}`, `t=soon,v1=${'0'.repeat(64)}`, `t=${T},t=${T},v1=${'0'.repeat(64)}`, `t=${T},v1=xyz`]) {
      expect(verifyWebhookSignature(SECRET, header, BODY, { now: NOW })).toEqual({ valid: false, reason: 'malformed' });
    }
  });

  it('accept any of several v1 signatures (one per secret while a receiver changes secrets)', () => {
    const header = `${signatureHeader(SECRET, T, BODY)},v1=${'0'.repeat(64)}`;
    expect(verifyWebhookSignature(SECRET, header, BODY, { now: NOW }).valid).toBe(true);
  });

  it('come from secrets of 32 random bytes, recognisable by their prefix', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(secret);
  });
});
