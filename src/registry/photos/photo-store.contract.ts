/**
 * What every photo store must do: run `photoStoreContract(...)` inside a test file with a factory of
 * empty stores. `sameStorage()` opens a second handle on the same storage, as another instance would.
 */
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { PhotoStore } from './photo-store.js';

export interface PhotoStoreFixture {
  store: PhotoStore;
  sameStorage(): PhotoStore;
}

async function drained(stream: Readable | undefined): Promise<Buffer | undefined> {
  if (!stream) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function keysOf(store: PhotoStore, folder: string): Promise<Record<string, number>> {
  const keys: Record<string, number> = {};
  for await (const file of store.list(folder)) keys[file.key] = file.size;
  return keys;
}

export function photoStoreContract(name: string, make: () => Promise<PhotoStoreFixture>): void {
  describe(`photo store contract: ${name}`, () => {
    it('gives back the bytes stored under a key, whole, as a buffer and as a stream, with their size', async () => {
      const { store } = await make();
      const bytes = randomBytes(300_000);
      const before = Date.now();
      await store.put('originals/ab/abc.jpg', bytes);
      expect((await store.get('originals/ab/abc.jpg'))?.equals(bytes)).toBe(true);
      expect((await drained(await store.stream('originals/ab/abc.jpg')))?.equals(bytes)).toBe(true);
      const info = await store.stat('originals/ab/abc.jpg');
      expect(info?.size).toBe(bytes.length);
      // Second-granular stores (S3's Last-Modified) round down.
      expect(info!.modifiedMs).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);
    });

    it('answers undefined, not an error, for a key with nothing stored', async () => {
      const { store } = await make();
      expect(await store.get('originals/zz/none.jpg')).toBeUndefined();
      expect(await store.stream('originals/zz/none.jpg')).toBeUndefined();
      expect(await store.stat('originals/zz/none.jpg')).toBeUndefined();
    });

    it('replaces what a key held', async () => {
      const { store } = await make();
      await store.put('display/ab/abc.jpg', Buffer.from('first version'));
      await store.put('display/ab/abc.jpg', Buffer.from('second'));
      expect((await store.get('display/ab/abc.jpg'))?.toString()).toBe('second');
      expect((await store.stat('display/ab/abc.jpg'))?.size).toBe(6);
    });

    it('deletes a key, and deleting what is not there is no error', async () => {
      const { store } = await make();
      await store.put('thumbnails/ab/abc.webp', Buffer.from('thumbnail'));
      await store.delete('thumbnails/ab/abc.webp');
      expect(await store.stat('thumbnails/ab/abc.webp')).toBeUndefined();
      await expect(store.delete('thumbnails/ab/abc.webp')).resolves.toBeUndefined();
      await expect(store.delete('thumbnails/never/stored.webp')).resolves.toBeUndefined();
    });

    it('lists the keys under a folder, with their sizes, and nothing of other folders', async () => {
      const { store } = await make();
      expect(await keysOf(store, 'originals')).toEqual({});
      await store.put('originals/ab/abc.jpg', Buffer.alloc(3));
      await store.put('originals/cd/cde.png', Buffer.alloc(5));
      await store.put('originals-other/ab/abc.jpg', Buffer.alloc(7));
      await store.put('display/ab/abc.jpg', Buffer.alloc(11));
      expect(await keysOf(store, 'originals')).toEqual({ 'originals/ab/abc.jpg': 3, 'originals/cd/cde.png': 5 });
      expect(await keysOf(store, 'display')).toEqual({ 'display/ab/abc.jpg': 11 });
    });

    it('refuses keys that would lead outside its storage', async () => {
      const { store } = await make();
      for (const key of ['../egide.sqlite', 'originals/../../x', '/etc/passwd', 'originals/./x', '', 'originals//x']) {
        await expect(store.put(key, Buffer.from('x')), key).rejects.toThrow(/outside/);
        await expect(store.get(key), key).rejects.toThrow(/outside/);
      }
    });

    it('shows what one handle wrote to another on the same storage (another instance), and its deletions', async () => {
      const { store, sameStorage } = await make();
      const other = sameStorage();
      await store.put('originals/sh/shared.jpg', Buffer.from('written by instance A'));
      expect((await other.get('originals/sh/shared.jpg'))?.toString()).toBe('written by instance A');
      await other.delete('originals/sh/shared.jpg');
      expect(await store.get('originals/sh/shared.jpg')).toBeUndefined();
    });
  });
}
