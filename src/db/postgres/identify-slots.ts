import { sql } from 'kysely';
import type { Db } from '../database.js';

/**
 * The next identification slot will be `next` (see compactIdentifySlots in ../identify-slots.ts).
 * `alter sequence … restart` (the identity sequence of migrations/0001-schema.ts, whose minimum is
 * 0), not `setval()`: it is undone with the transaction if the compaction fails, where `setval()`
 * would stay, below slots still taken.
 */
export async function restartIdentifySlots(trx: Db, next: number): Promise<void> {
  await sql`alter sequence identify_images_seq_seq restart with ${sql.lit(next)}`.execute(trx);
}
