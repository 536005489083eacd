import type { Db } from './database.js';
import { dialectOf } from './dialect-of.js';
import { restartIdentifySlots as restartPostgres } from './postgres/identify-slots.js';
import { restartIdentifySlots as restartSqlite } from './sqlite/identify-slots.js';

/**
 * Renumbers the identification index's slots (`identify_images.seq`) to 0…n−1 for n photos: each
 * photo at slot n or above moves, in order, to the lowest free slot below n (pigeonhole: there are
 * as many as movers), and the next photo indexed gets slot n. Slots grow otherwise, as re-indexing
 * gives a photo a new slot and deleting leaves a hole. Run it in a write transaction; returns how
 * many photos moved.
 */
export async function compactIdentifySlots(trx: Db): Promise<number> {
  const { count } = await trx.selectFrom('identify_images').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  const n = Number(count);
  const movers = await trx.selectFrom('identify_images').select('seq').where('seq', '>=', n).orderBy('seq').execute();
  if (movers.length > 0) {
    const kept = new Set((await trx.selectFrom('identify_images').select('seq').where('seq', '<', n).execute()).map((row) => row.seq));
    let hole = 0;
    for (const { seq } of movers) {
      while (kept.has(hole)) hole++;
      await trx.updateTable('identify_images').set({ seq: hole }).where('seq', '=', seq).execute();
      hole++;
    }
  }
  await (dialectOf(trx) === 'postgres' ? restartPostgres : restartSqlite)(trx, n);
  return movers.length;
}
