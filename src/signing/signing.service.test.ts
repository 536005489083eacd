import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { SigningKeyRepository } from './signing-key.repository.js';
import { SigningService, UnknownSigningKeyError, verifyCompact, verifyDetached } from './signing.service.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the network’s signing key', () => {
  it('is made once: two instances signing for the first time at once agree on one key, kept in the database', async () => {
    const [first, second] = [new SigningService(new SigningKeyRepository(t.context.db)), new SigningService(new SigningKeyRepository(t.context.db))];
    const bytes = new TextEncoder().encode('{"type":"FeatureCollection","features":[]}');
    const [a, b] = await Promise.all([first.signDetached(bytes), second.signDetached(bytes)]);
    const keys = await first.publicKeys();
    expect(keys.keys).toHaveLength(1);
    expect(await second.publicKeys()).toEqual(keys);
    expect((await verifyDetached(bytes, a, keys)).kid).toBe(keys.keys[0]!.kid);
    expect((await verifyDetached(bytes, b, keys)).kid).toBe(keys.keys[0]!.kid);
    // A third instance, later, signs with the stored key.
    const later = await new SigningService(new SigningKeyRepository(t.context.db)).signDetached(bytes);
    expect((await verifyDetached(bytes, later, keys)).kid).toBe(keys.keys[0]!.kid);
  });

  it('publishes no private part, and a signature fails on other bytes or a malformed signature', async () => {
    const { keys } = await t.context.signing.publicKeys();
    expect(Object.keys(keys[0]!).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
    const signature = await t.context.signing.signDetached(new TextEncoder().encode('a,b\r\n1,2\r\n'));
    await expect(verifyDetached(new TextEncoder().encode('a,b\r\n1,3\r\n'), signature, { keys })).rejects.toThrow();
    await expect(verifyDetached(new TextEncoder().encode('a,b\r\n1,2\r\n'), signature.replace('..', '.x.'), { keys })).rejects.toThrow(/detached/);
  });

  it('rotates: a new current key, the retired one still published and still verifying; another instance takes the new key up within a minute', async () => {
    const here = new SigningService(new SigningKeyRepository(t.context.db));
    const elsewhere = new SigningService(new SigningKeyRepository(t.context.db));
    const payload = new TextEncoder().encode('{"a":1}');
    const before = await elsewhere.signCompact(payload, 'test+jws');
    const oldKid = (await verifyCompact(before, await here.publicKeys())).kid;
    const { kid } = await here.rotate();
    expect(kid).not.toBe(oldKid);
    const keys = await here.publicKeys();
    expect(keys.keys.map((key) => key.kid)).toEqual(expect.arrayContaining([oldKid, kid]));
    expect(await verifyCompact(before, keys)).toMatchObject({ kid: oldKid, typ: 'test+jws' });
    expect(new TextDecoder().decode((await verifyCompact(await here.signCompact(payload, 'test+jws'), keys)).payload)).toBe('{"a":1}');
    // The other instance signs with the key it loaded until it looks again.
    expect((await verifyCompact(await elsewhere.signCompact(payload, 'test+jws'), keys)).kid).toBe(oldKid);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 61_000);
      expect((await verifyCompact(await elsewhere.signCompact(payload, 'test+jws'), keys)).kid).toBe(kid);
    } finally {
      vi.useRealTimers();
    }
    await expect(verifyCompact(before, { keys: keys.keys.filter((key) => key.kid !== oldKid) })).rejects.toBeInstanceOf(UnknownSigningKeyError);
  });
});
