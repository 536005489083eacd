import { sql } from 'kysely';
import type { Db } from '../database.js';

/**
 * The next identification slot will be `next` (see compactIdentifySlots in ../identify-slots.ts).
 * AUTOINCREMENT hands out one more than the highest slot it ever gave: that is lowered to next − 1.
 * Moving a row rewrites it (its slot is its rowid).
 */
export async function restartIdentifySlots(trx: Db, next: number): Promise<void> {
  await sql`update sqlite_sequence set seq = ${next - 1} where name = 'identify_images'`.execute(trx);
}
