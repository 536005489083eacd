import type { Selectable } from 'kysely';
import type { Db } from '../db/database.js';
import type { ObservatoryDatasetTable } from '../db/schema.js';

export type DatasetRecord = Selectable<ObservatoryDatasetTable>;
export type DatasetListRow = Omit<DatasetRecord, 'rows'>;

/** Every read and write of the observatory's external datasets. */
export class ExternalDatasetRepository {
  constructor(private readonly db: Db) {}

  /** Every dataset without its rows, newest publication first. */
  list(): Promise<DatasetListRow[]> {
    return this.db
      .selectFrom('observatory_datasets')
      .select(['id', 'slug', 'metadata', 'shape', 'row_count', 'published_on', 'imported_at', 'imported_by'])
      .orderBy('published_on', 'desc')
      .orderBy('slug')
      .execute();
  }

  find(slug: string): Promise<DatasetRecord | undefined> {
    return this.db.selectFrom('observatory_datasets').selectAll().where('slug', '=', slug).executeTakeFirst();
  }

  /** Inserts the dataset, or replaces the one with its slug (a corrected edition of the same figures). */
  async save(row: Omit<DatasetRecord, 'id'>): Promise<void> {
    await this.db
      .insertInto('observatory_datasets')
      .values(row)
      .onConflict((oc) =>
        oc.column('slug').doUpdateSet({
          metadata: row.metadata,
          shape: row.shape,
          rows: row.rows,
          row_count: row.row_count,
          published_on: row.published_on,
          imported_at: row.imported_at,
          imported_by: row.imported_by,
        }),
      )
      .execute();
  }

  /** Whether a dataset was deleted. */
  async delete(slug: string): Promise<boolean> {
    const result = await this.db.deleteFrom('observatory_datasets').where('slug', '=', slug).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
