import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameSitePath } from './same-site-path.js';

const SITE = 'https://egide.example.org';

/** Where a browser on the sign-in page would go for this Location (it drops tabs and newlines first). */
function browserTarget(location: string): URL {
  return new URL(location.replace(/[\t\n\r]/g, ''), `${SITE}/en/login`);
}

describe('sameSitePath', () => {
  it.each([
    '/.//evil.example',
    '/..//evil.example',
    '/%2e//evil.example',
    '/%2E%2E//evil.example',
    '/x/..//evil.example',
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '/.\\/evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/en/partners\r\n?theme=training',
    '/\u0000/evil.example',
    'https://evil.example/phish',
    'http:/evil.example',
    'javascript:alert(1)',
    'evil.example',
    '',
    undefined,
  ])('refuses %j', (next) => {
    expect(sameSitePath(next)).toBeUndefined();
  });

  it.each([
    ['/fr/partners?theme=training', '/fr/partners?theme=training'],
    ['/en/objects/abc#photos', '/en/objects/abc#photos'],
    ['/en/./objects/../search?q=jar', '/en/search?q=jar'],
    ['/ /evil.example', '/%20/evil.example'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['/en/search?next=//evil.example', '/en/search?next=//evil.example'],
  ])('keeps the local path %j as %j', (next, kept) => {
    expect(sameSitePath(next)).toBe(kept);
    expect(browserTarget(kept).origin).toBe(SITE);
  });

  it('never yields a redirect that leaves the site, whatever the input (property)', () => {
    const pieces = fc.constantFrom('/', '//', '\\', '.', '..', '%2e', '%2E', '%2f', '%5c', '%09', '\t', '\n', '\r', ' ', '@', ':', '?', '#', 'evil.example', 'https:', 'en', '\u0000', '\u3002', '%00');
    const crafted = fc.array(pieces, { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme-ascii' }), crafted, crafted.map((rest) => `/${rest}`)), (next) => {
        const kept = sameSitePath(next);
        if (kept === undefined) return;
        expect(kept.startsWith('/')).toBe(true);
        expect(kept.startsWith('//')).toBe(false);
        // eslint-disable-next-line no-control-regex -- no control character may be kept
        expect(kept).not.toMatch(/[\\\u0000-\u001f\u007f]/);
        expect(browserTarget(kept).origin).toBe(SITE);
        // Stable: what is kept is kept as it is.
        expect(sameSitePath(kept)).toBe(kept);
      }),
      { numRuns: 5000 },
    );
  });
});
