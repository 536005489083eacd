import { readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { EgideConfig } from '../config/config.js';
import type { DatabaseSnapshots } from '../db/backup/database-snapshot.js';
import { conflict, invalid } from '../errors.js';
import { copyHashed, digestOf, entriesOf, inside } from './backup-files.js';
import { type BackupFile, type BackupManifest, writeManifest } from './backup-manifest.js';
import { openPhotoStores } from '../registry/photos/photo-stores.js';
import { referencedFiles, referencedFileSource } from './referenced-files.js';

/** The database's files go under this folder of a backup; the photos keep their paths in the data folder. */
export const DATABASE_FOLDER = 'database';

export type BackupProgress = { stage: 'database' | 'files'; done: number; total: number };

const EGIDE_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * A consistent backup of a data folder in use: the database first (a snapshot that servers keep
 * writing past), then exactly the files that snapshot's rows refer to, read from the snapshot, not
 * from the live database. Photos added after the snapshot are not copied and none copied lacks its
 * row, so the backup restores to the registry as it was at the snapshot. The manifest comes last.
 */
export async function takeBackup(config: EgideConfig, out: string, snapshots: DatabaseSnapshots, progress: (state: BackupProgress) => void): Promise<BackupManifest> {
  await refuseUsedFolder(out);
  try {
    return await writeBackup(config, out, snapshots, progress);
  } catch (error) {
    // The folder was empty: what is in it now is this backup's, unfinished.
    await Promise.all((await entriesOf(out)).map((entry) => rm(join(out, entry), { recursive: true, force: true })));
    throw error;
  }
}

async function writeBackup(config: EgideConfig, out: string, snapshots: DatabaseSnapshots, progress: (state: BackupProgress) => void): Promise<BackupManifest> {
  const databaseFolder = join(out, DATABASE_FOLDER);
  await mkdir(databaseFolder, { recursive: true });
  const createdAt = new Date().toISOString();
  const taken = await snapshots.take(config, databaseFolder, (done, total) => progress({ stage: 'database', done, total }), (snapshot) =>
    Promise.all([referencedFiles(snapshot), snapshot.rowCounts(), snapshot.migration()]),
  );
  const [referenced, rowCounts, migration] = taken.read;

  const files: BackupFile[] = [];
  for (const name of taken.files) files.push({ path: `${DATABASE_FOLDER}/${name}`, ...(await digestOf(join(databaseFolder, name))) });
  const missingAtBackup: string[] = [];
  const source = referencedFileSource(openPhotoStores(config.photoStorage));
  for (const [index, path] of referenced.entries()) {
    const to = inside(out, path);
    if (!to) throw invalid(`A database row refers to a file outside the data folder: ${path}`);
    const from = await source(path);
    if (from) files.push({ path, ...(await copyHashed(from, to)) });
    else missingAtBackup.push(path);
    progress({ stage: 'files', done: index + 1, total: referenced.length });
  }
  const manifest: BackupManifest = { format: 'egide-backup', egideVersion: EGIDE_VERSION, dialect: snapshots.dialect, migration, createdAt, files, missingAtBackup, rowCounts };
  await writeManifest(out, manifest);
  return manifest;
}

async function refuseUsedFolder(out: string): Promise<void> {
  if ((await entriesOf(out)).length > 0) throw conflict(`The backup folder ${out} is not empty: give a new or empty folder.`);
}
