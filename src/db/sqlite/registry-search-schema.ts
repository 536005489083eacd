import { sql, type Kysely } from 'kysely';

/**
 * SQLite-only parts of the registry schema:
 * - `objects_fts`, a contentless FTS5 index keyed by `objects.seq`. Tokens are folded (case and
 *   diacritics: "eveque" finds "Évêque") and prefix indexes make "eve*" cheap.
 * - triggers that make `object_history` append-only, whatever code writes to it.
 */
export async function createRegistrySearchIndex(db: Kysely<unknown>): Promise<void> {
  await sql`
    create virtual table objects_fts using fts5(
      title, maker, classification, body,
      content = '', contentless_delete = 1,
      tokenize = 'unicode61 remove_diacritics 2',
      prefix = '2 3 4'
    )`.execute(db);
  await sql`create virtual table objects_fts_vocab using fts5vocab(objects_fts, 'row')`.execute(db);
  await sql`
    create trigger object_history_no_update before update on object_history
    begin select raise(abort, 'object_history is append-only'); end`.execute(db);
  await sql`
    create trigger object_history_no_delete before delete on object_history
    begin select raise(abort, 'object_history is append-only'); end`.execute(db);
}
