import { sql } from 'kysely';
import type { PreparedSearchEntry, SearchDocument, SearchIndexWriter } from '../search-store.js';
import { searchTokens } from '../../i18n/search-text.js';

/** Field weights as tsvector labels: ts_rank weighs them 10, 5, 2, 1 (see object-search.ts). */
const FIELDS = [
  ['title', 'A'],
  ['maker', 'B'],
  ['classification', 'C'],
  ['body', 'D'],
] as const;
/** tsvector's limits: positions above 16,383 are stored as 16,383, lexemes are at most 2,047 bytes. */
const LAST_POSITION = 16_383;
const LONGEST_LEXEME = 2_047;
/** Occurrences kept per word and field: ts_rank's gain from more is negligible (it saturates). */
const POSITIONS_KEPT = 16;

/**
 * The tsvector of a document, as its literal: the words of each field (`searchTokens`, as the
 * queries fold and split them) with their positions and weight label. Written here rather than by
 * `to_tsvector`, whose parser splits and folds differently (hyphens, decimals, e-mail addresses,
 * and unaccent's rules against Unicode decomposition): a word found on SQLite is found here.
 */
export function tsvectorLiteral(doc: SearchDocument): string {
  const positions = new Map<string, string[]>();
  let position = 0;
  for (const [field, label] of FIELDS) {
    for (const token of searchTokens(doc[field])) {
      position = Math.min(position + 1, LAST_POSITION);
      if (Buffer.byteLength(token) > LONGEST_LEXEME) continue;
      const list = positions.get(token) ?? [];
      if (list.length < POSITIONS_KEPT) list.push(`${position}${label}`);
      positions.set(token, list);
    }
  }
  // Tokens are letters and digits only: quoting needs no escapes.
  return [...positions].map(([token, list]) => `'${token}':${list.join(',')}`).join(' ');
}

/** Writes `object_search`, keyed by `objects.seq`, with the object's visibility columns; call inside the object's transaction. */
export const postgresSearchIndex: SearchIndexWriter = {
  async put(db, seq, doc) {
    await sql`
      insert into object_search (seq, organisation_id, published, reported, document)
      select seq, organisation_id, published, reported, ${tsvectorLiteral(doc)}::tsvector from objects where seq = ${seq}
      on conflict (seq) do update set document = excluded.document`.execute(db);
  },

  prepare: (doc) => tsvectorLiteral(doc) as unknown as PreparedSearchEntry,

  async insertMany(db, entries) {
    const ids = entries.map((entry) => entry.id);
    const documents = entries.map((entry) => entry.entry as unknown as string);
    for (let i = 0; i < entries.length; i += 1_000) {
      await sql`
        insert into object_search (seq, organisation_id, published, reported, document)
        select o.seq, o.organisation_id, o.published, o.reported, e.document::tsvector
        from unnest(${ids.slice(i, i + 1_000)}::text[], ${documents.slice(i, i + 1_000)}::text[]) as e(id, document)
        join objects o on o.id = e.id`.execute(db);
    }
  },

  /** Moves the GIN index's pending entries into the index, and refreshes the planner's statistics and the visibility map (index-only scans). */
  async optimize(db) {
    await sql`vacuum (analyze) object_search, search_terms, objects, object_materials, object_facet_counts`.execute(db);
  },
};
