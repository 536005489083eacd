import type { ObjectSearchStore, SearchIndexWriter, SearchLimits } from './search-store.js';
import type { Db, DialectName } from './database.js';
import { dialectOf } from './dialect-of.js';
import { createPostgresObjectSearch } from './postgres/object-search.js';
import { postgresSearchIndex } from './postgres/object-search-index.js';
import { createSqliteObjectSearch } from './sqlite/object-search.js';
import { sqliteSearchIndex } from './sqlite/object-search-index.js';

/** The search store of `db`'s engine (FTS5 on SQLite, tsvector on PostgreSQL). */
export function createSearchStore(db: Db, limits: SearchLimits, dialect: DialectName = dialectOf(db)): ObjectSearchStore {
  return dialect === 'postgres' ? createPostgresObjectSearch(db, limits) : createSqliteObjectSearch(db, limits);
}

/** The full-text index writer of `db`'s engine (`db` may be a transaction). */
export function searchIndexOf(db: Db, dialect: DialectName = dialectOf(db)): SearchIndexWriter {
  return dialect === 'postgres' ? postgresSearchIndex : sqliteSearchIndex;
}
