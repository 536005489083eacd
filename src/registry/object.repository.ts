import type { Principal } from '../accounts/roles.js';
import type { Db } from '../db/database.js';
import { groupBy } from '../util/group-by.js';
import type { IncidentRow, ObjectHistoryRow, ObjectPhotoRow, ObjectRow, ObjectTable } from '../db/schema.js';
import type { Insertable, Updateable } from 'kysely';
import { visibleTo } from './visibility.js';

export type NewObjectRow = Insertable<ObjectTable>;
export type ObjectColumns = Omit<Updateable<ObjectTable>, 'seq' | 'id' | 'version' | 'created_at' | 'created_by'>;

/** Inventory lists narrowed to the numbers a registrar has to fix. */
export const INVENTORY_NUMBER_FILTERS = ['missing', 'shared'] as const;
export type InventoryNumberFilter = (typeof INVENTORY_NUMBER_FILTERS)[number];

export interface ObjectWithOrganisation extends ObjectRow {
  organisation_slug: string;
  organisation_name: string;
}

export interface HistoryEntry {
  objectSeq: number;
  userId: number | null;
  actor: string;
  action: string;
  reason?: string | null | undefined;
  changes?: Record<string, unknown> | undefined;
}

/** Every read and write of registry objects, their materials, incidents and history. */
export class ObjectRepository {
  constructor(private readonly db: Db) {}

  /** The object with this public id, if `principal` may see it. */
  findVisible(id: string, principal: Principal | null, db: Db = this.db): Promise<ObjectWithOrganisation | undefined> {
    return db
      .selectFrom('objects')
      .innerJoin('organisations', 'organisations.id', 'objects.organisation_id')
      .selectAll('objects')
      .select(['organisations.slug as organisation_slug', 'organisations.name as organisation_name'])
      .where('objects.id', '=', id)
      .where(visibleTo(principal))
      .executeTakeFirst();
  }

  findByInventoryNumber(organisationId: number, inventoryNumber: string, db: Db = this.db): Promise<ObjectRow | undefined> {
    return db
      .selectFrom('objects')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('inventory_number', '=', inventoryNumber)
      .executeTakeFirst();
  }

  /** The organisation's objects with these inventory numbers, by inventory number (several share some). */
  async findByInventoryNumbers(organisationId: number, inventoryNumbers: readonly string[], db: Db = this.db): Promise<Map<string, ObjectRow[]>> {
    const found = new Map<string, ObjectRow[]>();
    for (const chunk of chunks([...new Set(inventoryNumbers)], 500)) {
      const rows = await db.selectFrom('objects').selectAll().where('organisation_id', '=', organisationId).where('inventory_number', 'in', chunk).orderBy('seq').execute();
      for (const row of rows) found.set(row.inventory_number!, [...(found.get(row.inventory_number!) ?? []), row]);
    }
    return found;
  }

  /** The organisation's objects with neither inventory number nor source id, with these titles, by title. */
  async findUnnumberedByTitles(organisationId: number, titles: readonly string[], db: Db = this.db): Promise<Map<string, ObjectRow[]>> {
    const found = new Map<string, ObjectRow[]>();
    for (const chunk of chunks([...new Set(titles)], 500)) {
      const rows = await db
        .selectFrom('objects')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('inventory_number', 'is', null)
        .where('source_id', 'is', null)
        .where('title', 'in', chunk)
        .orderBy('seq')
        .execute();
      for (const row of rows) found.set(row.title, [...(found.get(row.title) ?? []), row]);
    }
    return found;
  }

  /** The organisation's other objects with this inventory number (public id and title), oldest first. */
  othersWithNumber(organisationId: number, inventoryNumber: string, exceptSeq: number, db: Db = this.db): Promise<Array<{ id: string; title: string }>> {
    return db
      .selectFrom('objects')
      .select(['id', 'title'])
      .where('organisation_id', '=', organisationId)
      .where('inventory_number', '=', inventoryNumber)
      .where('seq', '<>', exceptSeq)
      .orderBy('seq')
      .execute();
  }

  /** The organisation's objects imported from records with these source ids, by source id. */
  async findBySourceIds(organisationId: number, sourceIds: readonly string[], db: Db = this.db): Promise<Map<string, ObjectRow>> {
    const found = new Map<string, ObjectRow>();
    for (const chunk of chunks([...new Set(sourceIds)], 500)) {
      const rows = await db.selectFrom('objects').selectAll().where('organisation_id', '=', organisationId).where('source_id', 'in', chunk).execute();
      for (const row of rows) found.set(row.source_id!, row);
    }
    return found;
  }

  /**
   * Inserts many objects and their materials in a few statements (imports); returns their seqs in
   * the order given (rows are told apart by their public id).
   */
  async insertMany(entries: ReadonlyArray<{ row: NewObjectRow; materials: string[] }>, db: Db): Promise<number[]> {
    const seqs = new Map<string, number>();
    const columns = Object.keys(entries[0]?.row ?? {}).length || 1;
    for (const chunk of chunks(entries, Math.floor(MAX_VARIABLES / columns))) {
      const inserted = await db
        .insertInto('objects')
        .values(chunk.map((entry) => entry.row))
        .returning(['seq', 'id'])
        .execute();
      for (const row of inserted) seqs.set(row.id, row.seq);
    }
    const result = entries.map((entry) => {
      const seq = seqs.get(entry.row.id);
      if (seq === undefined) throw new Error(`Object ${entry.row.id} was not inserted.`);
      return seq;
    });
    const materials = entries.flatMap((entry, i) => [...new Set(entry.materials)].map((material) => ({ object_seq: result[i]!, material })));
    for (const chunk of chunks(materials, Math.floor(MAX_VARIABLES / 2))) await db.insertInto('object_materials').values(chunk).execute();
    return result;
  }

  async insert(row: NewObjectRow, materials: string[], db: Db): Promise<number> {
    const { seq } = await db.insertInto('objects').values(row).returning('seq').executeTakeFirstOrThrow();
    await this.writeMaterials(seq, materials, db);
    return seq;
  }

  /** Applies `columns` only if the stored version is still `expectedVersion`; returns false otherwise. */
  async update(seq: number, expectedVersion: number, columns: ObjectColumns, materials: string[] | null, db: Db): Promise<boolean> {
    const result = await db
      .updateTable('objects')
      .set((eb) => ({ ...columns, version: eb('version', '+', 1) }))
      .where('seq', '=', seq)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) return false;
    if (materials) {
      await db.deleteFrom('object_materials').where('object_seq', '=', seq).execute();
      await this.writeMaterials(seq, materials, db);
    }
    return true;
  }

  /**
   * Marks the object as changed (photos added) without a new version: `updated_at` feeds harvests
   * and "newest" lists, while the version only guards the description against concurrent edits.
   */
  async touch(seq: number, userId: number | null, db: Db): Promise<void> {
    await db.updateTable('objects').set({ updated_at: new Date().toISOString(), updated_by: userId }).where('seq', '=', seq).execute();
  }

  async addHistory(entry: HistoryEntry, db: Db): Promise<void> {
    await db
      .insertInto('object_history')
      .values({
        object_seq: entry.objectSeq,
        at: new Date().toISOString(),
        user_id: entry.userId,
        actor: entry.actor,
        action: entry.action,
        reason: entry.reason ?? null,
        changes: JSON.stringify(entry.changes ?? {}),
      })
      .execute();
  }

  /** Many history entries in a few statements (imports), all at the same time. */
  async addHistoryMany(entries: readonly HistoryEntry[], db: Db): Promise<void> {
    const at = new Date().toISOString();
    const rows = entries.map((entry) => ({
      object_seq: entry.objectSeq,
      at,
      user_id: entry.userId,
      actor: entry.actor,
      action: entry.action,
      reason: entry.reason ?? null,
      changes: JSON.stringify(entry.changes ?? {}),
    }));
    for (const chunk of chunks(rows, Math.floor(MAX_VARIABLES / 7))) await db.insertInto('object_history').values(chunk).execute();
  }

  history(objectSeq: number): Promise<ObjectHistoryRow[]> {
    return this.db.selectFrom('object_history').selectAll().where('object_seq', '=', objectSeq).orderBy('id', 'desc').execute();
  }

  async insertIncident(row: IncidentRow, db: Db): Promise<void> {
    await db.insertInto('incidents').values(row).execute();
  }

  async incidents(objectSeq: number): Promise<IncidentRow[]> {
    return (await this.incidentsOf([objectSeq])).get(objectSeq) ?? [];
  }

  /** The incidents of several objects at once (for lists), newest report first. */
  async incidentsOf(objectSeqs: readonly number[]): Promise<Map<number, IncidentRow[]>> {
    if (objectSeqs.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('incidents')
      .selectAll()
      .where('object_seq', 'in', objectSeqs)
      .orderBy('reported_on', 'desc')
      .orderBy('created_at', 'desc')
      .execute();
    return groupBy(rows, (row) => row.object_seq);
  }

  async photos(objectSeq: number): Promise<ObjectPhotoRow[]> {
    return (await this.photosOf([objectSeq])).get(objectSeq) ?? [];
  }

  /** The photos of several objects at once (for lists), in their order. */
  async photosOf(objectSeqs: readonly number[]): Promise<Map<number, ObjectPhotoRow[]>> {
    if (objectSeqs.length === 0) return new Map();
    const rows = await this.db.selectFrom('object_photos').selectAll().where('object_seq', 'in', objectSeqs).orderBy('position').execute();
    return groupBy(rows, (row) => row.object_seq);
  }

  async hasPublishedIncident(objectSeq: number, db: Db): Promise<boolean> {
    const row = await db.selectFrom('incidents').select('id').where('object_seq', '=', objectSeq).where('publish', '=', 1).executeTakeFirst();
    return row !== undefined;
  }

  /** One page of the objects `principal` sees, optionally limited to statuses or an organisation, newest first. */
  async page(
    principal: Principal | null,
    options: {
      organisationId?: number | undefined;
      statuses?: readonly string[] | undefined;
      publishedOnly?: boolean;
      /** Only objects without an inventory number, or sharing theirs with another object of their organisation. */
      numbers?: InventoryNumberFilter | undefined;
      limit: number;
      offset: number;
    },
  ): Promise<{ rows: ObjectWithOrganisation[]; total: number }> {
    let query = this.db
      .selectFrom('objects')
      .innerJoin('organisations', 'organisations.id', 'objects.organisation_id')
      .where(visibleTo(principal));
    if (options.organisationId !== undefined) query = query.where('objects.organisation_id', '=', options.organisationId);
    if (options.statuses?.length) query = query.where('objects.status', 'in', options.statuses);
    if (options.publishedOnly) query = query.where('objects.published', '=', 1);
    if (options.numbers === 'missing') query = query.where('objects.inventory_number', 'is', null);
    if (options.numbers === 'shared') {
      query = query.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('objects as other')
            .select('other.seq')
            .whereRef('other.organisation_id', '=', 'objects.organisation_id')
            .whereRef('other.inventory_number', '=', 'objects.inventory_number')
            .whereRef('other.seq', '<>', 'objects.seq'),
        ),
      );
    }
    const [rows, count] = await Promise.all([
      query
        .selectAll('objects')
        .select(['organisations.slug as organisation_slug', 'organisations.name as organisation_name'])
        // Objects sharing a number side by side.
        .$if(options.numbers === 'shared', (listed) => listed.orderBy('objects.organisation_id').orderBy('objects.inventory_number'))
        .orderBy('objects.updated_at', 'desc')
        .orderBy('objects.seq', 'desc')
        .limit(options.limit)
        .offset(options.offset)
        .execute(),
      query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.total) };
  }

  private async writeMaterials(seq: number, materials: string[], db: Db): Promise<void> {
    const unique = [...new Set(materials)];
    if (unique.length > 0) await db.insertInto('object_materials').values(unique.map((material) => ({ object_seq: seq, material }))).execute();
  }
}

/** Bound parameters per statement: well under SQLite's limit (32,766). */
const MAX_VARIABLES = 30_000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
