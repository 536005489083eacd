import { resolve } from 'node:path';
import type { Command } from 'commander';
import { restoreBackup } from '../../backup/restore-backup.js';
import { type BackupProgress, DATABASE_FOLDER, takeBackup } from '../../backup/take-backup.js';
import { verifyBackup } from '../../backup/verify-backup.js';
import { loadConfig } from '../../config/config.js';
import { configuredSnapshots } from '../../db/backup/snapshots.js';
import { invalid } from '../../errors.js';
import { withDataOption, type DataOptions } from '../data-options.js';

/** Progress lines on stderr at most this often (and at the end of each stage). */
const PROGRESS_INTERVAL_MS = 2000;

export function registerBackupCommands(program: Command): void {
  const backup = withDataOption(
    program
      .command('backup')
      .description('copy the database (a consistent snapshot, while servers keep writing) and the photos it refers to into a new folder, with a manifest of checksums')
      .option('--out <dir>', 'the folder to write the backup into (new or empty)'),
  ).action(async (options: DataOptions & { out?: string }) => {
    if (!options.out) throw invalid('Give the folder to write the backup into: egide backup --out DIR.');
    const out = resolve(options.out);
    const config = loadConfig({ data: options.data, logLevel: 'warn' });
    const snapshots = configuredSnapshots(config);
    const manifest = await takeBackup(config, out, snapshots, backupProgress(snapshots.progressUnit));
    for (const path of manifest.missingAtBackup) process.stderr.write(`egide: warning: ${path} is referred to by the database but was already missing from the data folder\n`);
    const photos = manifest.files.filter((file) => !file.path.startsWith(`${DATABASE_FOLDER}/`)).length;
    process.stdout.write(`Backup written to ${out}: the database (migration ${manifest.migration}) and ${photos.toLocaleString('en-US')} photo files.\n`);
  });

  backup
    .command('verify <dir>')
    .description('check a backup: every checksum, the database copy’s integrity and its row counts, the photos its rows refer to')
    .action(async (dir: string) => {
      const { problems } = await verifyBackup(resolve(dir));
      for (const problem of problems) process.stderr.write(`egide: ${problem}\n`);
      if (problems.length > 0) process.exit(1);
      process.stdout.write(`The backup ${resolve(dir)} is sound.\n`);
    });
}

export function registerRestoreCommand(program: Command): void {
  withDataOption(
    program
      .command('restore <dir>')
      .description('restore a verified backup into a new or empty data folder (--data), written aside then renamed into place, a PostgreSQL backup into an empty database, and the photos where the configuration keeps them (an S3 bucket: none of them there yet)')
      .option('--database-url <url>', 'the empty PostgreSQL database to restore a PostgreSQL backup into (default: $EGIDE_DATABASE_URL)'),
  ).action(async (dir: string, options: DataOptions & { databaseUrl?: string }) => {
    const env = options.databaseUrl === undefined ? process.env : { ...process.env, EGIDE_DATABASE_URL: options.databaseUrl };
    const { dataDir, databaseUrl, photoStorage } = loadConfig({ data: options.data, logLevel: 'warn' }, env);
    const manifest = await restoreBackup(resolve(dir), { dataDir, databaseUrl }, throttled((done, total) => `restore: files ${count(done)}/${count(total)}`), photoStorage);
    const database = databaseUrl === undefined ? '' : ` and ${new URL(databaseUrl).pathname.slice(1)} on ${new URL(databaseUrl).host}`;
    process.stdout.write(`Restored the backup of ${manifest.createdAt} into ${dataDir}${database}.\n`);
  });
}

function backupProgress(unit: string): (state: BackupProgress) => void {
  const database = throttled((done, total) => `backup: database ${Math.floor((done / total) * 100)}% (${count(done)} of ${count(total)} ${unit})`);
  const files = throttled((done, total) => `backup: photos ${count(done)}/${count(total)}`);
  return (state) => (state.stage === 'database' ? database : files)(state.done, state.total);
}

/** A progress line on stderr every few seconds, and the last one for copies that lasted (a short one prints none). */
function throttled(line: (done: number, total: number) => string): (done: number, total: number) => void {
  let shownAt = performance.now();
  let shown = false;
  return (done, total) => {
    const now = performance.now();
    if (done < total ? now - shownAt < PROGRESS_INTERVAL_MS : !shown) return;
    shownAt = now;
    shown = true;
    process.stderr.write(line(done, total) + '\n');
  };
}

const count = (n: number) => n.toLocaleString('en-US');
