import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEgide } from '../test-support/cli.js';
import { startEgideServer, type EgideServer } from '../test-support/egide-server.js';
import { painting } from '../test-support/identify-images.js';
import { apiOf, createApiObjects, museumRegistrarToken, startWriteLoad } from '../test-support/write-load.js';
import { createTestApp } from '../test-support/test-app.js';
import { type BackupManifest, MANIFEST_FILE } from './backup-manifest.js';
import { verifyBackup } from './verify-backup.js';

/**
 * A backup taken by `egide backup` while a real server writes (object edits with If-Match, photo
 * uploads and their indexing), restored by `egide restore`: the restored folder is the backup's
 * snapshot, row for row and byte for byte, self-consistent (every photo row has its file, no file
 * lacks its row), and it serves.
 */
const OBJECTS = 4;

const dir = mkdtempSync(join(tmpdir(), 'egide-backup-under-load-'));
const dataDir = join(dir, 'data');
const backupDir = join(dir, 'backup');
const restoredDir = join(dir, 'restored');
let token: string;
let server: EgideServer;

const api = apiOf(() => server, () => token);

beforeAll(async () => {
  token = await museumRegistrarToken(dataDir, 'busy-museum', 'Busy museum');
  server = await startEgideServer(dataDir);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('egide backup while a server writes, then egide restore', () => {
  it('restores exactly the snapshot, with every photo its rows refer to, and the restored folder serves', async () => {
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

    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/^Backup written to .*: the database \(migration \d{4}-[\w-]+\) and \d+ photo files\.\n$/);
    expect(writesDuring).toBeGreaterThan(0);
    expect(failures).toEqual([]);
    expect(server.errors).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(backupDir, MANIFEST_FILE), 'utf8')) as BackupManifest;
    expect(manifest.missingAtBackup).toEqual([]);
    expect(await verifyBackup(backupDir)).toMatchObject({ problems: [] });

    const restore = await runEgide(['restore', backupDir, '--data', restoredDir]);
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);

    const snapshot = new SQLite(join(backupDir, 'database', 'egide.sqlite'), { readonly: true });
    const restored = new SQLite(join(restoredDir, 'egide.sqlite'), { readonly: true });
    const live = new SQLite(join(dataDir, 'egide.sqlite'), { readonly: true });
    try {
      // Every table, every row, as the snapshot holds it.
      for (const table of Object.keys(manifest.rowCounts)) {
        // In a stable order, whether the table has rowids or not.
        const rows = (db: SQLite.Database) => db.prepare(`select * from "${table}"`).raw().all().map((row) => JSON.stringify(row)).sort();
        expect(rows(restored), table).toEqual(rows(snapshot));
        expect(rows(snapshot).length, table).toBe(manifest.rowCounts[table]);
      }
      // The live database moved on: the snapshot is an earlier state of it, not a copy at the end.
      const historyRows = (db: SQLite.Database) => (db.prepare('select count(*) as n from object_history').get() as { n: number }).n;
      expect(historyRows(live)).toBeGreaterThan(historyRows(snapshot));

      // Every photo row of the snapshot has its original, byte for byte; no original lacks its row.
      const photos = snapshot.prepare('select file, sha256 from object_photos').all() as { file: string; sha256: string }[];
      expect(photos.length).toBeGreaterThan(0);
      for (const photo of photos) {
        const bytes = readFileSync(join(restoredDir, 'photos', photo.file));
        expect(bytes.equals(readFileSync(join(backupDir, 'photos', photo.file))), photo.file).toBe(true);
        expect(manifest.files.find((file) => file.path === `photos/${photo.file}`)?.sha256).toBe(photo.sha256);
      }
      const originals = readdirSync(join(restoredDir, 'photos'), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
      expect(originals).toHaveLength(photos.length);
    } finally {
      for (const db of [snapshot, restored, live]) db.close();
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
