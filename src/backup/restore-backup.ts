import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parsePhotoStorage, type PhotoStorageSettings } from '../config/photo-storage-settings.js';
import type { RestoreTarget } from '../db/backup/database-snapshot.js';
import { snapshotsOf } from '../db/backup/snapshots.js';
import { conflict, invalid } from '../errors.js';
import { copyHashed, entriesOf, inside } from './backup-files.js';
import type { BackupFile, BackupManifest } from './backup-manifest.js';
import { storedAt } from './referenced-files.js';
import type { PhotoStore } from '../registry/photos/photo-store.js';
import { openPhotoStores, type PhotoStores } from '../registry/photos/photo-stores.js';
import { DATABASE_FOLDER } from './take-backup.js';
import { verifyBackup } from './verify-backup.js';

/**
 * Restores a backup into a new or empty data folder (and, for a PostgreSQL backup, an empty
 * database): the backup is verified first, its files written to a staging folder beside the
 * target, then the database restored, then the staging folder renamed into place. A restore killed
 * midway leaves a `.<name>.restoring-…` folder beside it and no target, never half a data folder.
 *
 * Photos go where `photoStorage` keeps them (the target's configuration: by default the data
 * folder's own folders). Kept elsewhere (an S3 bucket, shared folders), they are written there
 * first, through the store, each checked against its checksum, so that no restored row lacks its
 * file; a store already holding any of them is refused before anything is written, and a restore
 * that fails removes those it wrote.
 */
export async function restoreBackup(
  folder: string,
  target: RestoreTarget,
  progress: (done: number, total: number) => void,
  photoStorage: PhotoStorageSettings = parsePhotoStorage(() => undefined, target.dataDir),
): Promise<BackupManifest> {
  await refuseUsedFolder(target.dataDir);
  const { manifest, problems } = await verifyBackup(folder);
  if (!manifest || problems.length > 0) {
    throw invalid(`The backup ${folder} does not verify, nothing was restored:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  }
  const snapshots = snapshotsOf(manifest.dialect)!; // verified: a dialect this version restores
  await snapshots.refuseUnfitTarget(target);
  const files = manifest.files.filter((file) => !file.path.startsWith(`${DATABASE_FOLDER}/`));
  const stores = keptInDataFolder(photoStorage, target.dataDir) ? undefined : openPhotoStores(photoStorage);
  if (stores) await refuseStoredFiles(stores, files);
  const staging = join(dirname(target.dataDir), `.${basename(target.dataDir)}.restoring-${randomBytes(4).toString('hex')}`);
  await mkdir(staging, { recursive: true });
  const written: Array<{ store: PhotoStore; key: string }> = [];
  try {
    for (const [index, file] of files.entries()) {
      // Verified paths: inside both folders.
      const from = inside(folder, file.path)!;
      if (stores) {
        const bytes = await readFile(from);
        if (createHash('sha256').update(bytes).digest('hex') !== file.sha256) throw changedWhileRestored(file.path);
        const stored = storedAt(stores, file.path);
        written.push(stored);
        await stored.store.put(stored.key, bytes);
      } else if ((await copyHashed(from, inside(staging, file.path)!)).sha256 !== file.sha256) throw changedWhileRestored(file.path);
      progress(index + 1, files.length);
    }
    // Checked again: someone may have started using the target meanwhile.
    await refuseUsedFolder(target.dataDir);
    await snapshots.restore(join(folder, DATABASE_FOLDER), { ...target, dataDir: staging });
    // Replaces the target if it is an empty folder.
    await rename(staging, target.dataDir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    await Promise.all(written.map(({ store, key }) => store.delete(key)));
    throw error;
  }
  return manifest;
}

const changedWhileRestored = (path: string) => invalid(`${path} changed in the backup while it was restored: nothing was restored.`);

/** Whether the photos are kept in the data folder's own `photos` and `identifications` folders (restored with it, in its staging folder). */
function keptInDataFolder(settings: PhotoStorageSettings, dataDir: string): boolean {
  return settings.kind === 'folder' && settings.photosDir === resolve(dataDir, 'photos') && settings.identificationsDir === resolve(dataDir, 'identifications');
}

async function refuseStoredFiles(stores: PhotoStores, files: readonly BackupFile[]): Promise<void> {
  for (const file of files) {
    const { store, key } = storedAt(stores, file.path);
    if (await store.stat(key)) {
      throw conflict(`The photo storage already holds ${file.path}: a backup's photos are restored only where none of them is, so that nothing there is overwritten. Nothing was restored.`);
    }
  }
}

async function refuseUsedFolder(target: string): Promise<void> {
  const entries = await entriesOf(target);
  if (entries.length > 0) {
    const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? ', …' : '');
    throw conflict(`The data folder ${target} is not empty (${shown}): a backup is restored only into a new or empty folder, so that nothing there is lost.`);
  }
}
