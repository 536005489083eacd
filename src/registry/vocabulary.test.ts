import { describe, expect, it } from 'vitest';
import {
  MATERIALS,
  OBJECT_TYPES,
  TECHNIQUES,
  findTerm,
  termFor,
  toTerm,
  typePath,
  type VocabularyEntry,
  type VocabularyKind,
} from './vocabulary.js';

const VOCABULARIES: [VocabularyKind, readonly VocabularyEntry[]][] = [
  ['objectType', OBJECT_TYPES],
  ['material', MATERIALS],
  ['technique', TECHNIQUES],
];

function key(kind: VocabularyKind, text: string): string | undefined {
  return findTerm(kind, text)?.key;
}

describe('vocabulary data', () => {
  it('has the expected size', () => {
    expect(OBJECT_TYPES.length).toBeGreaterThanOrEqual(60);
    expect(MATERIALS.length).toBeGreaterThanOrEqual(50);
    expect(TECHNIQUES.length).toBeGreaterThanOrEqual(20);
  });

  it.each(VOCABULARIES)('%s: unique kebab-case keys, trimmed labels in three languages, well-formed unique AAT ids', (_kind, entries) => {
    const keys = entries.map((e) => e.key);
    expect(new Set(keys).size).toBe(keys.length);
    const aats = entries.flatMap((e) => (e.aat === undefined ? [] : [e.aat]));
    expect(new Set(aats).size).toBe(aats.length);
    for (const e of entries) {
      expect(e.key).toMatch(/^[a-z]+(?:-[a-z]+)*$/);
      for (const label of [e.label.fr, e.label.en, e.label.es, ...(e.alt ?? [])]) {
        expect(label.trim()).toBe(label);
        expect(label.length).toBeGreaterThan(0);
      }
      if (e.aat !== undefined) expect(e.aat).toMatch(/^300\d{6}$/);
    }
  });

  it('only object types have parents, and every parent exists', () => {
    const typeKeys = new Set(OBJECT_TYPES.map((e) => e.key));
    for (const e of OBJECT_TYPES) if (e.parent !== undefined) expect(typeKeys).toContain(e.parent);
    for (const e of [...MATERIALS, ...TECHNIQUES]) expect(e.parent).toBeUndefined();
  });

  it('lets every object type be given at two levels: each root has children', () => {
    const parents = new Set(OBJECT_TYPES.map((e) => e.parent));
    for (const e of OBJECT_TYPES) {
      if (e.parent === undefined) expect(parents, `${e.key} has no narrower type`).toContain(e.key);
      else expect(typePath(e.key).length).toBeGreaterThanOrEqual(2);
    }
  });

  it('carries the known Getty AAT ids', () => {
    const expected: [VocabularyKind, string, string][] = [
      ['objectType', 'paintings', '300033618'],
      ['objectType', 'oil-paintings', '300033799'],
      ['objectType', 'sculpture', '300047090'],
      ['objectType', 'ceramics', '300151343'],
      ['objectType', 'coins', '300037222'],
      ['objectType', 'drawings', '300033973'],
      ['objectType', 'prints', '300041273'],
      ['objectType', 'photographs', '300046300'],
      ['objectType', 'furniture', '300037680'],
      ['material', 'bronze', '300010957'],
      ['material', 'oil-paint', '300015050'],
      ['material', 'canvas', '300014078'],
      ['material', 'marble', '300011443'],
      ['material', 'paper', '300014109'],
      ['material', 'gold', '300011021'],
      ['material', 'silver', '300011029'],
      ['material', 'porcelain', '300010662'],
      ['material', 'terracotta', '300010669'],
      ['material', 'wood', '300011914'],
      ['material', 'watercolour', '300015045'],
      ['material', 'ink', '300015012'],
      ['material', 'ivory', '300011857'],
      ['technique', 'etching', '300053241'],
      ['technique', 'engraving', '300053225'],
      ['technique', 'lithography', '300053271'],
      ['technique', 'casting', '300053104'],
      ['technique', 'carving', '300053149'],
      ['technique', 'weaving', '300053642'],
    ];
    for (const [kind, k, aat] of expected) expect(findTerm(kind, k)?.aat, k).toBe(aat);
  });

  it.each(VOCABULARIES)('%s: every label and alternative name finds its own entry (no clashes)', (kind, entries) => {
    for (const e of entries) {
      for (const name of [e.label.fr, e.label.en, e.label.es, ...(e.alt ?? [])]) {
        expect(key(kind, name), `${kind} "${name}"`).toBe(e.key);
        expect(key(kind, name.toUpperCase()), `${kind} "${name.toUpperCase()}"`).toBe(e.key);
      }
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(OBJECT_TYPES)).toBe(true);
    expect(Object.isFrozen(MATERIALS[0])).toBe(true);
    expect(Object.isFrozen(MATERIALS[0]?.label)).toBe(true);
  });
});

describe('findTerm', () => {
  it('reads any of the three languages, ignoring case, accents and apostrophe style', () => {
    expect(key('material', 'Oil paint')).toBe('oil-paint');
    expect(key('material', 'peinture à l’huile')).toBe('oil-paint');
    expect(key('material', "PEINTURE A L'HUILE")).toBe('oil-paint');
    expect(key('material', 'óleo')).toBe('oil-paint');
    expect(key('material', 'oleo')).toBe('oil-paint');
    expect(key('material', '  Mármol ')).toBe('marble');
    expect(key('objectType', 'oeuvres visuelles')).toBe('visual-works');
    expect(key('technique', 'Eau forte')).toBe('etching');
  });

  it('accepts simple plurals and singulars in English, French and Spanish', () => {
    expect(key('material', 'bronzes')).toBe('bronze');
    expect(key('material', 'bronces')).toBe('bronze');
    expect(key('objectType', 'oil painting')).toBe('oil-paintings');
    expect(key('objectType', "peinture à l'huile")).toBe('oil-paintings');
    expect(key('objectType', 'pintura al óleo')).toBe('oil-paintings');
    expect(key('objectType', 'jar')).toBe('jars');
    expect(key('objectType', 'Jarre')).toBe('jars');
    expect(key('objectType', 'jarrón')).toBe('vases');
    expect(key('objectType', 'tapiz')).toBe('tapestries');
    expect(key('objectType', 'reliquary')).toBe('reliquaries');
    expect(key('objectType', 'vitrail')).toBe('stained-glass');
    expect(key('objectType', 'vitral')).toBe('stained-glass');
    expect(key('objectType', 'bijou')).toBe('jewellery');
    expect(key('objectType', 'eau-forte')).toBe('etchings');
    expect(key('objectType', 'reloj')).toBe('clocks');
    expect(key('material', 'émaux')).toBe('enamel');
    expect(key('material', 'feather')).toBe('feathers');
  });

  it('keeps the three vocabularies apart', () => {
    expect(key('technique', 'etching')).toBe('etching');
    expect(key('objectType', 'etching')).toBe('etchings');
    expect(findTerm('material', 'etching')).toBeUndefined();
    expect(key('material', 'gilding')).toBe('gilding');
    expect(findTerm('material', 'gilding')?.aat).toBeUndefined();
    expect(findTerm('technique', 'dorure')?.aat).toBe('300053789');
  });

  it('resolves AAT references', () => {
    expect(key('material', '300015050')).toBe('oil-paint');
    expect(key('material', 'aat:300010957')).toBe('bronze');
    expect(key('objectType', 'http://vocab.getty.edu/aat/300033799')).toBe('oil-paintings');
    expect(key('objectType', 'https://vocab.getty.edu/page/aat/300047600')).toBe('statues');
    expect(findTerm('objectType', '300015050')).toBeUndefined(); // a material id
  });

  it('finds nothing for unknown or blank text', () => {
    expect(findTerm('material', 'unobtainium')).toBeUndefined();
    expect(findTerm('material', 'oil paint on canvas')).toBeUndefined();
    expect(findTerm('objectType', '')).toBeUndefined();
    expect(findTerm('objectType', '  ’ ')).toBeUndefined();
  });
});

describe('typePath', () => {
  it('goes from the root to the entry', () => {
    expect(typePath('oil-paintings').map((e) => e.key)).toEqual(['visual-works', 'paintings', 'oil-paintings']);
    expect(typePath('jars').map((e) => e.label.en)).toEqual(['ceramics', 'jars']);
    expect(typePath('illuminated-manuscripts').map((e) => e.key)).toEqual(['documents', 'manuscripts', 'illuminated-manuscripts']);
  });

  it('is one level for a root and empty for an unknown key', () => {
    expect(typePath('ceramics').map((e) => e.key)).toEqual(['ceramics']);
    expect(typePath('no-such-type')).toEqual([]);
    expect(typePath('bronze')).toEqual([]); // a material, not a type
  });
});

describe('toTerm and termFor', () => {
  it('gives the Term shape with the three labels and the AAT id', () => {
    const oil = findTerm('material', 'oil paint');
    expect(oil).toBeDefined();
    expect(toTerm(oil as VocabularyEntry)).toEqual({
      label: { fr: "peinture à l'huile", en: 'oil paint', es: 'óleo' },
      aat: '300015050',
    });
  });

  it('leaves aat out when it is not known', () => {
    const term = toTerm(findTerm('objectType', 'masks') as VocabularyEntry);
    expect(term).toEqual({ label: { fr: 'masques', en: 'masks', es: 'máscaras' } });
    expect('aat' in term).toBe(false);
  });

  it('gives a copy that callers may change', () => {
    const term = toTerm(findTerm('material', 'gold') as VocabularyEntry);
    term.label.de = 'Gold';
    expect(findTerm('material', 'gold')?.label).toEqual({ fr: 'or', en: 'gold', es: 'oro' });
  });

  it('turns text into a vocabulary term, or keeps it as free text', () => {
    expect(termFor('objectType', 'Bustes', 'fr')).toEqual({ label: { fr: 'bustes', en: 'busts', es: 'bustos' }, aat: '300047457' });
    expect(termFor('material', ' bois flotté ', 'fr')).toEqual({ label: { fr: 'bois flotté' } });
    expect(termFor('material', '   ', 'fr')).toBeUndefined();
  });

  it('builds the object type chain as Terms', () => {
    expect(typePath('vases').map(toTerm)).toEqual([
      { label: { fr: 'céramiques', en: 'ceramics', es: 'cerámicas' }, aat: '300151343' },
      { label: { fr: 'vases', en: 'vases', es: 'jarrones' }, aat: '300132254' },
    ]);
  });
});
