import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../db/database.js';
import type { LibraryItemTable } from '../db/schema.js';

export type LibraryItemRow = Selectable<LibraryItemTable> & { file_name: string | null; size: number | null };
export type LibraryItemValues = Omit<Insertable<LibraryItemTable>, 'id' | 'consent' | 'consent_by'>;

/** What a search narrows to; `words` are folded tokens (i18n/search-text.ts), each of which must begin a word of the item. */
export interface LibraryFilter {
  words: string[];
  kind?: string | undefined;
  country?: string | undefined;
  theme?: string | undefined;
  /** Leaves out case studies drawn from an object whose owner has not consented. */
  listedOnly: boolean;
  /** A registrar's view: only case studies drawn from this organisation's objects. */
  objectOrganisationId?: number | undefined;
}

/**
 * Every read and write of the resource library. The search is a LIKE per word over `search_text`
 * (folded words between spaces), on both engines. Measured on SQLite with 5,000 items of ~60 words
 * (bench/library-search.ts): p95 35–45 ms for words found, 110 ms for a word found nowhere (a full
 * scan): within a page's budget at the library's expected size; past tens of thousands of items, an
 * in-memory index like the Red Lists' would be the next step.
 */
export class LibraryRepository {
  constructor(private readonly db: Db) {}

  async search(filter: LibraryFilter, limit: number, offset: number): Promise<{ rows: LibraryItemRow[]; total: number }> {
    const base = this.filtered(filter);
    const [rows, count] = await Promise.all([
      base
        .leftJoin('library_documents as d', 'd.item_id', 'i.id')
        .selectAll('i')
        .select(['d.file_name', 'd.size'])
        .orderBy('i.published_on', 'desc')
        .orderBy('i.id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute(),
      base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  }

  private filtered(filter: LibraryFilter) {
    let query = this.db.selectFrom('library_items as i');
    for (const word of filter.words) query = query.where('i.search_text', 'like', `% ${word}%`);
    if (filter.kind) query = query.where('i.kind', '=', filter.kind);
    // JSON arrays of codes and keys: a quoted value matches that element only.
    if (filter.country) query = query.where('i.countries', 'like', `%"${filter.country}"%`);
    if (filter.theme) query = query.where('i.themes', 'like', `%"${filter.theme}"%`);
    if (filter.listedOnly) query = query.where((eb) => eb.or([eb('i.object_id', 'is', null), eb('i.consent', '=', 1)]));
    if (filter.objectOrganisationId !== undefined) query = query.where('i.object_organisation_id', '=', filter.objectOrganisationId);
    return query;
  }

  find(id: number): Promise<LibraryItemRow | undefined> {
    return this.db
      .selectFrom('library_items as i')
      .leftJoin('library_documents as d', 'd.item_id', 'i.id')
      .selectAll('i')
      .select(['d.file_name', 'd.size'])
      .where('i.id', '=', id)
      .executeTakeFirst();
  }

  async insert(values: LibraryItemValues): Promise<number> {
    const row = await this.db.insertInto('library_items').values(values).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  /** Replaces an item's fields; a change of the object it is drawn from withdraws the consent given. */
  async update(id: number, values: Omit<LibraryItemValues, 'created_at' | 'created_by'>, objectChanged: boolean): Promise<void> {
    await this.db
      .updateTable('library_items')
      .set({ ...values, ...(objectChanged && { consent: 0, consent_by: null }) })
      .where('id', '=', id)
      .execute();
  }

  async setConsent(id: number, consent: boolean, userId: number, now: string): Promise<void> {
    await this.db.updateTable('library_items').set({ consent: consent ? 1 : 0, consent_by: userId, updated_at: now }).where('id', '=', id).execute();
  }

  async delete(id: number): Promise<boolean> {
    const result = await this.db.deleteFrom('library_items').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async saveDocument(itemId: number, fileName: string, bytes: Buffer, now: string): Promise<void> {
    const values = { item_id: itemId, file_name: fileName, bytes, size: bytes.length, uploaded_at: now };
    await this.db
      .insertInto('library_documents')
      .values(values)
      .onConflict((oc) => oc.column('item_id').doUpdateSet({ file_name: fileName, bytes, size: bytes.length, uploaded_at: now }))
      .execute();
  }

  readDocument(itemId: number): Promise<{ file_name: string; bytes: Buffer } | undefined> {
    return this.db.selectFrom('library_documents').select(['file_name', 'bytes']).where('item_id', '=', itemId).executeTakeFirst();
  }
}
