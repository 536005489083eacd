import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EgideConfig } from '../config/config.js';
import type { DatabaseSnapshots, RestoreTarget } from '../db/backup/database-snapshot.js';
import { snapshotsOf } from '../db/backup/snapshots.js';
import { openDatabase } from '../db/database.js';
import { DomainError } from '../errors.js';
import { parsePhotoStorage } from '../config/photo-storage-settings.js';
import { FolderPhotoStore } from '../registry/photos/folder-photo-store.js';
import { S3PhotoStore } from '../registry/photos/s3-photo-store.js';
import { startS3Server } from '../test-support/s3-server.js';
import { PhotoStorage } from '../registry/photos/photo-storage.js';
import { runEgide } from '../test-support/cli.js';
import { jpeg, png } from '../test-support/photo-images.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { emptyTestDatabaseEnv, testDatabaseEnv, testDialect } from '../test-support/test-database.js';
import { type BackupManifest, MANIFEST_FILE } from './backup-manifest.js';
import { restoreBackup } from './restore-backup.js';
import { takeBackup } from './take-backup.js';
import { verifyBackup } from './verify-backup.js';

const root = mkdtempSync(join(tmpdir(), 'egide-backup-'));
const snapshots = snapshotsOf(testDialect())!;
/** The database's file in a backup. */
const DATABASE_FILE = testDialect() === 'sqlite' ? 'database/egide.sqlite' : 'database/egide.dump';
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
  const identifications = new PhotoStorage(new FolderPhotoStore(join(t.dataDir, 'identifications')));
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
  manifest = await takeBackup(t.context.config, backup, snapshots, ignoreProgress);
}, 60_000);

afterAll(async () => {
  await t.close();
  rmSync(root, { recursive: true, force: true });
});

async function api(path: string, init: RequestInit = {}, app = t.app): Promise<Response> {
  return app.request(`/api/v1${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, ...init.headers } });
}

/** A new data folder to restore into, with its empty database on PostgreSQL. */
async function restoreTarget(name: string): Promise<RestoreTarget> {
  const dataDir = join(root, name);
  return { dataDir, databaseUrl: (await emptyTestDatabaseEnv(dataDir)).EGIDE_DATABASE_URL };
}

/** A fresh copy of the backup, to damage. */
function copyOfBackup(name: string): string {
  const copy = join(root, name);
  cpSync(backup, copy, { recursive: true });
  return copy;
}

/** The key, in its store, of the backup's first file under `folder`. */
function manifestPath(folder: string): string {
  return manifest.files.find((file) => file.path.startsWith(folder))!.path.slice(folder.length);
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
        DATABASE_FILE,
        `photos/${photo.file}`,
        `identifications/display/${IDENTIFICATION.slice(0, 2)}/${IDENTIFICATION}.jpg`,
        `identifications/thumbnails/${IDENTIFICATION.slice(0, 2)}/${IDENTIFICATION}.webp`,
      ].sort(),
    );
    expect(manifest.files.find((file) => file.path === `photos/${photo.file}`)?.sha256).toBe(photo.sha256);
    expect(readFileSync(join(backup, 'photos', photo.file))).toEqual(readFileSync(join(t.dataDir, 'photos', photo.file)));
    expect(manifest).toMatchObject({ format: 'egide-backup', dialect: testDialect(), migration: expect.stringMatching(/^\d{4}-/), missingAtBackup: [] });
    expect(manifest.rowCounts).toMatchObject({ objects: 1, object_photos: 1, identifications: 1, partners: 21 });
    expect(JSON.parse(readFileSync(join(backup, MANIFEST_FILE), 'utf8'))).toEqual(manifest);
    expect(await verifyBackup(backup)).toEqual({ manifest, problems: [] });
  });

  it('refuses a folder that is not empty', async () => {
    await expect(takeBackup(t.context.config, backup, snapshots, ignoreProgress)).rejects.toMatchObject({ kind: 'conflict', message: expect.stringContaining('is not empty') });
  });

  it('copies the photos of the snapshot, not one added after it', async () => {
    let added = '';
    const addingAPhotoAfterTheSnapshot: DatabaseSnapshots = {
      ...snapshots,
      take: (config, folder, progress, read) =>
        snapshots.take(config, folder, progress, async (snapshot) => {
          const form = new FormData();
          form.set('photo', new Blob([new Uint8Array(await png())], { type: 'image/png' }), 'later.png');
          added = ((await (await api(`/objects/${objectId}/photos`, { method: 'POST', body: form })).json()) as { id: string }).id;
          return read(snapshot);
        }),
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
    const missing = new URL(t.context.config.databaseUrl ?? 'postgres://localhost/');
    missing.pathname = '/no_such_database';
    const config: EgideConfig = testDialect() === 'sqlite' ? { ...t.context.config, dataDir: join(root, 'no-data') } : { ...t.context.config, databaseUrl: missing.toString() };
    await expect(takeBackup(config, out, snapshots, ignoreProgress)).rejects.toMatchObject({ kind: 'not-found', message: expect.stringContaining('No database to back up') });
    expect(readdirSync(out)).toEqual([]);
  });

  it('records a referred photo already missing from the data folder, and the backup still verifies', async () => {
    const data = join(root, 'data-missing-photo');
    cpSync(t.dataDir, data, { recursive: true });
    unlinkSync(join(data, 'photos', photo.file));
    const config: EgideConfig = { ...t.context.config, dataDir: data, photoStorage: { kind: 'folder', photosDir: join(data, 'photos'), identificationsDir: join(data, 'identifications') } };
    const out = join(root, 'backup-missing-photo');
    const partial = await takeBackup(config, out, snapshots, ignoreProgress);
    expect(partial.missingAtBackup).toEqual([`photos/${photo.file}`]);
    expect((await verifyBackup(out)).problems).toEqual([]);
  });
});

describe('egide backup verify', () => {
  it('names a flipped byte in the database copy', async () => {
    const copy = copyOfBackup('flipped-database');
    const bytes = manifest.files.find((entry) => entry.path === DATABASE_FILE)!.bytes;
    flipByte(join(copy, DATABASE_FILE), Math.floor(bytes / 2));
    expect((await verifyBackup(copy)).problems).toContain(`${DATABASE_FILE}: its SHA-256 differs from the manifest's (corrupted)`);
  });

  it('names a truncated database copy and what its engine finds wrong', async () => {
    const copy = copyOfBackup('truncated-database');
    const file = join(copy, DATABASE_FILE);
    const bytes = manifest.files.find((entry) => entry.path === DATABASE_FILE)!.bytes;
    const half = Math.floor(bytes / 2);
    truncateSync(file, half);
    const { problems } = await verifyBackup(copy);
    expect(problems).toContain(`${DATABASE_FILE}: ${half} bytes, the manifest says ${bytes} (truncated or changed)`);
    expect(problems.some((problem) => /^database: (integrity check|cannot be read|cannot be opened)/.test(problem))).toBe(true);
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
  }, 60_000);
});

describe('egide restore', () => {
  it('restores into a new folder that then serves the objects and photos, and refuses a folder with anything in it', async () => {
    const target = await restoreTarget('restored');
    await restoreBackup(backup, target, ignoreProgress);
    expect(readdirSync(root).filter((name) => name.includes('.restoring-'))).toEqual([]);
    expect(readFileSync(join(target.dataDir, 'photos', photo.file)).toString('base64')).toBe(readFileSync(join(t.dataDir, 'photos', photo.file)).toString('base64'));
    const restored = await createTestApp(target.dataDir);
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
    const empty = await restoreTarget('empty-target');
    mkdirSync(empty.dataDir);
    await restoreBackup(backup, empty, ignoreProgress);
    const restored = await openDatabase(empty.databaseUrl === undefined ? { dataDir: empty.dataDir } : { url: empty.databaseUrl });
    try {
      expect(await restored.db.selectFrom('objects').select('id').execute()).toEqual([{ id: objectId }]);
    } finally {
      await restored.close();
    }
    const used = await restoreTarget('used-target');
    mkdirSync(used.dataDir);
    writeFileSync(join(used.dataDir, 'notes.txt'), 'keep me');
    const refused = await restoreBackup(backup, used, ignoreProgress).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DomainError);
    expect(readdirSync(used.dataDir)).toEqual(['notes.txt']);
  });

  it('refuses from the command line a database in use (--database-url), and a PostgreSQL database for an SQLite backup', async () => {
    const inUse = (await testDatabaseEnv(t.dataDir)).EGIDE_DATABASE_URL ?? 'postgres://127.0.0.1:1/egide';
    const target = join(root, 'cli-restore');
    const run = await runEgide(['restore', backup, '--data', target, '--database-url', inUse]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(testDialect() === 'sqlite' ? /^egide: This backup is of an SQLite database, which is restored into a data folder/ : /^egide: The database "egide_\w+" is not empty \(/);
    expect(existsSync(target)).toBe(false);
  }, 60_000);

  it('restores the photos into the S3 bucket the target keeps them in; refuses a bucket already holding one; removes what it wrote when it fails', async () => {
    const s3 = await startS3Server();
    // The SDK reads its credentials from the process's environment.
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: s3.env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: s3.env.AWS_SECRET_ACCESS_KEY });
    const inBucket = (target: RestoreTarget) => parsePhotoStorage((name) => s3.env[name], target.dataDir);
    const bucket = (prefix: string) => new S3PhotoStore({ bucket: s3.bucket, endpoint: s3.endpoint, region: 'us-east-1', prefix });
    const sha256 = (bytes: Buffer | undefined) => bytes && createHash('sha256').update(bytes).digest('hex');
    try {
      // A failure after the photos were written (the target was taken meanwhile) leaves none of them.
      const taken = await restoreTarget('s3-taken-meanwhile');
      const takeTarget = () => (mkdirSync(taken.dataDir, { recursive: true }), writeFileSync(join(taken.dataDir, 'notes.txt'), 'mine'));
      await expect(restoreBackup(backup, taken, (done, total) => done === total && takeTarget(), inBucket(taken))).rejects.toMatchObject({ kind: 'conflict' });
      expect(await bucket('photos/').stat(photo.file)).toBeUndefined();
      expect(await bucket('identifications/').stat(manifestPath('identifications/'))).toBeUndefined();

      const target = await restoreTarget('restored-into-s3');
      await restoreBackup(backup, target, ignoreProgress, inBucket(target));
      expect(existsSync(join(target.dataDir, 'photos'))).toBe(false);
      expect(sha256(await bucket('photos/').get(photo.file))).toBe(sha256(readFileSync(join(t.dataDir, 'photos', photo.file))));
      expect(await bucket('identifications/').stat(manifestPath('identifications/'))).toBeDefined();
      const restored = await createTestApp(target.dataDir, s3.env);
      try {
        const thumbnail = await restored.app.request(`/media/photos/${photo.id}/thumbnail`, { headers: { Authorization: `Bearer ${token}` } });
        expect(thumbnail.status).toBe(200);
      } finally {
        await restored.close();
      }

      const again = await restoreTarget('restored-into-s3-again');
      await expect(restoreBackup(backup, again, ignoreProgress, inBucket(again))).rejects.toMatchObject({ kind: 'conflict', message: expect.stringContaining('The photo storage already holds') });
      expect(existsSync(again.dataDir)).toBe(false);
      expect(sha256(await bucket('photos/').get(photo.file))).toBe(sha256(readFileSync(join(t.dataDir, 'photos', photo.file))));
    } finally {
      await s3.stop();
    }
  }, 60_000);

  it('refuses a backup that does not verify, leaving no target and no staging folder', async () => {
    const copy = copyOfBackup('unsound-for-restore');
    flipByte(join(copy, 'photos', photo.file), 100);
    const target = await restoreTarget('never-restored');
    await expect(restoreBackup(copy, target, ignoreProgress)).rejects.toMatchObject({ kind: 'invalid', message: expect.stringContaining(`photos/${photo.file}: its SHA-256 differs`) });
    expect(existsSync(target.dataDir)).toBe(false);
    expect(readdirSync(root).filter((name) => name.includes('.restoring-'))).toEqual([]);
  });
});
