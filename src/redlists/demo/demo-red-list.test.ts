import { describe, expect, it } from 'vitest';
import { wallpapersFolder } from '../../interop/import/demo-photos.js';
import { SECRETARIAT_SLUG } from '../../network/partner.service.js';
import { MATERIALS, OBJECT_TYPES, TECHNIQUES } from '../../registry/vocabulary.js';
import { createTestApp } from '../../test-support/test-app.js';
import { forEachText, validateRedList } from '../red-list-validation.js';
import { loadDemoRedList, publishDemoRedList } from './demo-red-list.js';

describe('the demonstration Red List', async () => {
  const { document, images } = await loadDemoRedList(wallpapersFolder());

  it('passes the checks of publication with its images: every text in fr, en and es, a tree of categories, rules naming known categories and laws', () => {
    expect([...document.languages].sort()).toEqual(['en', 'es', 'fr']);
    expect(validateRedList(document, new Set(images.keys()), 'publish')).toEqual({ errors: [], warnings: [] });
    forEachText(document, (texts, path) => expect(Object.keys(texts).sort(), path).toEqual(['en', 'es', 'fr']));
  });

  it('says it is a demonstration for a fictional region, never an ICOM list', () => {
    expect(document.demonstration).toBe(true);
    expect(document.title).toEqual({ en: expect.stringMatching(/^Demonstration /), fr: expect.stringMatching(/ de démonstration/), es: expect.stringMatching(/ de demostración/) });
    expect(document.introduction.en).toContain('not a list of ICOM');
    expect(document.disclaimer.fr).toContain('n’est pas une liste rouge de l’ICOM');
    // ISO 3166 leaves XA–XZ to users: no real country is named.
    for (const country of [...document.region.countries, ...document.contacts.map((contact) => contact.country)]) expect(country).toMatch(/^X[A-Z]$/);
    for (const contact of document.contacts) expect(contact.email).toMatch(/@example\.org$/);
    for (const law of document.legal.laws) expect(law.reference).toContain('(fictional)');
  });

  it('has ten or more categories in a tree, each leaf illustrated by at least one credited photo', () => {
    expect(document.categories.length).toBeGreaterThanOrEqual(10);
    const parents = new Set(document.categories.flatMap((category) => (category.parent ? [category.parent] : [])));
    const leaves = document.categories.filter((category) => !parents.has(category.id));
    expect(leaves.length).toBeGreaterThanOrEqual(10);
    expect(images.size).toBeGreaterThanOrEqual(40);
    for (const leaf of leaves) {
      expect(leaf.examples.length, leaf.id).toBeGreaterThan(0);
      expect(leaf.euAnnex, leaf.id).toBeDefined();
      for (const example of leaf.examples) expect(example.credit).toContain(`relicId=${/^nmk-(\d+)\.webp$/.exec(example.image)![1]}`);
    }
  });

  it('names only the Getty AAT concepts that Egide’s vocabulary already uses', () => {
    const known = new Set([...OBJECT_TYPES, ...MATERIALS, ...TECHNIQUES].flatMap((entry) => (entry.aat ? [`http://vocab.getty.edu/aat/${entry.aat}`] : [])));
    for (const category of document.categories) for (const concept of category.aat) expect(known, `${category.id}: ${concept.id}`).toContain(concept.id);
  });
});

describe('publishing the demonstration Red List', () => {
  // The import decodes every image and refuses a broken one: this publication checks the photos too.
  it('publishes it with its photos for everyone to read; publishing it again changes nothing', async () => {
    const t = await createTestApp();
    try {
      const admin = await t.context.accounts.servicePrincipal(SECRETARIAT_SLUG, 'admin');
      const first = await publishDemoRedList(t.context.redLists, admin, wallpapersFolder());
      expect(first).toMatchObject({ slug: 'demo-solmar-peninsula', edition: 1, status: 'published', unchanged: false, categories: 21, photos: 46 });
      expect(first.title).toMatch(/^Demonstration Red List/);
      expect(await publishDemoRedList(t.context.redLists, admin, wallpapersFolder())).toMatchObject({ edition: 1, status: 'published', unchanged: true });
      const published = await t.context.redLists.getPublished('demo-solmar-peninsula');
      expect(published.editions).toEqual([1]);
      expect(published.document.demonstration).toBe(true);
      const thumbnail = await t.context.redLists.readImage(null, 'demo-solmar-peninsula', 1, 'nmk-638.webp', 'thumbnail');
      expect(thumbnail.contentType).toBe('image/webp');
    } finally {
      await t.close();
    }
  }, 120_000);
});
