import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_PHOTO_WORKS, KOREAN_PERIODS, workImagePath, workKey } from './demo-photo-catalogue.js';
import { DEMO_ALERT_WORKS, demoPhotoDescription, wallpapersFolder } from './demo-photos.js';

interface PackageEntry {
  title: string;
  author: string;
  year: string;
  imagePath: string;
}

/** The package's own metadata, as its index.js lists it (a React Native module: read, not imported). */
function packageEntries(): Map<string, PackageEntry> {
  const source = readFileSync(join(wallpapersFolder(), 'index.js'), 'utf8');
  const entries = new Map<string, PackageEntry>();
  const entry = /\{\s*"id": ("[^"]*"),\s*"title": ("(?:[^"\\]|\\.)*"),\s*"author": ("(?:[^"\\]|\\.)*"),\s*"year": ("[^"]*"),\s*"source": "(\w+)",\s*"collection": "[^"]*",\s*"imagePath": ("[^"]*")/g;
  for (const m of source.matchAll(entry)) {
    const [id, title, author, year, imagePath] = [m[1], m[2], m[3], m[4], m[6]].map((text) => JSON.parse(text!) as string);
    entries.set(`${m[5]}-${id}`, { title: title!, author: author!, year: year!, imagePath: imagePath! });
  }
  return entries;
}

describe('demo photo catalogue', () => {
  const entries = packageEntries();

  it('reads the package metadata', () => expect(entries.size).toBeGreaterThan(90));

  it('keeps each work’s title, maker, date and image as the package gives them', () => {
    for (const work of DEMO_PHOTO_WORKS) {
      const entry = entries.get(workKey(work));
      expect(entry, workKey(work)).toBeDefined();
      expect(work.title, workKey(work)).toBe(entry!.title);
      expect(work.maker ?? work.era, workKey(work)).toBe(entry!.author);
      expect(work.date ?? '', workKey(work)).toBe(entry!.year);
      expect(workImagePath(work)).toBe(entry!.imagePath);
      expect(existsSync(join(wallpapersFolder(), workImagePath(work))), workImagePath(work)).toBe(true);
    }
  });

  it('has 40 to 60 works of paintings, pottery, Buddhist sculpture and metalwork, no NASA image, each once', () => {
    expect(DEMO_PHOTO_WORKS.length).toBeGreaterThanOrEqual(40);
    expect(DEMO_PHOTO_WORKS.length).toBeLessThanOrEqual(60);
    expect(new Set(DEMO_PHOTO_WORKS.map(workKey)).size).toBe(DEMO_PHOTO_WORKS.length);
    const collections = new Set(DEMO_PHOTO_WORKS.map((work) => work.collection));
    for (const collection of ['nmk-ancient-pottery-collection', 'nmk-buddhist-sculpture-collection', 'nmk-korean-metalcraft-collection', 'nmk-korean-painting-collection']) {
      expect(collections).toContain(collection);
    }
    expect([...collections].some((collection) => collection.startsWith('nasa'))).toBe(false);
    for (const key of DEMO_ALERT_WORKS) expect(DEMO_PHOTO_WORKS.map(workKey)).toContain(key);
  });

  it('gives each work a valid Object ID description with its dates read', () => {
    for (const work of DEMO_PHOTO_WORKS) {
      const description = demoPhotoDescription(work);
      expect(description.objectType.length, workKey(work)).toBeGreaterThan(0);
      if (work.era !== undefined) expect(KOREAN_PERIODS[work.era], work.era).toBeDefined();
      expect(description.dating?.display, workKey(work)).toBeTruthy();
    }
    expect(demoPhotoDescription(DEMO_PHOTO_WORKS.find((work) => workKey(work) === 'met-435877')!).dating).toEqual({ display: '1882–85', earliest: 1882, latest: 1885 });
  });
});
