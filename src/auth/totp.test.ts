import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, generateTotpSecret, hotp, matchTotp, otpauthUri, totpCode, totpStep } from './totp.js';

const RFC_SECRET = Buffer.from('12345678901234567890');

describe('base32 (RFC 4648 test vectors)', () => {
  const vectors: [string, string][] = [
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ];
  it.each(vectors)('%j ⇄ %s', (text, encoded) => {
    expect(base32Encode(Buffer.from(text))).toBe(encoded);
    expect(base32Decode(encoded)?.toString()).toBe(text);
  });

  it('reads secrets as people copy them (lower case, spaces, padding) and refuses other letters', () => {
    expect(base32Decode('mzxw 6ytb oi======')?.toString()).toBe('foobar');
    expect(base32Decode('MZXW1')).toBeUndefined();
  });

  it('generates 160-bit secrets', () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(secret)).toHaveLength(20);
    expect(generateTotpSecret()).not.toBe(secret);
  });
});

describe('HOTP (RFC 4226, appendix D)', () => {
  const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  it.each(expected.map((code, counter) => [counter, code] as const))('counter %i → %s', (counter, code) => {
    expect(hotp(RFC_SECRET, counter)).toBe(code);
  });
});

describe('TOTP (RFC 6238, appendix B, SHA-1)', () => {
  const vectors: [number, string][] = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ];
  it.each(vectors)('T = %i s → %s', (seconds, code) => {
    expect(totpCode(RFC_SECRET, seconds * 1000, 8)).toBe(code);
  });

  it('accepts the code of the step before, now and after, no further, and never a step already used', () => {
    const secret = base32Encode(RFC_SECRET);
    const now = 1_234_567_890_000;
    const step = totpStep(now);
    expect(matchTotp(secret, totpCode(RFC_SECRET, now), now, null)).toBe(step);
    expect(matchTotp(secret, totpCode(RFC_SECRET, now - 30_000), now, null)).toBe(step - 1);
    expect(matchTotp(secret, totpCode(RFC_SECRET, now + 30_000), now, null)).toBe(step + 1);
    expect(matchTotp(secret, totpCode(RFC_SECRET, now - 60_000), now, null)).toBeUndefined();
    expect(matchTotp(secret, totpCode(RFC_SECRET, now + 60_000), now, null)).toBeUndefined();
    // Replay: the step was used, so its code (and an older one) is refused; a later step is not.
    expect(matchTotp(secret, totpCode(RFC_SECRET, now), now, step)).toBeUndefined();
    expect(matchTotp(secret, totpCode(RFC_SECRET, now - 30_000), now, step)).toBeUndefined();
    expect(matchTotp(secret, totpCode(RFC_SECRET, now + 30_000), now, step)).toBe(step + 1);
  });

  it('reads a code typed with a space, and refuses codes of the wrong length or not digits', () => {
    const secret = base32Encode(RFC_SECRET);
    const now = 1_111_111_111_000;
    const code = totpCode(RFC_SECRET, now);
    expect(matchTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, now, null)).toBe(totpStep(now));
    expect(matchTotp(secret, code.slice(1), now, null)).toBeUndefined();
    expect(matchTotp(secret, 'abcdef', now, null)).toBeUndefined();
  });
});

it('otpauth URIs carry the secret, issuer and parameters authenticator apps read', () => {
  const uri = new URL(otpauthUri('JBSWY3DPEHPK3PXP', 'Egide', 'ada@example.org'));
  expect(uri.protocol).toBe('otpauth:');
  expect(uri.host).toBe('totp');
  expect(decodeURIComponent(uri.pathname)).toBe('/Egide:ada@example.org');
  expect(Object.fromEntries(uri.searchParams)).toEqual({ secret: 'JBSWY3DPEHPK3PXP', issuer: 'Egide', algorithm: 'SHA1', digits: '6', period: '30' });
});
