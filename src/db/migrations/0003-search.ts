import type { Kysely } from 'kysely';
import { createSearchAggregates, dropSearchAggregates } from '../sqlite/registry-search-schema.js';

/** Search support: a covering index for matches, and facet counts kept up to date by triggers. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await createSearchAggregates(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropSearchAggregates(db);
}
