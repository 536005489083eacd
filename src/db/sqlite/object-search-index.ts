import { sql } from 'kysely';
import type { Db } from '../database.js';

/** The text of one object as the full-text index holds it, each field already joined across languages. */
export interface SearchDocument {
  title: string;
  maker: string;
  classification: string;
  body: string;
}

/** Writes to the FTS5 index, keyed by `objects.seq`; call inside the transaction that writes the object. */
export const objectSearchIndex = {
  async put(db: Db, seq: number, doc: SearchDocument): Promise<void> {
    await sql`delete from objects_fts where rowid = ${seq}`.execute(db);
    await sql`insert into objects_fts (rowid, title, maker, classification, body)
              values (${seq}, ${doc.title}, ${doc.maker}, ${doc.classification}, ${doc.body})`.execute(db);
  },

  /** Indexes objects just inserted (nothing to replace), a few hundred per statement; for imports. */
  async insertMany(db: Db, entries: ReadonlyArray<{ seq: number; doc: SearchDocument }>): Promise<void> {
    for (let i = 0; i < entries.length; i += 500) {
      const values = entries
        .slice(i, i + 500)
        .map(({ seq, doc }) => sql`(${seq}, ${doc.title}, ${doc.maker}, ${doc.classification}, ${doc.body})`);
      await sql`insert into objects_fts (rowid, title, maker, classification, body) values ${sql.join(values)}`.execute(db);
    }
  },
};
