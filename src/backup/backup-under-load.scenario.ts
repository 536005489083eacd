import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { runEgide } from '../test-support/cli.js';
import { startEgideServer, type EgideServer } from '../test-support/egide-server.js';
import { painting } from '../test-support/identify-images.js';
import { createTestApp } from '../test-support/test-app.js';
import { emptyTestDatabaseEnv, testDatabaseEnv } from '../test-support/test-database.js';
import { apiOf, createApiObjects, museumRegistrarToken, startWriteLoad } from '../test-support/write-load.js';
import { type BackupManifest, MANIFEST_FILE } from './backup-manifest.js';
import { verifyBackup } from './verify-backup.js';

/**
 * A backup taken by `egide backup` while a real server writes (object edits with If-Match, photo
 * uploads and their indexing), restored by `egide restore` into a new folder (and, on PostgreSQL,
 * a new empty database): the restore holds the backup's snapshot, every row the manifest counts,
 * each object, photo and history row as the live database has it (an earlier state of it: rows
 * are only added after), every photo its rows refer to byte for byte and no other, and it serves.
 * Run on the test run's dialect (backup-under-load.test.ts) and on PostgreSQL always
 * (backup-under-load.postgres.test.ts).
 */
const OBJECTS = 4;

async function openTestDatabase(dataDir: string): Promise<DatabaseHandle> {
  const url = (await testDatabaseEnv(dataDir)).EGIDE_DATABASE_URL;
  return openDatabase(url === undefined ? { dataDir } : { url });
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export function backupUnderLoad(): void {
  let dir: string, dataDir: string, backupDir: string, restoredDir: string;
  let token: string;
  let server: EgideServer;
  const api = apiOf(() => server, () => token);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'egide-backup-under-load-'));
    [dataDir, backupDir, restoredDir] = ['data', 'backup', 'restored'].map((name) => join(dir, name)) as [string, string, string];
    token = await museumRegistrarToken(dataDir, 'busy-museum', 'Busy museum');
    server = await startEgideServer(dataDir);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('egide backup while a server writes, then egide restore', () => {
    it('restores exactly the snapshot, every object, photo and history row and photo file, and the restore serves', async () => {
      const load = startWriteLoad(api, await createApiObjects(api, OBJECTS, 'LOAD', (n) => `Object ${n}`), {
        uploadEvery: 3,
        photo: async (round) => sharp(await painting(round % 9)).resize({ width: 320 + round }).jpeg({ quality: 85 }).toBuffer(),
      });
      await load.waitForWrites(4);
      const writesBefore = load.acknowledged();
      const backup = await runEgide(['backup', '--out', backupDir, '--data', dataDir]);
      const writesDuring = load.acknowledged() - writesBefore;
      await load.waitForWrites(load.acknowledged() + 2);
      const { failures } = await load.stop();

      // Nothing but progress lines (a copy that lasts a few seconds on a busy machine says how far it got).
      expect(backup.stderr).toMatch(/^(backup: (database|photos) .*\n)*$/);
      expect(backup.code).toBe(0);
      expect(backup.stdout).toMatch(/^Backup written to .*: the database \(migration \d{4}-[\w-]+\) and \d+ photo files\.\n$/);
      expect(writesDuring).toBeGreaterThan(0);
      expect(failures).toEqual([]);
      expect(server.errors).toEqual([]);
      const manifest = JSON.parse(readFileSync(join(backupDir, MANIFEST_FILE), 'utf8')) as BackupManifest;
      expect(manifest.missingAtBackup).toEqual([]);
      expect(await verifyBackup(backupDir)).toMatchObject({ problems: [] });

      // Not into the live database, nor into a used data folder.
      const intoUsed = await runEgide(['restore', backupDir, '--data', dataDir]);
      expect(intoUsed.code).toBe(1);
      expect(intoUsed.stderr).toMatch(/^egide: The data folder .* is not empty/);

      await emptyTestDatabaseEnv(restoredDir);
      const restore = await runEgide(['restore', backupDir, '--data', restoredDir]);
      expect(restore.stderr).toMatch(/^(restore: files .*\n)*$/);
      expect(restore.code).toBe(0);

      const [restored, live] = [await openTestDatabase(restoredDir), await openTestDatabase(dataDir)];
      try {
        // Every table has the rows the manifest counted in the snapshot.
        for (const [table, rows] of Object.entries(manifest.rowCounts)) {
          const counted = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(restored.db);
          expect(Number(counted.rows[0]!.n), table).toBe(rows);
        }
        // Each history row, photo row and object as the live database has it: the snapshot is an
        // earlier state of it (history and photos are only added to, objects only edited after).
        const liveHistory = new Map((await live.db.selectFrom('object_history').selectAll().execute()).map((row) => [row.id, row]));
        const history = await restored.db.selectFrom('object_history').selectAll().execute();
        for (const row of history) expect(row).toEqual(liveHistory.get(row.id));
        expect(liveHistory.size).toBeGreaterThan(history.length);
        const livePhotos = new Map((await live.db.selectFrom('object_photos').selectAll().execute()).map((row) => [row.id, row]));
        const photos = await restored.db.selectFrom('object_photos').selectAll().execute();
        for (const row of photos) expect(row).toEqual(livePhotos.get(row.id));
        expect(photos.length).toBeGreaterThan(0);
        const liveObjects = new Map((await live.db.selectFrom('objects').selectAll().execute()).map((row) => [row.id, row]));
        const objects = await restored.db.selectFrom('objects').selectAll().execute();
        expect(objects.map((object) => object.id).sort()).toEqual([...liveObjects.keys()].sort());
        for (const object of objects) {
          const now = liveObjects.get(object.id)!;
          expect(object.version).toBeLessThanOrEqual(now.version);
          // A photo added after the snapshot marks the object changed (`updated_at`, `updated_by`) without a new version.
          if (object.version === now.version) {
            const { updated_at: snapshotAt, updated_by: _snapshotBy, ...described } = object;
            const { updated_at: liveAt, updated_by: _liveBy, ...liveDescribed } = now;
            expect(described).toEqual(liveDescribed);
            expect(snapshotAt <= liveAt).toBe(true);
          }
          // Each edit and its history row are one transaction: the snapshot has both or neither.
          const edits = history.filter((row) => row.object_seq === object.seq && row.action === 'updated').length;
          expect(edits, object.id).toBe(object.version - 1);
        }
        const photosInHistory = history.filter((row) => row.action === 'photo-added').map((row) => (JSON.parse(row.changes) as { photo: string }).photo);
        expect(photosInHistory.sort()).toEqual(photos.map((photo) => photo.id).sort());

        // Every photo row has its original, byte for byte; no original lacks its row.
        for (const photo of photos) {
          const bytes = readFileSync(join(restoredDir, 'photos', photo.file));
          expect(sha256(bytes), photo.file).toBe(photo.sha256);
          expect(bytes.equals(readFileSync(join(backupDir, 'photos', photo.file))), photo.file).toBe(true);
        }
        const originals = readdirSync(join(restoredDir, 'photos'), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
        expect(originals).toHaveLength(photos.length);
      } finally {
        await Promise.all([restored.close(), live.close()]);
      }

      const t = await createTestApp(restoredDir);
      try {
        const photo = await t.context.db.selectFrom('object_photos').innerJoin('objects', 'objects.seq', 'object_photos.object_seq').select(['object_photos.id', 'object_photos.file', 'objects.id as objectId']).executeTakeFirstOrThrow();
        const headers = { Authorization: `Bearer ${token}` };
        const object = await t.app.request(`/api/v1/objects/${photo.objectId}`, { headers });
        expect(object.status).toBe(200);
        const original = await t.app.request(`/media/photos/${photo.id}/original`, { headers });
        expect(original.status).toBe(200);
        expect(Buffer.from(await original.arrayBuffer()).equals(readFileSync(join(backupDir, 'photos', photo.file)))).toBe(true);
        expect((await t.app.request(`/media/photos/${photo.id}/thumbnail`, { headers })).status).toBe(200);
      } finally {
        await t.close();
      }
    }, 180_000);
  });
}
