import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RateLimitRepository } from '../auth/rate-limit.repository.js';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { IdentificationAdmission } from './identification-admission.js';
import { IdentificationQueue } from './identification-queue.js';
import { DEFAULT_IDENTIFY_SETTINGS, identifySettings, type IdentifySettings } from '../config/identify-settings.js';
import { ConfigError } from '../config/config-error.js';

describe('IdentificationQueue', () => {
  it('admits running + waiting requests, then refuses until one is released', () => {
    const queue = new IdentificationQueue(2, 1);
    const releases = [queue.tryAdmit(), queue.tryAdmit(), queue.tryAdmit()];
    expect(releases.every(Boolean)).toBe(true);
    expect(queue.tryAdmit()).toBeUndefined();
    releases[0]!();
    releases[0]!(); // a second release of the same place frees nothing more
    expect(queue.inProgress).toBe(2);
    expect(queue.tryAdmit()).toBeDefined();
    expect(queue.tryAdmit()).toBeUndefined();
  });

  it('runs at most maxRunning at once, the others in their order of arrival', async () => {
    const queue = new IdentificationQueue(2, 10);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 7 }, (_, n) =>
        queue.run(async () => {
          running += 1;
          most = Math.max(most, running);
          order.push(n);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running -= 1;
        }),
      ),
    );
    expect(most).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // A failure frees its slot too.
    await expect(queue.run(() => Promise.reject(new Error('broken photo')))).rejects.toThrow('broken photo');
    await expect(queue.run(async () => 'next')).resolves.toBe('next');
  });
});

describe('IdentificationAdmission', () => {
  const settings = { ...DEFAULT_IDENTIFY_SETTINGS, concurrency: 1, queue: 1, anonymousPerMinute: 3, signedInPerMinute: 5 };
  let handle: DatabaseHandle;
  let now: number;
  const admissionWith = (chosen: IdentifySettings) => new IdentificationAdmission(chosen, new RateLimitRepository(handle.db, () => now));

  beforeEach(async () => {
    handle = await openDatabase({ memory: true });
    now = 1_000_000;
  });
  afterEach(() => handle.close());

  it('limits the public per address and people per account, within a minute of a clock it is given', async () => {
    const admission = admissionWith({ ...settings, queue: 100 });
    for (let n = 0; n < 3; n++) expect(await admission.admit(null, '192.0.2.1')).toHaveProperty('release');
    expect(await admission.admit(null, '192.0.2.1')).toEqual({ status: 429, retryAfter: 60 });
    // Another address, and people signed in (even from that address), have their own counts.
    expect(await admission.admit(null, '192.0.2.2')).toHaveProperty('release');
    for (let n = 0; n < 5; n++) expect(await admission.admit(7, '192.0.2.1')).toHaveProperty('release');
    expect(await admission.admit(7, '192.0.2.1')).toMatchObject({ status: 429 });
    now += 45_000;
    expect(await admission.admit(null, '192.0.2.1')).toEqual({ status: 429, retryAfter: 15 });
    now += 15_000;
    expect(await admission.admit(null, '192.0.2.1')).toHaveProperty('release');
  });

  it('answers 503 when the queue is full, without counting it against the client', async () => {
    const admission = admissionWith(settings);
    const first = await admission.admit(null, '192.0.2.1');
    expect(await admission.admit(null, '192.0.2.1')).toHaveProperty('release');
    const refused = await admission.admit(null, '192.0.2.1');
    expect(refused).toMatchObject({ status: 503 });
    expect((refused as { retryAfter: number }).retryAfter).toBeGreaterThanOrEqual(1);
    (first as { release(): void }).release();
    // The refused attempt was given back: this is the third counted, within the limit of 3.
    expect(await admission.admit(null, '192.0.2.1')).toHaveProperty('release');
  });

  it('counts a client together with the other processes serving the database', async () => {
    const other = admissionWith({ ...settings, queue: 100 });
    const admission = admissionWith({ ...settings, queue: 100 });
    for (let n = 0; n < 3; n++) expect(await (n % 2 ? other : admission).admit(null, '192.0.2.9')).toHaveProperty('release');
    expect(await admission.admit(null, '192.0.2.9')).toMatchObject({ status: 429 });
    expect(await other.admit(null, '192.0.2.9')).toMatchObject({ status: 429 });
  });
});

describe('identifySettings', () => {
  it('reads the environment, with defaults sized for two cores', () => {
    expect(identifySettings(() => undefined)).toEqual({ concurrency: 2, queue: 8, anonymousPerMinute: 10, signedInPerMinute: 60, anonymousRetentionDays: 30 });
    const env: Record<string, string> = { EGIDE_IDENTIFY_CONCURRENCY: '4', EGIDE_IDENTIFY_QUEUE: '0', EGIDE_ANONYMOUS_IDENTIFICATION_DAYS: '7' };
    expect(identifySettings((name) => env[name])).toMatchObject({ concurrency: 4, queue: 0, anonymousRetentionDays: 7 });
  });

  it('names a setting it cannot read', () => {
    expect(() => identifySettings((name) => (name === 'EGIDE_IDENTIFY_RATE_ANONYMOUS' ? 'ten' : undefined))).toThrow(ConfigError);
    expect(() => identifySettings((name) => (name === 'EGIDE_ANONYMOUS_IDENTIFICATION_DAYS' ? '0' : undefined))).toThrow(/EGIDE_ANONYMOUS_IDENTIFICATION_DAYS="0"/);
  });
});
