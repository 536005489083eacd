import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox, SecretKeyMismatch } from './secret-box.js';

describe('the secret box', () => {
  const box = new SecretBox(randomBytes(32));

  it('seals a secret so that only its key opens it, with a new nonce each time', () => {
    const sealed = box.seal('whsec_abc');
    expect(sealed).not.toContain('whsec_abc');
    expect(box.seal('whsec_abc')).not.toBe(sealed);
    expect(box.open(sealed, box.keyId)).toBe('whsec_abc');
  });

  it('says plainly when the key changed, and refuses a tampered text', () => {
    const sealed = box.seal('whsec_abc');
    const other = new SecretBox(randomBytes(32));
    expect(() => other.open(sealed, box.keyId)).toThrow(SecretKeyMismatch);
    const [version, nonce, body] = sealed.split('.');
    const bytes = Buffer.from(body!, 'base64url');
    bytes[0] = bytes[0]! ^ 1;
    expect(() => box.open(`${version}.${nonce}.${bytes.toString('base64url')}`, box.keyId)).toThrow();
  });
});
