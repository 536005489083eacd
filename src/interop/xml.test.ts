import { describe, expect, it } from 'vitest';
import { languageConcept } from './aat.js';
import { Links } from './exportable-object.js';
import { decimal, el, escapeAttribute, escapeText, serialize, textEl, wrapEl } from './xml.js';

describe('the XML writer', () => {
  it('escapes text and attributes, and drops characters XML 1.0 cannot carry', () => {
    expect(escapeText('a < b && c > d')).toBe('a &lt; b &amp;&amp; c &gt; d');
    expect(escapeAttribute('say "hi"\n\tnow')).toBe('say &quot;hi&quot;&#10;&#9;now');
    expect(escapeText('ok\u0000\u001F\uFFFE \uD83D\uDE00 \uDC00')).toBe('ok 😀 ');
  });
  it('indents elements, keeps text content on one line, and leaves out empty optional parts', () => {
    const tree = el('a', { x: '1', skipped: undefined }, el('b', null, 'text & more'), textEl('c', null, '  '), wrapEl('d', null, null, false), el('e', null));
    expect(serialize(tree)).toBe('<a x="1">\n  <b>text &amp; more</b>\n  <e/>\n</a>');
  });
  it('writes decimals without exponents', () => {
    expect(decimal(45.5)).toBe('45.5');
    expect(decimal(1e-7)).toBe('0.0000001');
    expect(decimal(1_000_000)).toBe('1000000');
  });
});

describe('links and vocabularies', () => {
  it('builds URIs under the base URL, with or without a path prefix', () => {
    const links = new Links('https://example.org/egide/');
    expect(links.object('abc')).toBe('https://example.org/egide/api/v1/objects/abc');
    expect(links.absolute('/media/photos/p1')).toBe('https://example.org/egide/media/photos/p1');
    expect(links.host).toBe('example.org');
    expect(() => new Links('ftp://example.org')).toThrow();
  });
  it('refers to languages by AAT, or by their ISO 639 URI', () => {
    expect(languageConcept('fr-CA')).toEqual({ id: 'http://vocab.getty.edu/aat/300388306', label: 'French' });
    expect(languageConcept('eu')).toEqual({ id: 'http://id.loc.gov/vocabulary/iso639-1/eu', label: 'eu' });
    expect(languageConcept('gsw')).toEqual({ id: 'http://id.loc.gov/vocabulary/iso639-2/gsw', label: 'gsw' });
  });
});
