import { describe, expect, it } from 'vitest';
import { tsvectorLiteral } from './object-search-index.js';

describe('tsvectorLiteral', () => {
  it('writes the folded words of each field with their positions and weight label', () => {
    const literal = tsvectorLiteral({ title: "Portrait de l'Évêque", maker: 'Hyacinthe Rigaud', classification: 'Œuvres', body: 'portrait, 1700' });
    expect(literal).toBe("'portrait':1A,8D 'de':2A 'l':3A 'eveque':4A 'hyacinthe':5B 'rigaud':6B 'oeuvres':7C '1700':9D");
  });

  it('keeps at most 16 positions of a word, and none past 16,383', () => {
    const many = tsvectorLiteral({ title: 'vase '.repeat(40), maker: '', classification: '', body: '' });
    expect(many.split(',')).toHaveLength(16);
    const long = tsvectorLiteral({ title: '', maker: '', classification: '', body: `${'word '.repeat(16_400)}last` });
    expect(long.endsWith("'last':16383D")).toBe(true);
  });

  it('leaves out a word longer than a lexeme may be', () => {
    expect(tsvectorLiteral({ title: `${'x'.repeat(3_000)} short`, maker: '', classification: '', body: '' })).toBe("'short':2A");
  });
});
