import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomically, writingBytes } from '../util/atomic-file.js';

/** Written last: a backup folder without it is incomplete (a backup killed midway). */
export const MANIFEST_FILE = 'manifest.json';

const backupFile = z.object({
  /** Relative to the backup folder, with `/` separators. */
  path: z.string().min(1),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'not a SHA-256 in hexadecimal'),
});

const manifestSchema = z.object({
  format: z.literal('egide-backup'),
  egideVersion: z.string(),
  dialect: z.string().min(1),
  /** The last migration applied to the database copied. */
  migration: z.string(),
  createdAt: z.string(),
  /** The database's files (under `database/`), then the photos its rows refer to, each with its size and checksum. */
  files: z.array(backupFile),
  /** Files the database's rows refer to that were already missing from the data folder when the backup was taken. */
  missingAtBackup: z.array(z.string()),
  rowCounts: z.record(z.string(), z.number().int().nonnegative()),
});

export type BackupManifest = z.infer<typeof manifestSchema>;
export type BackupFile = z.infer<typeof backupFile>;

export async function writeManifest(folder: string, manifest: BackupManifest): Promise<void> {
  await writeFileAtomically(join(folder, MANIFEST_FILE), writingBytes(Buffer.from(JSON.stringify(manifest, null, 2) + '\n')), { durable: true });
}

/** The manifest, or what is wrong with it (each problem naming where). */
export async function readManifest(folder: string): Promise<{ manifest: BackupManifest } | { problems: string[] }> {
  let text: string;
  try {
    text = await readFile(join(folder, MANIFEST_FILE), 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return { problems: [`${MANIFEST_FILE}: ${missing ? 'missing (not a backup, or one that did not finish)' : (error as Error).message}`] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problems: [`${MANIFEST_FILE}: not JSON (${(error as Error).message})`] };
  }
  const parsed = manifestSchema.safeParse(json);
  if (parsed.success) return { manifest: parsed.data };
  return { problems: parsed.error.issues.map((issue) => `${MANIFEST_FILE}: ${issue.path.join('.') || '(top)'}: ${issue.message}`) };
}
