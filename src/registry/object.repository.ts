import type { Principal } from '../roles.js';
import { inLists, insertChunks } from '../db/chunks.js';
import type { Db } from '../db/database.js';
import type { BulkWrites } from '../db/bulk-writes.js';
import type { PreparedSearchEntry, SearchIndexWriter } from '../db/search-store.js';
import { allFinished, statementsSent } from '../db/statements-sent.js';
import { groupBy } from '../util/group-by.js';
import type { IncidentRow, ObjectHistoryRow, ObjectPhotoRow, ObjectRow } from '../db/schema.js';
import { derivedColumns, materialKeys, searchDocument, type DerivedColumns } from './derived-columns.js';
import type { ObjectDescription } from './object-record.js';
import type { SensitiveFields } from './object.schemas.js';
import { visibleTo } from './visibility.js';

/** A new object as the registry hands it over; the repository derives its columns, materials and index entry. */
export interface NewObject {
  id: string;
  organisationId: number;
  sourceId?: string | null | undefined;
  description: ObjectDescription;
  sensitive: SensitiveFields;
  userId: number;
  /** When it was created (ISO). */
  at: string;
  /** Its rows made ahead from `description` (ObjectRepository.prepare); made on insert when absent. */
  prepared?: PreparedObjectRows | undefined;
}

/** What a new object's description gives its rows: columns, material keys, index entry. */
export interface PreparedObjectRows {
  columns: DerivedColumns;
  materials: string[];
  searchEntry: PreparedSearchEntry;
}

/** What an update changes; fields left out stay as they are. */
export interface ObjectChange {
  description?: ObjectDescription;
  sensitive?: SensitiveFields;
  sourceId?: string;
  status?: string;
  published?: boolean;
  reported?: boolean;
  userId: number;
  at: string;
}

/** A reported theft or loss; `publish`: the owner consents to the public alert list. */
export type NewIncident = Omit<IncidentRow, 'publish'> & { publish: boolean };

/** Inventory lists narrowed to the numbers a registrar has to fix. */
export const INVENTORY_NUMBER_FILTERS = ['missing', 'shared'] as const;
export type InventoryNumberFilter = (typeof INVENTORY_NUMBER_FILTERS)[number];

export interface ObjectWithOrganisation extends ObjectRow {
  organisation_slug: string;
  organisation_name: string;
}

/** Which objects a list shows, and which page of them. */
export interface ObjectPageOptions {
  organisationId?: number | undefined;
  statuses?: readonly string[] | undefined;
  publishedOnly?: boolean;
  /** Only objects without an inventory number, or sharing theirs with another object of their organisation. */
  numbers?: InventoryNumberFilter | undefined;
  limit: number;
  offset: number;
}

export interface HistoryEntry {
  objectSeq: number;
  userId: number | null;
  actor: string;
  action: string;
  reason?: string | null | undefined;
  changes?: Record<string, unknown> | undefined;
  /** When it happened (ISO); now unless a service runs on another clock (the demo's past years). */
  at?: string | undefined;
}

/** Every read and write of registry objects, their materials, incidents and history. */
export class ObjectRepository {
  /** `engine`: its full-text index, written with each object's row, and its settings for imports. */
  constructor(
    private readonly db: Db,
    private readonly engine: { searchIndex: SearchIndexWriter; bulkWrites: BulkWrites },
  ) {}

  /** The object with this public id, if `principal` may see it. */
  findVisible(id: string, principal: Principal | null): Promise<ObjectWithOrganisation | undefined> {
    return this.db
      .selectFrom('objects')
      .innerJoin('organisations', 'organisations.id', 'objects.organisation_id')
      .selectAll('objects')
      .select(['organisations.slug as organisation_slug', 'organisations.name as organisation_name'])
      .where('objects.id', '=', id)
      .where(visibleTo(principal))
      .executeTakeFirst();
  }

  findByInventoryNumber(organisationId: number, inventoryNumber: string): Promise<ObjectRow | undefined> {
    return this.db
      .selectFrom('objects')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('inventory_number', '=', inventoryNumber)
      .executeTakeFirst();
  }

  /** The organisation's objects with these inventory numbers, by inventory number (several share some). */
  async findByInventoryNumbers(organisationId: number, inventoryNumbers: readonly string[]): Promise<Map<string, ObjectRow[]>> {
    const found = new Map<string, ObjectRow[]>();
    for (const chunk of inLists(inventoryNumbers)) {
      const rows = await this.db.selectFrom('objects').selectAll().where('organisation_id', '=', organisationId).where('inventory_number', 'in', chunk).orderBy('seq').execute();
      for (const row of rows) found.set(row.inventory_number!, [...(found.get(row.inventory_number!) ?? []), row]);
    }
    return found;
  }

  /** The organisation's objects with neither inventory number nor source id, with these titles, by title. */
  async findUnnumberedByTitles(organisationId: number, titles: readonly string[]): Promise<Map<string, ObjectRow[]>> {
    const found = new Map<string, ObjectRow[]>();
    for (const chunk of inLists(titles)) {
      const rows = await this.db
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
  othersWithNumber(organisationId: number, inventoryNumber: string, exceptSeq: number): Promise<Array<{ id: string; title: string }>> {
    return this.db
      .selectFrom('objects')
      .select(['id', 'title'])
      .where('organisation_id', '=', organisationId)
      .where('inventory_number', '=', inventoryNumber)
      .where('seq', '<>', exceptSeq)
      .orderBy('seq')
      .execute();
  }

  /** The organisation's objects imported from records with these source ids, by source id. */
  async findBySourceIds(organisationId: number, sourceIds: readonly string[]): Promise<Map<string, ObjectRow>> {
    const found = new Map<string, ObjectRow>();
    for (const chunk of inLists(sourceIds)) {
      const rows = await this.db.selectFrom('objects').selectAll().where('organisation_id', '=', organisationId).where('source_id', 'in', chunk).execute();
      for (const row of rows) found.set(row.source_id!, row);
    }
    return found;
  }

  /**
   * The rows of a new object with this description, made without the database (CPU only, ~60 µs an
   * object on PostgreSQL): an import prepares the next batch while the current one is written.
   */
  prepare(description: ObjectDescription): PreparedObjectRows {
    return { columns: derivedColumns(description), materials: distinctMaterials(description), searchEntry: this.searchEntry(description) };
  }

  private searchEntry(description: ObjectDescription): PreparedSearchEntry {
    return this.engine.searchIndex.prepare(searchDocument(description));
  }

  /**
   * Inserts many objects, their materials and index entries in a few statements (imports); returns
   * their seqs in the order given (rows are told apart by their public id). Objects not prepared
   * ahead get their index entries prepared while the database inserts their rows.
   */
  async insertMany(objects: readonly NewObject[]): Promise<number[]> {
    // Issued without waiting in between: a transaction runs its statements in the order issued.
    const rows = objects.map((object) => objectRow(object, object.prepared?.columns ?? derivedColumns(object.description)));
    const inserting = allFinished(insertChunks(rows).map((chunk) => this.db.insertInto('objects').values(chunk).returning(['seq', 'id']).execute()));
    await statementsSent();
    const prepared = objects.map(({ prepared, description }) => ({
      materials: prepared?.materials ?? distinctMaterials(description),
      searchEntry: prepared?.searchEntry ?? this.searchEntry(description),
    }));
    const indexing = this.engine.searchIndex.insertMany(
      this.db,
      objects.map((object, i) => ({ id: object.id, entry: prepared[i]!.searchEntry })),
    );
    const [inserted] = await allFinished([inserting, indexing]);
    const seqs = new Map(inserted.flat().map((row) => [row.id, row.seq]));
    const result = objects.map((object) => {
      const seq = seqs.get(object.id);
      if (seq === undefined) throw new Error(`Object ${object.id} was not inserted.`);
      return seq;
    });
    const materials = prepared.flatMap(({ materials: keys }, i) => keys.map((material) => ({ object_seq: result[i]!, material })));
    for (const chunk of insertChunks(materials)) await this.db.insertInto('object_materials').values(chunk).execute();
    return result;
  }

  async insert(object: NewObject): Promise<number> {
    const { seq } = await this.db.insertInto('objects').values(objectRow(object, derivedColumns(object.description))).returning('seq').executeTakeFirstOrThrow();
    await this.writeMaterials(seq, materialKeys(object.description));
    await this.engine.searchIndex.put(this.db, seq, searchDocument(object.description));
    return seq;
  }

  /**
   * Applies `change` only if the stored version is still `expectedVersion`; returns false otherwise.
   * A new description also rewrites the derived columns, the materials and the index entry.
   */
  async update(seq: number, expectedVersion: number, change: ObjectChange): Promise<boolean> {
    const { description, sensitive, sourceId, status, published, reported } = change;
    const result = await this.db
      .updateTable('objects')
      .set((eb) => ({
        ...(description ? derivedColumns(description) : {}),
        ...(sensitive ? { sensitive: JSON.stringify(sensitive) } : {}),
        ...(sourceId !== undefined ? { source_id: sourceId } : {}),
        ...(status !== undefined ? { status } : {}),
        ...(published !== undefined ? { published: published ? 1 : 0 } : {}),
        ...(reported !== undefined ? { reported: reported ? 1 : 0 } : {}),
        updated_at: change.at,
        updated_by: change.userId,
        version: eb('version', '+', 1),
      }))
      .where('seq', '=', seq)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) return false;
    if (description) {
      await this.db.deleteFrom('object_materials').where('object_seq', '=', seq).execute();
      await this.writeMaterials(seq, materialKeys(description));
      await this.engine.searchIndex.put(this.db, seq, searchDocument(description));
    }
    return true;
  }

  /** Runs `work` (an import) with the connection set up for many writes. */
  duringBulkWrites<T>(work: () => Promise<T>): Promise<T> {
    return this.engine.bulkWrites(this.db, work);
  }

  /** Merges the full-text index's segments (after a large import: every search after is faster). */
  optimizeSearchIndex(): Promise<void> {
    return this.engine.searchIndex.optimize(this.db);
  }

  /**
   * Marks the object as changed (photos added) without a new version: `updated_at` feeds harvests
   * and "newest" lists, while the version only guards the description against concurrent edits.
   */
  async touch(seq: number, userId: number | null): Promise<void> {
    await this.db.updateTable('objects').set({ updated_at: new Date().toISOString(), updated_by: userId }).where('seq', '=', seq).execute();
  }

  async addHistory(entry: HistoryEntry): Promise<void> {
    await this.db.insertInto('object_history').values(historyRow(entry, entry.at ?? new Date().toISOString())).execute();
  }

  /** Many history entries in a few statements (imports), all at the same time. */
  async addHistoryMany(entries: readonly HistoryEntry[]): Promise<void> {
    const at = new Date().toISOString();
    for (const chunk of insertChunks(entries.map((entry) => historyRow(entry, at)))) await this.db.insertInto('object_history').values(chunk).execute();
  }

  history(objectSeq: number): Promise<ObjectHistoryRow[]> {
    return this.db.selectFrom('object_history').selectAll().where('object_seq', '=', objectSeq).orderBy('id', 'desc').execute();
  }

  async insertIncident(incident: NewIncident): Promise<void> {
    await this.db.insertInto('incidents').values({ ...incident, publish: incident.publish ? 1 : 0 }).execute();
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

  /** The digests (SHA-256) of the photos each of these objects already has. */
  async photoDigestsOf(objectSeqs: readonly number[]): Promise<Map<number, Set<string>>> {
    const digests = new Map<number, Set<string>>();
    for (const chunk of inLists(objectSeqs)) {
      const rows = await this.db.selectFrom('object_photos').select(['object_seq', 'sha256']).where('object_seq', 'in', chunk).execute();
      for (const row of rows) digests.set(row.object_seq, (digests.get(row.object_seq) ?? new Set<string>()).add(row.sha256));
    }
    return digests;
  }

  async hasPublishedIncident(objectSeq: number): Promise<boolean> {
    const row = await this.db.selectFrom('incidents').select('id').where('object_seq', '=', objectSeq).where('publish', '=', 1).executeTakeFirst();
    return row !== undefined;
  }

  /** One page of the objects `principal` sees, optionally limited to statuses or an organisation, newest first. */
  async page(principal: Principal | null, options: ObjectPageOptions): Promise<{ rows: ObjectWithOrganisation[]; total: number }> {
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

  private async writeMaterials(seq: number, materials: string[]): Promise<void> {
    const unique = [...new Set(materials)];
    if (unique.length > 0) await this.db.insertInto('object_materials').values(unique.map((material) => ({ object_seq: seq, material }))).execute();
  }
}

/** The row of a new object: its derived columns, the sensitive fields as JSON, created and last changed by its creator. */
const distinctMaterials = (description: ObjectDescription) => [...new Set(materialKeys(description))];

function objectRow(object: NewObject, columns: DerivedColumns) {
  return {
    id: object.id,
    organisation_id: object.organisationId,
    source_id: object.sourceId ?? null,
    status: 'in-collection',
    sensitive: JSON.stringify(object.sensitive),
    created_at: object.at,
    updated_at: object.at,
    created_by: object.userId,
    updated_by: object.userId,
    ...columns,
  };
}

function historyRow(entry: HistoryEntry, at: string) {
  return {
    object_seq: entry.objectSeq,
    at,
    user_id: entry.userId,
    actor: entry.actor,
    action: entry.action,
    reason: entry.reason ?? null,
    changes: JSON.stringify(entry.changes ?? {}),
  };
}
