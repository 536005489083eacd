import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { RateLimitRepository, type RateLimit } from './rate-limit.repository.js';

describe('RateLimitRepository', () => {
  let handle: DatabaseHandle;
  let now: number;
  let counters: RateLimitRepository;

  beforeEach(async () => {
    handle = await openDatabase({ memory: true });
    now = 0;
    counters = new RateLimitRepository(handle.db, () => now);
  });
  afterEach(() => handle.close());

  it('counts max attempts, then refuses the key until the window ends', async () => {
    const limit: RateLimit = { max: 3, windowMs: 60_000 };
    for (let i = 0; i < 3; i++) expect(await counters.acquire('a', limit)).toBe(0);
    expect(await counters.acquire('a', limit)).toBe(60);
    expect(await counters.retryAfter('a', limit)).toBe(60);
    expect(await counters.acquire('b', limit)).toBe(0);
    now = 30_000;
    expect(await counters.acquire('a', limit)).toBe(30);
    now = 60_000;
    expect(await counters.retryAfter('a', limit)).toBe(0);
    expect(await counters.acquire('a', limit)).toBe(0);
  });

  it('a refused attempt is not counted, so the window does not grow with the attempts it refuses', async () => {
    const limit: RateLimit = { max: 1, windowMs: 1000 };
    expect(await counters.acquire('a', limit)).toBe(0);
    for (let i = 0; i < 10; i++) expect(await counters.acquire('a', limit)).toBe(1);
    now = 1000;
    expect(await counters.acquire('a', limit)).toBe(0);
  });

  it('gives back a released attempt, refused ones included, never below zero', async () => {
    const limit: RateLimit = { max: 2, windowMs: 1000 };
    await counters.acquire('a', limit);
    await counters.acquire('a', limit);
    expect(await counters.acquire('a', limit)).toBeGreaterThan(0);
    await counters.release('a', limit);
    expect(await counters.retryAfter('a', limit)).toBe(0);
    await counters.release('a', limit);
    await counters.release('a', limit);
    expect(await counters.acquire('a', limit)).toBe(0);
    expect(await counters.acquire('a', limit)).toBe(0);
    expect(await counters.acquire('a', limit)).toBeGreaterThan(0);
  });

  it('forgets a key on reset', async () => {
    const limit: RateLimit = { max: 1, windowMs: 1000 };
    await counters.acquire('a', limit);
    expect(await counters.retryAfter('a', limit)).toBeGreaterThan(0);
    await counters.reset('a');
    expect(await counters.retryAfter('a', limit)).toBe(0);
  });
});
