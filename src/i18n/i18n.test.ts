import { describe, expect, it } from 'vitest';
import { CATALOGUES, t, translator, type MessageKey } from './i18n.js';
import { LANGUAGES } from './languages.js';

const placeholders = (message: string) => new Set([...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1]));
const enKeys = Object.keys(CATALOGUES.en).sort() as MessageKey[];

describe('catalogues', () => {
  it('the English reference is not empty', () => {
    expect(enKeys.length).toBeGreaterThan(50);
  });

  it.each(LANGUAGES)('%s has exactly the keys of the others, each with a non-empty message', (lang) => {
    const catalogue = CATALOGUES[lang];
    expect(Object.keys(catalogue).sort()).toEqual(enKeys);
    for (const [key, message] of Object.entries(catalogue)) {
      expect(typeof message, key).toBe('string');
      expect(message.trim(), `${lang} ${key}`).not.toBe('');
      for (const form of message.split('|')) expect(form.trim(), `${lang} ${key}: empty plural form`).not.toBe('');
    }
  });

  it.each(LANGUAGES.filter((lang) => lang !== 'en'))('%s uses the same {placeholders} as English in every message', (lang) => {
    for (const key of enKeys) {
      const english = placeholders(CATALOGUES.en[key]);
      const translated = placeholders(CATALOGUES[lang][key]);
      for (const name of english) expect(translated.has(name), `${lang} ${key} lacks {${name}}`).toBe(true);
      // A placeholder English does not have would never be filled in.
      for (const name of translated) expect(english.has(name), `${lang} ${key} has an extra {${name}}`).toBe(true);
    }
  });

  it.each(LANGUAGES)('%s writes plural forms where English does', (lang) => {
    for (const key of enKeys) {
      const plural = CATALOGUES.en[key].includes('|');
      expect(CATALOGUES[lang][key].split('|').length, `${lang} ${key}`).toBe(plural ? 2 : 1);
    }
  });
});

describe('t', () => {
  it('returns the message in the language asked', () => {
    expect(t('en', 'nav.partners')).toBe('Partners');
    expect(t('fr', 'category.ngo')).toBe('Organisations non gouvernementales');
    expect(t('es', 'category.museum-institution')).toBe('Instituciones museísticas');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('en', 'admin.partners.saved', { slug: 'wco' })).toBe('Partner “wco” saved.');
    expect(t('en', 'admin.partners.saved')).toBe('Partner “{slug}” saved.');
    expect(t('en', 'admin.partners.saved', { other: 'x' })).toBe('Partner “{slug}” saved.');
  });

  it.each([
    ['fr', 0, '0 partenaire'],
    ['fr', 1, '1 partenaire'],
    ['fr', 2, '2 partenaires'],
    ['fr', 21, '21 partenaires'],
    ['en', 0, '0 partners'],
    ['en', 1, '1 partner'],
    ['en', 2, '2 partners'],
    ['es', 0, '0 socios'],
    ['es', 1, '1 socio'],
    ['es', 21, '21 socios'],
  ] as const)('%s plural for %d: %s', (lang, count, expected) => {
    expect(t(lang, 'partners.count', { count })).toBe(expected);
  });

  it('chooses the plural form even when the count is not in the text', () => {
    expect(t('en', 'form.error.summary', { count: 1 })).toBe('The form has one error:');
    expect(t('en', 'form.error.summary', { count: 3 })).toBe('The form has 3 errors:');
    expect(t('fr', 'form.error.summary', { count: 0 })).toBe('Le formulaire comporte une erreur :');
  });

  it('without a numeric count, a plural message takes its "other" form', () => {
    expect(t('en', 'partners.count')).toBe('{count} partners');
    expect(t('en', 'partners.count', { count: '{count}' })).toBe('{count} partners');
  });

  it('translator binds the language', () => {
    const fr = translator('fr');
    expect(fr('partners.count', { count: 1 })).toBe(t('fr', 'partners.count', { count: 1 }));
    expect(fr('nav.login')).toBe(CATALOGUES.fr['nav.login']);
  });
});
