import { describe, expect, it } from 'vitest';
import { RED_LIST_FORMAT, RedListDocumentSchema, type RedListDocument } from './red-list-document.js';
import { categoryTree, categoryValues, changedFields, formField, generalValues, keptRows, legalValues, rowCount, withCategory, withLegal, withoutCategory } from './red-list-editor.form.js';

const document: RedListDocument = RedListDocumentSchema.parse({
  format: RED_LIST_FORMAT,
  slug: 'sahel',
  edition: { number: 1, year: 2026 },
  title: { en: 'Sahel', ar: 'الساحل' },
  region: { name: { en: 'Sahel' }, countries: ['ML'] },
  languages: ['en', 'ar'],
  introduction: { en: 'Intro' },
  disclaimer: { en: 'Not stolen' },
  legal: { laws: [{ country: 'ML', title: { en: 'Law 1' }, reference: 'L1' }] },
  categories: [
    { id: 'ceramics', name: { en: 'Ceramics', de: 'Keramik' } },
    { id: 'jars', parent: 'ceramics', name: { en: 'Jars' } },
    { id: 'lids', parent: 'jars', name: { en: 'Lids' } },
  ],
});

describe('rows', () => {
  it('keeps filled rows in order, drops blank and removed ones, and maps issues back to the row typed in', () => {
    const values = {
      'laws.0.country': 'ML',
      'laws.0.reference': 'L1',
      'laws.0.remove': 'on',
      'laws.1.country': '',
      'laws.2.country': 'NE',
      'laws.2.reference': 'L2',
      'laws.2.title.ar': 'قانون',
      'laws.3.reference': '',
    };
    expect(keptRows(values, 'laws', ['fr', 'en', 'es', 'ar'])).toEqual([2]);
    const { input, rowOf } = withLegal(document, values);
    expect((input as RedListDocument).legal.laws).toEqual([{ country: 'NE', title: { ar: 'قانون' }, reference: 'L2', year: undefined, url: undefined, summary: undefined }]);
    expect(formField('legal.laws[0].title', '', { 'legal.laws': 'laws' }, rowOf)).toBe('laws.2.title');
    expect(formField('legal.laws.0.year', '', { 'legal.laws': 'laws' }, rowOf)).toBe('laws.2.year');
  });

  it('shows the rows there are and one blank row, whatever the select that fills itself in', () => {
    expect(rowCount(legalValues(document), 'laws')).toBe(2);
    expect(rowCount({}, 'contacts')).toBe(1);
    expect(rowCount({ 'contacts.0.name': 'Police', 'contacts.1.kind': 'police' }, 'contacts')).toBe(2);
  });

  it('keeps a year typed as words for the schema to name', () => {
    const { input } = withLegal(document, { 'laws.0.country': 'ML', 'laws.0.reference': 'L1', 'laws.0.title.en': 'Law', 'laws.0.year': 'nineteen' });
    const parsed = RedListDocumentSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toContain('legal.laws.0.year');
  });
});

describe('a category', () => {
  it('reads years with their era, keeps texts in languages the form does not show, and lets subcategories follow a renamed id', () => {
    const values = { ...categoryValues(document.categories[0]!), id: 'pottery', 'period.from': '300', 'period.fromEra': 'bce', 'period.to': '200', 'period.toEra': 'ce', materials: 'Clay, terracotta' };
    const { input } = withCategory(document, 0, values, new Map());
    const parsed = RedListDocumentSchema.parse(input);
    expect(parsed.categories[0]).toMatchObject({ id: 'pottery', name: { en: 'Ceramics', de: 'Keramik' }, period: { from: -300, to: 200 }, materials: ['clay', 'terracotta'] });
    expect(parsed.categories[1]!.parent).toBe('pottery');
    expect(categoryValues(parsed.categories[0]!)).toMatchObject({ 'period.from': '300', 'period.fromEra': 'bce', 'period.to': '200', 'period.toEra': 'ce' });
  });

  it('names an uploaded photo in the example row it came with', () => {
    const { input, rowOf } = withCategory(document, 1, { id: 'jars', 'name.en': 'Jars', 'examples.0.credit': 'Museum', 'examples.0.licence': 'CC0', 'examples.0.institution': 'National Museum' }, new Map([[0, 'jars-abc.jpg']]));
    expect((input as RedListDocument).categories[1]!.examples).toEqual([{ image: 'jars-abc.jpg', credit: 'Museum', licence: 'CC0', institution: 'National Museum', inventoryNumber: undefined, description: undefined }]);
    expect(rowOf.examples).toEqual([0]);
  });

  it('moves the subcategories of a deleted category up to its parent', () => {
    const without = withoutCategory(document, 1);
    expect(without.categories.map((category) => [category.id, category.parent])).toEqual([
      ['ceramics', undefined],
      ['lids', 'ceramics'],
    ]);
  });

  it('lists the tree depth first, and categories on a cycle at the end', () => {
    expect(categoryTree(document.categories).map((node) => [node.category.id, node.depth])).toEqual([
      ['ceramics', 0],
      ['jars', 1],
      ['lids', 2],
    ]);
    const cycle = [...document.categories, { ...document.categories[0]!, id: 'a', parent: 'b' }, { ...document.categories[0]!, id: 'b', parent: 'a' }];
    expect(categoryTree(cycle).slice(-2).map((node) => node.category.id)).toEqual(['a', 'b']);
  });
});

describe('changed fields', () => {
  it('lists the fields whose stored value differs from the one a save would write, with the stored value', () => {
    const stored = generalValues(document);
    const written = { ...stored, 'title.en': 'Sahel and Sahara', 'title.ar': '', 'introduction.fr': 'Introduction' };
    expect(changedFields(written, stored)).toEqual([
      { field: 'title.en', stored: 'Sahel' },
      { field: 'title.ar', stored: 'الساحل' },
      { field: 'introduction.fr', stored: '' },
    ]);
    expect(changedFields(stored, { ...stored })).toEqual([]);
  });
});
