import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeQrModules as decode } from '../test-support/qr-decode.js';
import { encodeQr, qrSvgPath } from './qr-code.js';
import { otpauthUri } from './totp.js';

describe('QR code encoder', () => {
  it('encodes an otpauth URI that an independent decoder reads back', () => {
    const uri = otpauthUri('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', 'Egide', 'officer@police.example.org');
    const modules = encodeQr(uri)!;
    expect(modules.length).toBe(49); // version 8 holds its 136 bytes at level M
    expect(decode(modules)).toBe(uri);
  });

  // Every version's capacity at level M (byte mode) and lengths between, each decoded back. otpauth://
  // URIs are ASCII (the account is percent-encoded), as these texts are.
  const CAPACITIES = [14, 26, 42, 62, 84, 106, 122, 152, 180, 213];
  const lengths = [...new Set([1, ...CAPACITIES, ...CAPACITIES.slice(0, -1).map((n) => n + 1), ...Array.from({ length: 21 }, (_, i) => 3 + i * 10)])].sort((a, b) => a - b);
  it.each(lengths)('a text of %i bytes', (length) => {
    const text = 'otpauth://totp/Egide:officer%40police.example.org?secret='.padEnd(length, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567').slice(0, length);
    const modules = encodeQr(text)!;
    // The smallest version that holds it.
    expect((modules.length - 17) / 4).toBe(CAPACITIES.findIndex((capacity) => capacity >= length) + 1);
    expect(decode(modules)).toBe(text);
  });

  // Certificates carry a verification address with a random id: any of them must read back at any size
  // a phone or a printer gives a module. 8k05avblxxxxxxx1 is one OpenCV's detector used to miss.
  const verificationAddress = fc.record({
    origin: fc.constantFrom('http://localhost', 'https://egide.example.org', 'https://registry.police.example.gov:8443'),
    lang: fc.constantFrom('fr', 'en', 'es'),
    id: fc.stringMatching(/^[0-9a-z]{16}$/),
  });
  it('reads back any verification address at 2 to 9 px a module', () => {
    fc.assert(
      fc.property(verificationAddress, fc.integer({ min: 2, max: 9 }), ({ origin, lang, id }, scale) => {
        const address = `${origin}/${lang}/verify/${id}`;
        expect(decode(encodeQr(address)!, scale)).toBe(address);
      }),
      { numRuns: 150, examples: [[{ origin: 'http://localhost', lang: 'fr', id: '8k05avblxxxxxxx1' }, 6]] },
    );
  });

  it('reads back any text that fits, accents and emoji included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }), fc.integer({ min: 2, max: 6 }), (text, scale) => {
        const modules = encodeQr(text);
        if (new TextEncoder().encode(text).length <= 213) expect(decode(modules!, scale)).toBe(text);
        else expect(modules).toBeUndefined();
      }),
      { numRuns: 150 },
    );
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
