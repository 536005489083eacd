import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { RestoreTarget } from '../db/backup/database-snapshot.js';
import { snapshotsOf } from '../db/backup/snapshots.js';
import { conflict, invalid } from '../errors.js';
import { copyHashed, entriesOf, inside } from './backup-files.js';
import type { BackupManifest } from './backup-manifest.js';
import { DATABASE_FOLDER } from './take-backup.js';
import { verifyBackup } from './verify-backup.js';

/**
 * Restores a backup into a new or empty data folder (and, for a PostgreSQL backup, an empty
 * database): the backup is verified first, its files written to a staging folder beside the
 * target, then the database restored, then the staging folder renamed into place. A restore killed
 * midway leaves a `.<name>.restoring-…` folder beside it and no target, never half a data folder.
 */
export async function restoreBackup(folder: string, target: RestoreTarget, progress: (done: number, total: number) => void): Promise<BackupManifest> {
  await refuseUsedFolder(target.dataDir);
  const { manifest, problems } = await verifyBackup(folder);
  if (!manifest || problems.length > 0) {
    throw invalid(`The backup ${folder} does not verify, nothing was restored:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  }
  const snapshots = snapshotsOf(manifest.dialect)!; // verified: a dialect this version restores
  await snapshots.refuseUnfitTarget(target);
  const staging = join(dirname(target.dataDir), `.${basename(target.dataDir)}.restoring-${randomBytes(4).toString('hex')}`);
  await mkdir(staging, { recursive: true });
  try {
    const files = manifest.files.filter((file) => !file.path.startsWith(`${DATABASE_FOLDER}/`));
    for (const [index, file] of files.entries()) {
      // Verified paths: inside both folders.
      const copied = await copyHashed(inside(folder, file.path)!, inside(staging, file.path)!);
      if (copied.sha256 !== file.sha256) throw invalid(`${file.path} changed in the backup while it was restored: nothing was restored.`);
      progress(index + 1, files.length);
    }
    // Checked again: someone may have started using the target meanwhile.
    await refuseUsedFolder(target.dataDir);
    await snapshots.restore(join(folder, DATABASE_FOLDER), { ...target, dataDir: staging });
    // Replaces the target if it is an empty folder.
    await rename(staging, target.dataDir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return manifest;
}

async function refuseUsedFolder(target: string): Promise<void> {
  const entries = await entriesOf(target);
  if (entries.length > 0) {
    const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? ', …' : '');
    throw conflict(`The data folder ${target} is not empty (${shown}): a backup is restored only into a new or empty folder, so that nothing there is lost.`);
  }
}
