import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EgideConfig } from '../config/config.js';
import type { DatabaseSnapshots } from '../db/backup/database-snapshot.js';
import { snapshotsOf } from '../db/backup/snapshots.js';
import { DomainError } from '../errors.js';
import { PhotoStorage } from '../registry/photos/photo-storage.js';
import { runEgide } from '../test-support/cli.js';
import { jpeg, png } from '../test-support/photo-images.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { type BackupManifest, MANIFEST_FILE } from './backup-manifest.js';
import { restoreBackup } from './restore-backup.js';
import { takeBackup } from './take-backup.js';
import { verifyBackup } from './verify-backup.js';

const root = mkdtempSync(join(tmpdir(), 'egide-backup-'));
const sqlite = snapshotsOf('sqlite')!;
const ignoreProgress = () => undefined;
let t: TestApp;
let token: string;
let objectId: string;
let photo: { id: string; file: string; sha256: string };
let backup: string;
let manifest: BackupManifest;
const IDENTIFICATION = 'idAnonymousPhoto01';

beforeAll(async () => {
  t = await createTestApp(join(root, 'data'));
  await t.context.organisations.ensure('museum-a', 'Museum A', 'museum');
  token = await t.token('registrar', 'museum-a');
  const created = await api('/objects', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ description: { inventoryNumber: 'B-1', title: { en: 'Bowl' } } }) });
  objectId = ((await created.json()) as { id: string }).id;
  const form = new FormData();
  form.set('photo', new Blob([new Uint8Array(await jpeg())], { type: 'image/jpeg' }), 'bowl.jpg');
  expect((await api(`/objects/${objectId}/photos`, { method: 'POST', body: form })).status).toBe(201);
  photo = await t.context.db.selectFrom('object_photos').select(['id', 'file', 'sha256']).executeTakeFirstOrThrow();
  // An identification's photo, as the engine saved it (the engine itself is not needed here).
  const identifications = new PhotoStorage(join(t.dataDir, 'identifications'));
  const paths = identifications.relativePaths(IDENTIFICATION, 'jpg');
  await identifications.writeDerived(paths, { display: await jpeg(), thumbnail: await png() });
  await t.context.db
    .insertInto('identifications')
    .values({ id: IDENTIFICATION, user_id: null, created_at: new Date().toISOString(), verdict: 'no-match', photo_file: paths.display, photo_width: 300, photo_height: 200, candidates: '[]' })
    .execute();
  // Derived files the backup leaves out: made again from the original when asked for.
  mkdirSync(join(t.dataDir, 'iiif-cache'), { recursive: true });
  writeFileSync(join(t.dataDir, 'iiif-cache', 'render.jpg'), 'a cached render');
  backup = join(root, 'backup');
  manifest = await takeBackup(t.context.config, backup, sqlite, ignoreProgress);
}, 60_000);

afterAll(async () => {
  await t.close();
  rmSync(root, { recursive: true, force: true });
});

async function api(path: string, init: RequestInit = {}, app = t.app): Promise<Response> {
  return app.request(`/api/v1${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, ...init.headers } });
}

/** A fresh copy of the backup, to damage. */
function copyOfBackup(name: string): string {
  const copy = join(root, name);
  cpSync(backup, copy, { recursive: true });
  return copy;
}

function flipByte(path: string, offset: number): void {
  const bytes = readFileSync(path);
  bytes[offset] = bytes[offset]! ^ 0xff;
  writeFileSync(path, bytes);
}

describe('egide backup', () => {
  it('copies the database, each photo’s original and each identification’s photo, with their checksums and the row counts', async () => {
    const paths = manifest.files.map((file) => file.path).sort();
    expect(paths).toEqual(
      [
        'database/egide.sqlite',
        `photos/${photo.file}`,
        `identifications/display/${IDENTIFICATION.slice(0, 2)}/${IDENTIFICATION}.jpg`,
        `identifications/thumbnails/${IDENTIFICATION.slice(0, 2)}/${IDENTIFICATION}.webp`,
      ].sort(),
    );
    expect(manifest.files.find((file) => file.path === `photos/${photo.file}`)?.sha256).toBe(photo.sha256);
    expect(readFileSync(join(backup, 'photos', photo.file))).toEqual(readFileSync(join(t.dataDir, 'photos', photo.file)));
    expect(manifest).toMatchObject({ format: 'egide-backup', dialect: 'sqlite', migration: expect.stringMatching(/^\d{4}-/), missingAtBackup: [] });
    expect(manifest.rowCounts).toMatchObject({ objects: 1, object_photos: 1, identifications: 1, partners: 21 });
    expect(JSON.parse(readFileSync(join(backup, MANIFEST_FILE), 'utf8'))).toEqual(manifest);
    expect(await verifyBackup(backup)).toEqual({ manifest, problems: [] });
  });

  it('refuses a folder that is not empty', async () => {
    await expect(takeBackup(t.context.config, backup, sqlite, ignoreProgress)).rejects.toMatchObject({ kind: 'conflict', message: expect.stringContaining('is not empty') });
  });

  it('copies the photos of the snapshot, not one added after it', async () => {
    let added = '';
    const addingAPhotoAfterTheSnapshot: DatabaseSnapshots = {
      ...sqlite,
      async take(config, folder, progress) {
        const files = await sqlite.take(config, folder, progress);
        const form = new FormData();
        form.set('photo', new Blob([new Uint8Array(await png())], { type: 'image/png' }), 'later.png');
        added = ((await (await api(`/objects/${objectId}/photos`, { method: 'POST', body: form })).json()) as { id: string }).id;
        return files;
      },
    };
    const out = join(root, 'backup-during-upload');
    const taken = await takeBackup(t.context.config, out, addingAPhotoAfterTheSnapshot, ignoreProgress);
    expect(added).toMatch(/^\w+$/);
    expect(taken.rowCounts.object_photos).toBe(1);
    expect(taken.files.filter((file) => file.path.startsWith('photos/')).map((file) => file.path)).toEqual([`photos/${photo.file}`]);
    expect((await verifyBackup(out)).problems).toEqual([]);
  });

  it('says when there is no database to back up, and leaves the folder empty', async () => {
    const out = join(root, 'backup-of-nothing');
    mkdirSync(out);
    const config: EgideConfig = { ...t.context.config, dataDir: join(root, 'no-data') };
    await expect(takeBackup(config, out, sqlite, ignoreProgress)).rejects.toMatchObject({ kind: 'not-found', message: expect.stringContaining('No database to back up') });
    expect(readdirSync(out)).toEqual([]);
  });

  it('records a referred photo already missing from the data folder, and the backup still verifies', async () => {
    const data = join(root, 'data-missing-photo');
    cpSync(t.dataDir, data, { recursive: true });
    unlinkSync(join(data, 'photos', photo.file));
    const config: EgideConfig = { ...t.context.config, dataDir: data };
    const out = join(root, 'backup-missing-photo');
    const partial = await takeBackup(config, out, sqlite, ignoreProgress);
    expect(partial.missingAtBackup).toEqual([`photos/${photo.file}`]);
    expect((await verifyBackup(out)).problems).toEqual([]);
  });
});

describe('egide backup verify', () => {
  it('names a flipped byte in the database copy', async () => {
    const copy = copyOfBackup('flipped-database');
    flipByte(join(copy, 'database', 'egide.sqlite'), 200_000);
    expect((await verifyBackup(copy)).problems).toContain("database/egide.sqlite: its SHA-256 differs from the manifest's (corrupted)");
  });

  it('names a truncated database copy and what its engine finds wrong', async () => {
    const copy = copyOfBackup('truncated-database');
    const file = join(copy, 'database', 'egide.sqlite');
    const bytes = manifest.files.find((entry) => entry.path === 'database/egide.sqlite')!.bytes;
    truncateSync(file, bytes / 2);
    const { problems } = await verifyBackup(copy);
    expect(problems).toContain(`database/egide.sqlite: ${bytes / 2} bytes, the manifest says ${bytes} (truncated or changed)`);
    expect(problems.some((problem) => /^database: (integrity check|cannot be read)/.test(problem))).toBe(true);
  });

  it('names a flipped byte in a photo, a deleted photo and a file not in the manifest', async () => {
    const copy = copyOfBackup('damaged-photos');
    flipByte(join(copy, 'photos', photo.file), 100);
    const thumbnail = `identifications/thumbnails/${IDENTIFICATION.slice(0, 2)}/${IDENTIFICATION}.webp`;
    unlinkSync(join(copy, thumbnail));
    writeFileSync(join(copy, 'photos', 'stray.jpg'), 'not from the backup');
    expect((await verifyBackup(copy)).problems.sort()).toEqual(
      [`photos/${photo.file}: its SHA-256 differs from the manifest's (corrupted)`, `${thumbnail}: missing`, 'photos/stray.jpg: not in the manifest'].sort(),
    );
  });

  it('names a row count the database copy does not have, a photo left out of the manifest, and a malformed manifest', async () => {
    const copy = copyOfBackup('edited-manifest');
    const edited = { ...manifest, rowCounts: { ...manifest.rowCounts, objects: 2 }, files: manifest.files.filter((file) => file.path !== `photos/${photo.file}`) };
    writeFileSync(join(copy, MANIFEST_FILE), JSON.stringify(edited));
    const { problems } = await verifyBackup(copy);
    expect(problems).toContain('database: table objects: 1 rows, the manifest says 2 rows');
    expect(problems).toContain(`photos/${photo.file}: not in the manifest`);
    expect(problems).toContain(`photos/${photo.file}: referred to by the database, not in the backup`);

    writeFileSync(join(copy, MANIFEST_FILE), JSON.stringify({ ...manifest, files: [{ path: '../elsewhere', bytes: -1, sha256: 'x' }] }));
    expect((await verifyBackup(copy)).problems).toEqual([
      'manifest.json: files.0.bytes: Too small: expected number to be >=0',
      'manifest.json: files.0.sha256: not a SHA-256 in hexadecimal',
    ]);
  });

  it('exits 1 naming each problem from the command line', async () => {
    const copy = copyOfBackup('cli-verify');
    unlinkSync(join(copy, 'photos', photo.file));
    const run = await runEgide(['backup', 'verify', copy]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`egide: photos/${photo.file}: missing\n`);
    const sound = await runEgide(['backup', 'verify', backup]);
    expect(sound.code).toBe(0);
    expect(sound.stdout).toBe(`The backup ${backup} is sound.\n`);
  }, 30_000);
});

describe('egide restore', () => {
  it('restores into a new folder that then serves the objects and photos, and refuses a folder with anything in it', async () => {
    const target = join(root, 'restored');
    await restoreBackup(backup, target, ignoreProgress);
    expect(readdirSync(root).filter((name) => name.includes('.restoring-'))).toEqual([]);
    expect(readFileSync(join(target, 'photos', photo.file)).toString('base64')).toBe(readFileSync(join(t.dataDir, 'photos', photo.file)).toString('base64'));
    const restored = await createTestApp(target);
    try {
      const object = (await (await api(`/objects/${objectId}`, {}, restored.app)).json()) as { description: { title: { en: string } } };
      expect(object.description.title.en).toBe('Bowl');
      const thumbnail = await restored.app.request(`/media/photos/${photo.id}/thumbnail`, { headers: { Authorization: `Bearer ${token}` } });
      expect(thumbnail.status).toBe(200);
      expect(thumbnail.headers.get('Content-Type')).toBe('image/webp');
    } finally {
      await restored.close();
    }
    await expect(restoreBackup(backup, target, ignoreProgress)).rejects.toMatchObject({ kind: 'conflict', message: expect.stringContaining('is not empty') });
  });

  it('restores into an empty folder, and refuses one holding a single file', async () => {
    const empty = join(root, 'empty-target');
    mkdirSync(empty);
    await restoreBackup(backup, empty, ignoreProgress);
    expect(existsSync(join(empty, 'egide.sqlite'))).toBe(true);
    const used = join(root, 'used-target');
    mkdirSync(used);
    writeFileSync(join(used, 'notes.txt'), 'keep me');
    const refused = await restoreBackup(backup, used, ignoreProgress).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DomainError);
    expect(readdirSync(used)).toEqual(['notes.txt']);
  });

  it('refuses a backup that does not verify, leaving no target and no staging folder', async () => {
    const copy = copyOfBackup('unsound-for-restore');
    flipByte(join(copy, 'photos', photo.file), 100);
    const target = join(root, 'never-restored');
    await expect(restoreBackup(copy, target, ignoreProgress)).rejects.toMatchObject({ kind: 'invalid', message: expect.stringContaining(`photos/${photo.file}: its SHA-256 differs`) });
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(root).filter((name) => name.includes('.restoring-'))).toEqual([]);
  });
});
