import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FolderPhotoStore } from './folder-photo-store.js';
import { photoStoreContract } from './photo-store.contract.js';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));
const newRoot = () => {
  const root = mkdtempSync(join(tmpdir(), 'egide-photo-store-'));
  roots.push(root);
  return root;
};

photoStoreContract('folder', async () => {
  const root = newRoot();
  return { store: new FolderPhotoStore(root), sameStorage: () => new FolderPhotoStore(root) };
});

// S3 replaces an object whole by its specification; s3rver, which stands for it in tests, writes in
// place, so this is the folder's own check (temporary file, then rename).
describe('folder photo store', () => {
  it('never lets a reader see part of a file being replaced', async () => {
    const root = newRoot();
    const [store, reader] = [new FolderPhotoStore(root), new FolderPhotoStore(root)];
    const versions = [randomBytes(2_000_000), randomBytes(2_000_000)];
    await store.put('originals/bi/big.tif', versions[0]!);
    let writing = true;
    const writes = (async () => {
      for (let round = 1; round <= 6; round++) await store.put('originals/bi/big.tif', versions[round % 2]!);
      writing = false;
    })();
    let reads = 0;
    let torn = 0;
    while (writing) {
      const seen = await reader.get('originals/bi/big.tif');
      if (!versions.some((version) => seen?.equals(version))) torn++;
      reads++;
    }
    await writes;
    expect(reads).toBeGreaterThan(0);
    expect(torn).toBe(0);
  });
});
