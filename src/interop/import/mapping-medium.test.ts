import { describe, expect, it } from 'vitest';
import type { Term } from '../../registry/object-record.js';
import { mediumReader, type MediumTerms } from './mapping-medium.js';

function read(statement: string, lang: string, terms: Record<string, string> = {}): MediumTerms {
  const into = { materials: [] as Term[], techniques: [] as Term[], seen: new Set<string>() };
  mediumReader(terms).read(statement, lang, into);
  return { materials: into.materials, techniques: into.techniques };
}

/** Vocabulary terms by their English label, free-text terms as they are. */
const english = (terms: Term[]) => terms.map((term) => (term.aat ? term.label.en : term.label));

describe('medium statements', () => {
  it('read supports after "on", pieces between commas, "and" and "with", and drop labels before a colon', () => {
    const found = read('Watercolour, ink and graphite with gum arabic on paper and board. Verso: graphite on paper', 'en');
    expect(english(found.materials)).toEqual(['watercolour', 'ink', 'graphite', { en: 'gum arabic' }, 'paper', { en: 'board' }]);
    expect(found.techniques).toEqual([]);
  });

  it('read statements written in French and Spanish, free text in their language', () => {
    expect(english(read('Huile et feuille d’or sur toile', 'fr').materials)).toEqual(['oil paint', 'gold leaf', 'canvas']);
    const spanish = read('Óleo y pan de oro sobre lienzo; grabado', 'es');
    expect(english(spanish.materials)).toEqual(['oil paint', 'gold leaf', 'canvas']);
    expect(english(spanish.techniques)).toEqual(['engraving']);
    expect(read('Huile sur contreplaqué', 'fr').materials.at(-1)).toEqual({ label: { fr: 'contreplaqué' } });
  });

  it('take the export’s own words for terms, and leave out those mapped to nothing', () => {
    const found = read('Crayon and colour on paper; 3 sheets', 'en', { crayon: 'chalk', colour: '' });
    expect(english(found.materials)).toEqual(['chalk', 'paper']);
    expect(english(read('Crayon on paper', 'en').materials)).toEqual([{ en: 'crayon' }, 'paper']);
  });
});
