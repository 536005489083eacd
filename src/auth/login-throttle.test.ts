import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { LoginThrottle } from './login-throttle.js';
import { RateLimitRepository } from './rate-limit.repository.js';

describe('LoginThrottle', () => {
  let handle: DatabaseHandle;
  let now: number;
  let throttle: LoginThrottle;

  beforeEach(async () => {
    handle = await openDatabase({ memory: true });
    now = Date.parse('2026-01-01T00:00:00Z');
    throttle = new LoginThrottle(new RateLimitRepository(handle.db, () => now));
  });
  afterEach(() => handle.close());

  it('lets 5 attempts on an account through, then asks to wait until the window ends', async () => {
    for (let i = 0; i < 5; i++) expect(await throttle.reserve('198.51.100.1', 'a@example.org')).toBe(0);
    expect(await throttle.reserve('198.51.100.1', 'a@example.org')).toBe(15 * 60);
    expect(await throttle.reserve('198.51.100.1', 'b@example.org')).toBe(0);
    now += 10 * 60 * 1000;
    expect(await throttle.reserve('198.51.100.1', 'a@example.org')).toBe(5 * 60);
    now += 5 * 60 * 1000;
    expect(await throttle.reserve('198.51.100.1', 'a@example.org')).toBe(0);
  });

  it('refused attempts count neither against the account nor the address', async () => {
    for (let i = 0; i < 5; i++) await throttle.reserve('198.51.100.1', 'a@example.org');
    for (let i = 0; i < 40; i++) expect(await throttle.reserve('198.51.100.1', 'a@example.org')).toBeGreaterThan(0);
    for (let i = 0; i < 25; i++) expect(await throttle.reserve('198.51.100.1', `other${i}@example.org`)).toBe(0);
    expect(await throttle.reserve('198.51.100.1', 'last@example.org')).toBeGreaterThan(0);
  });

  it('a success forgets the account’s failures and does not count against the address', async () => {
    for (let i = 0; i < 4; i++) await throttle.reserve('198.51.100.1', 'a@example.org');
    await throttle.reserve('198.51.100.1', 'a@example.org');
    await throttle.succeeded('198.51.100.1', 'a@example.org');
    for (let i = 0; i < 5; i++) expect(await throttle.reserve('198.51.100.1', 'a@example.org')).toBe(0);
    // 4 failures, the success given back, then 5 more: 9 of the address's 30.
    for (let i = 0; i < 21; i++) expect(await throttle.reserve('198.51.100.1', `other${i}@example.org`)).toBe(0);
    expect(await throttle.reserve('198.51.100.1', 'last@example.org')).toBeGreaterThan(0);
  });

  it('an abandoned attempt is given back, and an attempt the address refuses is not counted against the account', async () => {
    for (let i = 0; i < 5; i++) await throttle.reserve('198.51.100.1', 'a@example.org');
    await throttle.abandoned('198.51.100.1', 'a@example.org');
    expect(await throttle.reserve('198.51.100.1', 'a@example.org')).toBe(0);
    expect(await throttle.reserve('198.51.100.1', 'a@example.org')).toBeGreaterThan(0);

    for (let i = 0; i < 25; i++) await throttle.reserve('198.51.100.1', `other${i}@example.org`);
    expect(await throttle.reserve('198.51.100.1', 'b@example.org')).toBeGreaterThan(0);
    expect(await throttle.reserve('203.0.113.9', 'b@example.org')).toBe(0);
  });
});
