import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { openPhotoStores } from '../registry/photos/photo-stores.js';
import type { Principal } from '../roles.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { readRedListFolder } from './red-list-import.js';
import { person, sampleImages, sampleRedList } from './red-list.test-support.js';

describe('Red List import', () => {
  let t: TestApp;
  let admin: Principal;
  let dir: string;
  beforeEach(async () => {
    t = await createTestApp();
    admin = await person(t, 'admin');
    dir = mkdtempSync(join(tmpdir(), 'egide-red-list-import-'));
  });
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  async function storedFiles(): Promise<string[]> {
    const keys = [];
    for await (const file of openPhotoStores(t.context.config.photoStorage).photos.list('red-lists')) keys.push(file.key);
    return keys;
  }

  it('reads the images the examples name from images/ beside the file (or another folder), and nothing else', async () => {
    mkdirSync(join(dir, 'images'));
    for (const [name, bytes] of await sampleImages()) writeFileSync(join(dir, 'images', name), bytes);
    writeFileSync(join(dir, 'images', 'unrelated.txt'), 'x');
    writeFileSync(join(dir, 'list.json'), `\uFEFF${JSON.stringify(sampleRedList())}`);
    const folder = await readRedListFolder(join(dir, 'list.json'));
    expect([...folder.images.keys()].sort()).toEqual(['tablet-1.jpg', 'tablet-2.png']);
    expect((await readRedListFolder(join(dir, 'list.json'), join(dir, 'elsewhere'))).images.size).toBe(0);
  });

  it('refuses a file with a cycle, a duplicate, a missing translation and a broken image, naming each place, and writes nothing', async () => {
    const document = sampleRedList({
      categories: [
        { id: 'a', parent: 'b', name: { fr: 'A', en: 'A', es: 'A' } },
        { id: 'b', parent: 'a', name: { fr: 'B', en: 'B' }, examples: [{ image: 'broken.jpg', credit: 'x', licence: 'CC0', institution: 'y' }] },
        { id: 'a', name: { fr: 'A', en: 'A', es: 'A' }, examples: [{ image: 'tablet-1.jpg', credit: 'x', licence: 'CC0', institution: 'y' }] },
      ],
    });
    const images = new Map([...(await sampleImages()), ['broken.jpg', Buffer.from('not a jpeg')]]);
    const error = await t.context.redLists.importDocument(admin, document, images, { publish: true }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).issues).toEqual([
      { field: 'categories[2].id', message: 'duplicate category id a (also categories[0])' },
      { field: 'categories[0].parent', message: 'the parents form a cycle: a → b → a' },
      { field: 'categories[1].parent', message: 'the parents form a cycle: a → b → a' },
      { field: 'legal.exportRules[0].categories[0]', message: 'no category has the id tablets' },
      { field: 'categories[1].name', message: 'no text in es' },
      { field: 'categories[1].examples[0].image', message: expect.stringMatching(/^broken\.jpg: This file is not an image/) as string },
    ]);
    for (const table of ['red_lists', 'red_list_editions', 'red_list_images', 'red_list_edition_images', 'red_list_editors'] as const) {
      expect(await t.context.db.selectFrom(table).selectAll().execute()).toEqual([]);
    }
    expect(await storedFiles()).toEqual([]);
  });

  it('imports the next edition of a list, refuses an older or differing one, and replaces a draft only when told', async () => {
    const images = await sampleImages();
    const { redLists } = t.context;
    await redLists.importDocument(admin, sampleRedList(), images, { publish: true });
    expect(await storedFiles()).toHaveLength(6);
    const changed = sampleRedList({ title: { fr: 'Autre', en: 'Other', es: 'Otra' } });
    await expect(redLists.importDocument(admin, changed, images, { publish: true })).rejects.toThrow(/already published and differs/);
    const next = { ...changed, edition: { number: 3, year: 2027 }, introduction: { fr: 'Intro', en: 'Intro' } };
    // Incomplete: kept as a draft, with warnings.
    expect(await redLists.importDocument(admin, next, images)).toMatchObject({ edition: 3, status: 'draft', warnings: [{ field: 'introduction', message: 'no text in es' }] });
    await expect(redLists.importDocument(admin, { ...next, edition: { number: 4, year: 2027 } }, images)).rejects.toThrow(/has a draft \(edition 3\)/);
    await redLists.importDocument(admin, { ...changed, edition: { number: 4, year: 2027 } }, images, { publish: true, replaceDraft: true });
    expect((await redLists.editions(admin, 'test-region')).map((edition) => [edition.number, edition.status])).toEqual([
      [4, 'published'],
      [1, 'published'],
    ]);
    await expect(redLists.importDocument(admin, { ...changed, edition: { number: 2, year: 2027 } }, images)).rejects.toThrow(/Edition 4 of "test-region" is published/);
    // A Red List editor imports into the lists they edit only.
    const editor = await person(t, 'red-list-editor');
    await expect(redLists.importDocument(editor, { ...changed, edition: { number: 5, year: 2027 } }, images)).rejects.toThrow(/You do not edit/);
  });
});
