import { join } from 'node:path';
import { snapshotsOf } from '../db/backup/snapshots.js';
import { digestOf, filesUnder, inside } from './backup-files.js';
import { type BackupManifest, MANIFEST_FILE, readManifest } from './backup-manifest.js';
import { referencedFiles } from './referenced-files.js';
import { DATABASE_FOLDER } from './take-backup.js';

export interface Verification {
  manifest: BackupManifest | undefined;
  /** Each problem found, naming the file, table or manifest field; none when the backup is sound. */
  problems: string[];
}

/**
 * Checks a backup as a restore would need it: every file's size and SHA-256 against the manifest,
 * no file unaccounted for, the database copy sound by its engine's own check, its row counts those
 * of the manifest, and every file its rows refer to present.
 */
export async function verifyBackup(folder: string): Promise<Verification> {
  const read = await readManifest(folder);
  if ('problems' in read) return { manifest: undefined, problems: read.problems };
  const { manifest } = read;
  const problems = [...(await fileProblems(folder, manifest)), ...(await databaseProblems(folder, manifest))];
  return { manifest, problems };
}

async function fileProblems(folder: string, manifest: BackupManifest): Promise<string[]> {
  const problems: string[] = [];
  for (const file of manifest.files) {
    const path = inside(folder, file.path);
    if (!path) {
      problems.push(`${file.path}: outside the backup folder (${MANIFEST_FILE} edited?)`);
      continue;
    }
    const found = await digestOf(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (!found) problems.push(`${file.path}: missing`);
    else if (found.bytes !== file.bytes) problems.push(`${file.path}: ${found.bytes} bytes, the manifest says ${file.bytes} (truncated or changed)`);
    else if (found.sha256 !== file.sha256) problems.push(`${file.path}: its SHA-256 differs from the manifest's (corrupted)`);
  }
  const listed = new Set([MANIFEST_FILE, ...manifest.files.map((file) => file.path)]);
  for (const path of await filesUnder(folder)) if (!listed.has(path)) problems.push(`${path}: not in the manifest`);
  return problems;
}

async function databaseProblems(folder: string, manifest: BackupManifest): Promise<string[]> {
  const snapshots = snapshotsOf(manifest.dialect);
  if (!snapshots) return [`${MANIFEST_FILE}: dialect: "${manifest.dialect}" is not one this version of Egide restores`];
  let copy;
  try {
    copy = await snapshots.open(join(folder, DATABASE_FOLDER));
  } catch (error) {
    return [`database: cannot be opened (${(error as Error).message})`];
  }
  const problems: string[] = [];
  try {
    problems.push(...(await copy.integrityProblems()).map((line) => `database: integrity check: ${line}`));
    const counts = await copy.rowCounts();
    for (const table of new Set([...Object.keys(manifest.rowCounts), ...Object.keys(counts)])) {
      const [expected, found] = [manifest.rowCounts[table], counts[table]];
      if (expected !== found) problems.push(`database: table ${table}: ${found === undefined ? 'missing' : `${found} rows`}, the manifest says ${expected === undefined ? 'nothing of it' : `${expected} rows`}`);
    }
    const inBackup = new Set([...manifest.files.map((file) => file.path), ...manifest.missingAtBackup]);
    for (const path of await referencedFiles(copy)) if (!inBackup.has(path)) problems.push(`${path}: referred to by the database, not in the backup`);
  } catch (error) {
    problems.push(`database: cannot be read (${(error as Error).message})`);
  } finally {
    await copy.close();
  }
  return problems;
}
