import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.js';

describe('RateLimiter', () => {
  it('counts max attempts, then refuses the key until the window ends', () => {
    let now = 0;
    const limiter = new RateLimiter(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) expect(limiter.acquire('a')).toBe(0);
    expect(limiter.acquire('a')).toBe(60);
    expect(limiter.retryAfter('a')).toBe(60);
    expect(limiter.acquire('b')).toBe(0);
    now = 30_000;
    expect(limiter.acquire('a')).toBe(30);
    now = 60_000;
    expect(limiter.retryAfter('a')).toBe(0);
    expect(limiter.acquire('a')).toBe(0);
  });

  it('a refused attempt is not counted, so the window does not grow with the attempts it refuses', () => {
    let now = 0;
    const limiter = new RateLimiter(1, 1000, () => now);
    expect(limiter.acquire('a')).toBe(0);
    for (let i = 0; i < 10; i++) expect(limiter.acquire('a')).toBe(1);
    now = 1000;
    expect(limiter.acquire('a')).toBe(0);
  });

  it('gives back a released attempt, never below zero', () => {
    const limiter = new RateLimiter(2, 1000);
    limiter.acquire('a');
    limiter.acquire('a');
    expect(limiter.retryAfter('a')).toBeGreaterThan(0);
    limiter.release('a');
    expect(limiter.retryAfter('a')).toBe(0);
    limiter.release('a');
    limiter.release('a');
    expect(limiter.acquire('a')).toBe(0);
    expect(limiter.acquire('a')).toBe(0);
    expect(limiter.acquire('a')).toBeGreaterThan(0);
  });

  it('forgets a key on reset', () => {
    const limiter = new RateLimiter(1, 1000);
    limiter.acquire('a');
    expect(limiter.retryAfter('a')).toBeGreaterThan(0);
    limiter.reset('a');
    expect(limiter.retryAfter('a')).toBe(0);
  });
});
