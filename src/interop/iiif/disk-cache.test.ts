import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../config/logger.js';
import { DiskCache } from './disk-cache.js';

const KB = 1024;
const roots: string[] = [];

function newCache(maxBytes: number): DiskCache {
  const root = mkdtempSync(join(tmpdir(), 'egide-iiif-cache-'));
  roots.push(root);
  return new DiskCache(join(root, 'cache'), maxBytes, createLogger('silent'));
}

const files = (cache: DiskCache) =>
  existsSync(cache.root)
    ? readdirSync(cache.root, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => relative(cache.root, join(entry.parentPath, entry.name)))
        .sort()
    : [];

/** Sets a file's modification time `secondsAgo` in the past: the order a sweep removes files in. */
function age(cache: DiskCache, key: string, secondsAgo: number): void {
  const when = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(cache.path(key), when, when);
}

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('the IIIF disk cache', () => {
  it('gives back what was written, and nothing for what was not', async () => {
    const cache = newCache(100 * KB);
    expect(await cache.read('tiles/ab/one.jpg')).toBeUndefined();
    expect(await cache.touch('tiles/ab/one.jpg')).toBe(false);
    await cache.write('tiles/ab/one.jpg', Buffer.from('pixels'));
    expect((await cache.read('tiles/ab/one.jpg'))?.toString()).toBe('pixels');
    expect(await cache.touch('tiles/ab/one.jpg')).toBe(true);
    expect(files(cache)).toEqual(['tiles/ab/one.jpg']);
  });

  it('leaves no file under the key when producing it fails, nor a temporary one', async () => {
    const cache = newCache(100 * KB);
    await expect(
      cache.writeWith('pyramids/ab/one.tif', async (temporary) => {
        writeFileSync(temporary, 'half a pyramid');
        throw new Error('decoder failed');
      }),
    ).rejects.toThrow('decoder failed');
    expect(files(cache)).toEqual([]);
  });

  it('removes the least recently used files once over its limit, down to 80 % of it', async () => {
    const cache = newCache(50 * KB);
    const bytes = Buffer.alloc(10 * KB);
    for (const name of ['a', 'b', 'c', 'd']) await cache.write(`tiles/${name}.jpg`, bytes);
    await cache.sweep();
    for (const [name, secondsAgo] of [['a', 40], ['b', 30], ['c', 20], ['d', 10]] as const) age(cache, `tiles/${name}.jpg`, secondsAgo);
    // Reading "a" makes it the most recently used: "b" and "c" are now the oldest.
    await cache.read('tiles/a.jpg');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await cache.write('tiles/e.jpg', bytes);
    await cache.write('tiles/f.jpg', bytes);
    await cache.sweep();
    expect(files(cache)).toEqual(['tiles/a.jpg', 'tiles/d.jpg', 'tiles/e.jpg', 'tiles/f.jpg']);
  });

  it('counts what an earlier process left, and removes temporary files a killed write left', async () => {
    const cache = newCache(25 * KB);
    mkdirSync(join(cache.root, 'tiles'), { recursive: true });
    writeFileSync(join(cache.root, 'tiles', 'old.jpg'), Buffer.alloc(20 * KB));
    writeFileSync(join(cache.root, 'tiles', '.0123456789ab.tmp'), 'interrupted');
    age(cache, 'tiles/old.jpg', 60);
    utimesSync(join(cache.root, 'tiles', '.0123456789ab.tmp'), new Date(0), new Date(0));
    await cache.write('tiles/new.jpg', Buffer.alloc(10 * KB));
    await cache.sweep();
    expect(files(cache)).toEqual(['tiles/new.jpg']);
  });

  it('refuses keys that would leave its folder', () => {
    const cache = newCache(KB);
    for (const key of ['../egide.sqlite', 'tiles/../../x', '/etc/passwd', 'tiles//x', 'tiles/a b']) expect(() => cache.path(key), key).toThrow(/Invalid cache key/);
  });
});
