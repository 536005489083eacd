import { sql } from 'kysely';
import type { Db } from '../database.js';

/** WAL pages between automatic checkpoints during bulk writes: about 64 MB (SQLite's default is 1,000 pages, 4 MB). */
const BULK_CHECKPOINT_PAGES = 16_384;

/**
 * Runs `work` with the write-ahead log checkpointed less often, for imports: each checkpoint syncs
 * the disk, and with the default spacing a bulk import spends much of its time there. Consistency
 * and durability are unchanged (every transaction is still in the WAL); the setting belongs to this
 * connection and is restored afterwards.
 */
export async function withBulkWrites<T>(db: Db, work: () => Promise<T>): Promise<T> {
  const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db);
  const before = Number(rows[0]?.wal_autocheckpoint ?? 1000);
  await sql.raw(`pragma wal_autocheckpoint = ${BULK_CHECKPOINT_PAGES}`).execute(db);
  try {
    return await work();
  } finally {
    await sql.raw(`pragma wal_autocheckpoint = ${Number.isInteger(before) ? before : 1000}`).execute(db);
  }
}
