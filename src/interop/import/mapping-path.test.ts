import { describe, expect, it } from 'vitest';
import { csvColumn, jsonPath, type PathReader } from './mapping-path.js';

const compile = (path: string): PathReader => {
  const reader = jsonPath(path);
  if (typeof reader !== 'function') throw new Error(reader.problem);
  return reader;
};

describe('jsonPath', () => {
  it('reads keys, every item and the first item', () => {
    const record = { title: 'Jar', people: [{ name: 'A' }, { name: 'B' }, { other: 1 }], empty: null };
    expect(compile('title')(record)).toEqual(['Jar']);
    expect(compile('people[*].name')(record)).toEqual(['A', 'B']);
    expect(compile('people[0].name')(record)).toEqual(['A']);
    expect(compile('empty')(record)).toEqual([]);
    expect(compile('people.name')(record)).toEqual([]);
  });

  it('matches a key written with a leading byte-order mark, and the other way round', () => {
    expect(compile('id')({ '\uFEFFid': 'r1' })).toEqual(['r1']);
    expect(compile('\uFEFFid')({ id: 'r1' })).toEqual(['r1']);
    expect(compile('meta.id')({ '\uFEFFmeta': { '\uFEFFid': 'r2' } })).toEqual(['r2']);
    // The key as written wins over its marked twin.
    expect(compile('id')({ '\uFEFFid': 'marked', id: 'plain' })).toEqual(['plain']);
  });

  it('explains a path it cannot read', () => {
    expect(jsonPath('a..b')).toEqual({ problem: expect.stringContaining('"a..b" is not a path') });
  });
});

describe('csvColumn', () => {
  it('reads a column the header has, and refuses one it has not', () => {
    const columns = csvColumn(['Inv. no.', 'Title']);
    const reader = columns('Title');
    expect(typeof reader === 'function' && reader({ Title: 'Jar' })).toEqual(['Jar']);
    expect(columns('Titel')).toEqual({ problem: 'no column "Titel" in the file (its columns: "Inv. no.", "Title")' });
  });
});
