import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import type { RedListDocumentInput } from './red-list-document.js';
import { sampleRedList } from './red-list.test-support.js';
import { jsonPath, parseRedListDocument, validateRedList } from './red-list-validation.js';

const IMAGES = new Set(['tablet-1.jpg', 'tablet-2.png']);
const t3 = (text: string) => ({ fr: text, en: text, es: text });

function parseIssues(input: unknown) {
  try {
    parseRedListDocument(input);
  } catch (error) {
    if (error instanceof DomainError) return error.issues;
    throw error;
  }
  throw new Error('the document was accepted');
}

const check = (overrides: Partial<RedListDocumentInput>, stage: 'draft' | 'publish' = 'publish', images = IMAGES) =>
  validateRedList(parseRedListDocument(sampleRedList(overrides)), images, stage, { imagesMayFollow: true });

describe('Red List validation', () => {
  it('accepts the complete sample at every stage', () => {
    expect(check({})).toEqual({ errors: [], warnings: [] });
    expect(check({}, 'draft')).toEqual({ errors: [], warnings: [] });
  });

  it('refuses a slug that an address under /{lang}/red-lists/ uses, at every stage', () => {
    for (const slug of ['edit', 'search', 'import']) {
      for (const stage of ['draft', 'publish'] as const) expect(check({ slug }, stage).errors).toEqual([{ field: 'slug', message: expect.stringContaining(`"${slug}" is reserved`) as string }]);
    }
    expect(check({ slug: 'editions-of-the-sahel' }).errors).toEqual([]);
  });

  it('names unknown fields and wrong values by their JSON path', () => {
    const input = sampleRedList() as Record<string, unknown> & { categories: Array<Record<string, unknown>> };
    input.categories[1]!.colour = 'red';
    input.categories[1]!.period = { from: 100, to: -100 };
    input.sponsor = 'x';
    delete input.disclaimer;
    expect(parseIssues(input)).toEqual([
      { field: 'disclaimer', message: expect.stringMatching(/expected record|Required|Invalid input/i) as string },
      { field: 'categories[1].period', message: 'from must not be after to' },
      { field: 'categories[1].colour', message: 'unknown field' },
      { field: 'sponsor', message: 'unknown field' },
    ]);
    expect(jsonPath(['categories', 3, 'examples', 0, 'image'])).toBe('categories[3].examples[0].image');
  });

  it('finds duplicate ids, unknown parents and cycles of any length, each once', () => {
    const category = (id: string, parent?: string) => ({ id, ...(parent ? { parent } : {}), name: t3(id) });
    const { errors } = check({
      categories: [category('a', 'c'), category('b', 'a'), category('c', 'b'), category('d', 'd'), category('e', 'a'), category('f', 'nowhere'), category('a')],
      legal: { exportRules: [{ country: 'IQ', rule: 'licence', categories: ['e', 'gone'], law: 'Law 1' }] },
    });
    expect(errors).toEqual([
      { field: 'categories[6].id', message: 'duplicate category id a (also categories[0])' },
      { field: 'categories[5].parent', message: 'no category has the id nowhere' },
      { field: 'categories[0].parent', message: 'the parents form a cycle: a → c → b → a' },
      { field: 'categories[2].parent', message: 'the parents form a cycle: a → c → b → a' },
      { field: 'categories[1].parent', message: 'the parents form a cycle: a → c → b → a' },
      { field: 'categories[3].parent', message: 'the parents form a cycle: d → d' },
      { field: 'legal.exportRules[0].categories[1]', message: 'no category has the id gone' },
      { field: 'legal.exportRules[0].law', message: 'no law of legal.laws has the reference Law 1' },
    ]);
  });

  it('requires every text in every language of the list to publish; a draft is only warned', () => {
    const overrides = {
      languages: ['fr', 'en', 'es', 'ar'],
      introduction: { fr: 'Intro', en: 'Intro', es: 'Intro', ar: 'مقدمة', de: 'Einleitung' },
    };
    const missing = (path: string) => ({ field: path, message: 'no text in ar' });
    const expected = [
      missing('title'),
      missing('region.name'),
      { field: 'introduction', message: "de is not among the list's languages (fr, en, es, ar)" },
      missing('disclaimer'),
      missing('legal.laws[0].title'),
      missing('categories[0].name'),
      missing('categories[1].name'),
      missing('categories[1].examples[1].description'),
    ];
    expect(check(overrides)).toEqual({ errors: expected, warnings: [] });
    expect(check(overrides, 'draft')).toEqual({ errors: [], warnings: expected });
    expect(check({ languages: ['fr', 'en', 'fr'] }).errors).toContainEqual({ field: 'languages[2]', message: 'fr is already languages[0]' });
  });

  it('needs every example image to publish; a draft may get them later, an import may not', () => {
    const images = new Set(['tablet-1.jpg']);
    const issue = { field: 'categories[1].examples[1].image', message: 'the image tablet-2.png is missing' };
    expect(check({}, 'publish', images).errors).toEqual([issue]);
    expect(check({}, 'draft', images)).toEqual({ errors: [], warnings: [issue] });
    expect(validateRedList(parseRedListDocument(sampleRedList()), images, 'draft').errors).toEqual([issue]);
  });

  it('accepts the example of docs/red-list-format.md as complete', () => {
    const doc = readFileSync(new URL('../../docs/red-list-format.md', import.meta.url), 'utf8');
    const example = JSON.parse(/```json\n([\s\S]*?)```/.exec(doc)![1]!) as unknown;
    expect(validateRedList(parseRedListDocument(example), new Set(['tablet-1.jpg']), 'publish')).toEqual({ errors: [], warnings: [] });
  });
});
