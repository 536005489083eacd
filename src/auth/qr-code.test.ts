import { describe, expect, it } from 'vitest';
import { decodeQrModules as decode } from '../test-support/qr-decode.js';
import { encodeQr, qrSvgPath } from './qr-code.js';
import { otpauthUri } from './totp.js';

describe('QR code encoder', () => {
  it('encodes an otpauth URI that an independent decoder reads back', async () => {
    const uri = otpauthUri('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', 'Egide', 'officer@police.example.org');
    const modules = encodeQr(uri)!;
    expect(modules.length).toBe(49); // version 8 holds its 136 bytes at level M
    expect(await decode(modules)).toBe(uri);
  });

  // Every version's capacity at level M (byte mode) and lengths between, each decoded back. otpauth://
  // URIs are ASCII (the account is percent-encoded), as these texts are.
  const CAPACITIES = [14, 26, 42, 62, 84, 106, 122, 152, 180, 213];
  const lengths = [...new Set([1, ...CAPACITIES, ...CAPACITIES.slice(0, -1).map((n) => n + 1), ...Array.from({ length: 21 }, (_, i) => 3 + i * 10)])].sort((a, b) => a - b);
  it.each(lengths)('a text of %i bytes', async (length) => {
    const text = 'otpauth://totp/Egide:officer%40police.example.org?secret='.padEnd(length, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567').slice(0, length);
    const modules = encodeQr(text)!;
    // The smallest version that holds it.
    expect((modules.length - 17) / 4).toBe(CAPACITIES.findIndex((capacity) => capacity >= length) + 1);
    expect(await decode(modules)).toBe(text);
  });

  it('refuses what no version up to 10 holds', () => {
    expect(encodeQr('x'.repeat(214))).toBeUndefined();
  });

  it('draws each dark module as a square inside a 4-module quiet zone', () => {
    const path = qrSvgPath([
      [true, false],
      [false, true],
    ]);
    expect(path).toBe('M4 4h1v1h-1zM5 5h1v1h-1z');
  });
});
