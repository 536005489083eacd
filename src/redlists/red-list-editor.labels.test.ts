import { describe, expect, it } from 'vitest';
import { translator } from '../i18n/i18n.js';
import type { PageContext } from '../web/page-context.js';
import { fieldLabel, fieldLanguage, summaryAnchor } from './red-list-editor.labels.js';

// The labels only ask the page for its language and messages.
const page = { lang: 'en', t: translator('en') } as PageContext;

describe('field labels', () => {
  it('names a row, the field, and the language of a text’s input', () => {
    expect(fieldLabel('laws.1.title.es', page)).toBe('Law 2 › Title of the law (Español)');
    expect(fieldLabel('title.fr', page)).toBe('Title (Français)');
    expect(fieldLabel('period.label.en', page)).toBe('Period as written (e.g. Bronze Age) (English)');
  });

  it('tells a language by the field being a text, not by a short name that looks like a code', () => {
    expect(fieldLabel('laws.0.url', page)).toBe('Law 1 › Web address');
    expect(fieldLanguage('laws.0.url')).toBeUndefined();
    expect(fieldLanguage('aat.0.id')).toBeUndefined();
    // `id` is Indonesian when it follows a text.
    expect(fieldLanguage('name.id')).toBe('id');
  });

  it('leads an item of a list typed in one input to that input', () => {
    expect(summaryAnchor('region.countries.2')).toBe('f-region-countries');
    expect(fieldLabel('region.countries.2', page)).toBe('Countries of the region');
  });
});
