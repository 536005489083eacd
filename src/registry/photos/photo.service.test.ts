import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../roles.js';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { CreateObjectSchema } from '../object.schemas.js';
import { deriveImages } from './photo-image.js';
import { FolderPhotoStore } from './folder-photo-store.js';
import { PhotoStorage, storedPhotoPaths } from './photo-storage.js';
import type { NewPhotoRow, PhotoRepository } from './photo.repository.js';
import type { ObjectRepository } from '../object.repository.js';
import { PhotoService } from './photo.service.js';
import { jpeg } from '../../test-support/photo-images.js';

const filesUnder = (root: string) => (existsSync(root) ? readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()) : []);

describe('photo service and storage', () => {
  let t: TestApp;
  let registrar: Principal;
  let objectId: string;
  const roots: string[] = [];
  const newRoot = () => {
    const root = mkdtempSync(join(tmpdir(), 'egide-photos-'));
    roots.push(root);
    return join(root, 'photos');
  };

  beforeAll(async () => {
    t = await createTestApp();
    await t.context.organisations.ensure('museum-a', 'Museum A', 'museum');
    registrar = (await t.context.accounts.principalFromApiToken(await t.token('registrar', 'museum-a')))!;
    objectId = (await t.context.objects.create(registrar, CreateObjectSchema.parse({ description: { inventoryNumber: 'S-1', title: { en: 'Bowl' } } }))).id;
  });
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });
  afterAll(() => t.close());

  /** The context's unit of work, its photo repository inserting with `insert` (given the repository it replaces). */
  const photosInsertingWith =
    (insert: (row: NewPhotoRow, photos: PhotoRepository) => ReturnType<PhotoRepository['insert']>): UnitOfWork<{ photos: PhotoRepository; objects: ObjectRepository }> =>
    (work) =>
      t.context.transact((repositories) => {
        const photos = Object.assign(Object.create(repositories.photos) as PhotoRepository, { insert: (row: NewPhotoRow) => insert(row, repositories.photos) });
        return work({ ...repositories, photos });
      });

  it('removes the files it wrote when the database transaction fails, and records nothing', async () => {
    const root = newRoot();
    const failing = photosInsertingWith(() => Promise.reject(new Error('disk full')));
    const service = new PhotoService(failing, t.context.repositories.photos, t.context.objectRepository, new PhotoStorage(new FolderPhotoStore(root)));
    await expect(service.addPhoto(registrar, objectId, await jpeg(), 'a.jpg')).rejects.toThrow('disk full');
    expect(filesUnder(root)).toEqual([]);
    const history = await t.context.objects.history(registrar, objectId);
    expect(history.map((entry) => entry.action)).not.toContain('photo-added');
  });

  it('writes the files before the row: the row only ever refers to complete files', async () => {
    const root = newRoot();
    const storage = new PhotoStorage(new FolderPhotoStore(root));
    let filesAtInsert: string[] = [];
    const observing = photosInsertingWith((row, photos) => {
      filesAtInsert = filesUnder(root).map((entry) => entry.name);
      return photos.insert(row);
    });
    const service = new PhotoService(observing, t.context.repositories.photos, t.context.objectRepository, storage);
    const view = await service.addPhoto(registrar, objectId, await jpeg(), 'a.jpg');
    expect(filesAtInsert.sort()).toEqual([`${view.id}.jpg`, `${view.id}.jpg`, `${view.id}.webp`]);
  });

  it('cleans up the original when a derived file cannot be written', async () => {
    const root = newRoot();
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'thumbnails'), 'a file where the folder should be');
    const storage = new PhotoStorage(new FolderPhotoStore(root));
    const original = await jpeg();
    await expect(storage.write('abcdefghjkmnpqrs', 'jpg', original, await deriveImages(original))).rejects.toThrow();
    expect(filesUnder(root).map((entry) => entry.name)).toEqual(['thumbnails']);
  });

  it('marks the object as changed for harvests and lists, without a new version that would refuse a concurrent edit', async () => {
    const before = await t.context.objects.get(registrar, objectId);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await t.context.photos.addPhoto(registrar, objectId, await jpeg(), 'b.jpg');
    const after = await t.context.objects.get(registrar, objectId);
    expect(after.updatedAt > before.updatedAt).toBe(true);
    expect(after.version).toBe(before.version);
  });

  it('removes files no row refers to once they are old enough, keeping every photo and uploads in progress', async () => {
    const kept = await t.context.photos.addPhoto(registrar, objectId, await jpeg(), 'kept.jpg');
    const root = join(t.dataDir, 'photos');
    const write = (path: string, ageMs: number) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), 'x');
      const when = new Date(Date.now() - ageMs);
      utimesSync(join(root, path), when, when);
    };
    const HOUR = 60 * 60 * 1000;
    write('originals/zz/zzzzzzzzzzzzzzzz.jpg', 2 * HOUR); // a killed upload's original
    write('thumbnails/zz/zzzzzzzzzzzzzzzz.webp', 2 * HOUR);
    write('stripped/zz/zzzzzzzzzzzzzzzz.jpg', 2 * HOUR);
    write('display/ab/.0123456789ab.tmp', 2 * HOUR); // an interrupted write
    write('originals/yy/yyyyyyyyyyyyyyyy.jpg', 60 * 1000); // an upload still in progress
    // The kept photo's files are as old as the orphans: age alone must not remove them.
    for (const variant of ['original', 'display', 'thumbnail'] as const) {
      const when = new Date(Date.now() - 2 * HOUR);
      utimesSync(join(root, storedPhotoPaths(kept.id, 'jpg')[variant]), when, when);
    }

    expect(await t.context.photos.removeOrphanFiles()).toBe(4);
    const left = filesUnder(root).map((entry) => relative(root, join(entry.parentPath, entry.name)));
    expect(left).toContain('originals/yy/yyyyyyyyyyyyyyyy.jpg');
    expect(left.filter((path) => path.includes(kept.id))).toHaveLength(3);
    expect(left.some((path) => path.includes('zzzz') || path.endsWith('.tmp'))).toBe(false);
  });
});
