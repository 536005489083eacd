import { describe, expect, it } from 'vitest';
import { negotiateLanguage } from './languages.js';

describe('negotiateLanguage', () => {
  it.each([
    ['fr-FR,fr;q=0.9,en;q=0.8', 'fr'],
    ['es-MX', 'es'],
    ['de-DE,de;q=0.9,es;q=0.5,fr;q=0.7', 'fr'],
    ['en;q=0.2, es;q=0.9', 'es'],
    ['fr;q=0, es', 'es'],
    ['de, ja', 'en'],
    ['', 'en'],
  ])('%s → %s', (header, expected) => {
    expect(negotiateLanguage(header)).toBe(expected);
  });

  it('falls back to English without a header', () => {
    expect(negotiateLanguage(undefined)).toBe('en');
  });
});
