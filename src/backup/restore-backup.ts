import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { snapshotsOf } from '../db/backup/snapshots.js';
import { conflict, invalid } from '../errors.js';
import { copyHashed, entriesOf, inside } from './backup-files.js';
import type { BackupManifest } from './backup-manifest.js';
import { DATABASE_FOLDER } from './take-backup.js';
import { verifyBackup } from './verify-backup.js';

/**
 * Restores a backup into a new or empty data folder: the backup is verified first, then written to
 * a staging folder beside the target, renamed into place once complete. A restore killed midway
 * leaves a `.<name>.restoring-…` folder beside it and no target, never half a data folder.
 */
export async function restoreBackup(folder: string, target: string, progress: (done: number, total: number) => void): Promise<BackupManifest> {
  await refuseUsedTarget(target);
  const { manifest, problems } = await verifyBackup(folder);
  if (!manifest || problems.length > 0) {
    throw invalid(`The backup ${folder} does not verify, nothing was restored:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  }
  const snapshots = snapshotsOf(manifest.dialect)!; // verified: a dialect this version restores
  const staging = join(dirname(target), `.${basename(target)}.restoring-${randomBytes(4).toString('hex')}`);
  await mkdir(staging, { recursive: true });
  try {
    await snapshots.restore(join(folder, DATABASE_FOLDER), staging);
    const files = manifest.files.filter((file) => !file.path.startsWith(`${DATABASE_FOLDER}/`));
    for (const [index, file] of files.entries()) {
      // Verified paths: inside both folders.
      const copied = await copyHashed(inside(folder, file.path)!, inside(staging, file.path)!);
      if (copied.sha256 !== file.sha256) throw invalid(`${file.path} changed in the backup while it was restored: nothing was restored.`);
      progress(index + 1, files.length);
    }
    // Checked again: someone may have started using the target meanwhile.
    await refuseUsedTarget(target);
    // Replaces the target if it is an empty folder.
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return manifest;
}

async function refuseUsedTarget(target: string): Promise<void> {
  const entries = await entriesOf(target);
  if (entries.length > 0) {
    const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? ', …' : '');
    throw conflict(`The data folder ${target} is not empty (${shown}): a backup is restored only into a new or empty folder, so that nothing there is lost.`);
  }
}
