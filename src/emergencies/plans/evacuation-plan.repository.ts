/*
 * For E2 (the emergency dashboard): `countEvacuated(organisationIds, since)` below counts the
 * objects of those museums moved (and not missing on arrival) since a date — "objects evacuated".
 */
import { sql, type Selectable } from 'kysely';
import { inLists, insertChunks } from '../../db/chunks.js';
import type { Db } from '../../db/database.js';
import type { EvacuationMovementTable, EvacuationPlanTable } from '../../db/schema.js';
import type { Priority } from './evacuation-plan.js';

export type PlanRow = Selectable<EvacuationPlanTable>;
export type NewPlanRow = PlanRow;
export type NewMovementRow = Omit<Selectable<EvacuationMovementTable>, 'id'>;

/** An object with its plan, if it has one. */
export interface PlannedObjectRow {
  seq: number;
  id: string;
  inventory_number: string | null;
  title: string;
  plan: PlanRow | null;
}

/** A row of the printed list: the object, its plan, and its first photo's list thumbnail when made. */
export interface ListRow {
  seq: number;
  id: string;
  inventory_number: string | null;
  title: string;
  plan: PlanRow;
  photo_id: string | null;
  thumbnail: Buffer | null;
}

export interface MovementRow extends Selectable<EvacuationMovementTable> {
  object_id: string;
  inventory_number: string | null;
  title: string;
}

export interface PlanFilter {
  organisationId: number;
  priority?: Priority | 'none' | undefined;
  building?: string | undefined;
  /** Inventory number or title, as it begins. */
  q?: string | undefined;
}

const PLAN_COLUMNS = ['object_seq', 'organisation_id', 'priority', 'building', 'floor', 'room', 'unit', 'shelf', 'location_code', 'location_key', 'handling', 'packing', 'packing_note', 'updated_at', 'updated_by'] as const;

/**
 * Every read and write of museum emergency plans: plans, movements and the evacuation list's
 * thumbnails. Writes that go with an object's history run in the service's unit of work.
 */
export class EvacuationPlanRepository {
  constructor(private readonly db: Db) {}

  /** The organisation's object with this public id. */
  findObject(organisationId: number, id: string): Promise<{ seq: number; id: string; inventory_number: string | null; title: string } | undefined> {
    return this.db.selectFrom('objects').select(['seq', 'id', 'inventory_number', 'title']).where('organisation_id', '=', organisationId).where('id', '=', id).executeTakeFirst();
  }

  findPlan(objectSeq: number): Promise<PlanRow | undefined> {
    return this.db.selectFrom('evacuation_plans').selectAll().where('object_seq', '=', objectSeq).executeTakeFirst();
  }

  /** The plans of these objects, by object. */
  async plansOf(objectSeqs: readonly number[]): Promise<Map<number, PlanRow>> {
    const found = new Map<number, PlanRow>();
    for (const chunk of inLists(objectSeqs)) {
      for (const row of await this.db.selectFrom('evacuation_plans').selectAll().where('object_seq', 'in', chunk).execute()) found.set(row.object_seq, row);
    }
    return found;
  }

  /** Writes plans, replacing those the objects had, a few statements per thousand. */
  async savePlans(rows: readonly NewPlanRow[]): Promise<void> {
    if (rows.length === 0) return;
    for (const chunk of insertChunks(rows)) {
      await this.db
        .insertInto('evacuation_plans')
        .values(chunk)
        .onConflict((oc) => oc.column('object_seq').doUpdateSet((eb) => Object.fromEntries(PLAN_COLUMNS.filter((c) => c !== 'object_seq').map((c) => [c, eb.ref(`excluded.${c}`)]))))
        .execute();
    }
  }

  async deletePlan(objectSeq: number): Promise<boolean> {
    const result = await this.db.deleteFrom('evacuation_plans').where('object_seq', '=', objectSeq).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Moves planned objects to `location` (their code and key), after a movement. */
  async relocate(objectSeqs: readonly number[], location: Pick<PlanRow, 'building' | 'floor' | 'room' | 'unit' | 'shelf' | 'location_code' | 'location_key' | 'updated_at' | 'updated_by'>): Promise<void> {
    for (const chunk of inLists(objectSeqs)) await this.db.updateTable('evacuation_plans').set(location).where('object_seq', 'in', chunk).execute();
  }

  /** The organisation's objects with these inventory numbers, by number (several may share one). */
  async objectsByInventoryNumber(organisationId: number, numbers: readonly string[]): Promise<Map<string, Array<{ seq: number; id: string }>>> {
    const found = new Map<string, Array<{ seq: number; id: string }>>();
    for (const chunk of inLists(numbers)) {
      const rows = await this.db.selectFrom('objects').select(['seq', 'id', 'inventory_number']).where('organisation_id', '=', organisationId).where('inventory_number', 'in', chunk).orderBy('seq').execute();
      for (const row of rows) found.set(row.inventory_number!, [...(found.get(row.inventory_number!) ?? []), { seq: row.seq, id: row.id }]);
    }
    return found;
  }

  /** A page of the organisation's objects with their plans: planned first, by priority and location, then the others. */
  async listObjects(filter: PlanFilter, limit: number, offset: number): Promise<{ total: number; rows: PlannedObjectRow[] }> {
    const base = this.filtered(filter);
    const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const rows = await base
      .select(['o.seq', 'o.id', 'o.inventory_number', 'o.title'])
      .select(PLAN_COLUMNS.map((c) => `p.${c} as plan_${c}` as const))
      // Nulls sort first on SQLite and last on PostgreSQL: said explicitly, both put unplanned objects last.
      .orderBy(sql`case when p.priority is null then 1 else 0 end`)
      .orderBy('p.priority')
      .orderBy('p.location_key')
      .orderBy('o.inventory_number')
      .orderBy('o.seq')
      .limit(limit)
      .offset(offset)
      .execute();
    return {
      total,
      rows: rows.map((row) => ({
        seq: row.seq,
        id: row.id,
        inventory_number: row.inventory_number,
        title: row.title,
        plan: row.plan_object_seq === null ? null : (Object.fromEntries(PLAN_COLUMNS.map((c) => [c, row[`plan_${c}`]])) as unknown as PlanRow),
      })),
    };
  }

  private filtered(filter: PlanFilter) {
    let query = this.db.selectFrom('objects as o').leftJoin('evacuation_plans as p', 'p.object_seq', 'o.seq').where('o.organisation_id', '=', filter.organisationId);
    if (filter.priority === 'none') query = query.where('p.object_seq', 'is', null);
    else if (filter.priority !== undefined) query = query.where('p.priority', '=', filter.priority);
    if (filter.building) query = query.where('p.building', '=', filter.building);
    if (filter.q) {
      const prefix = `${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) => eb.or([eb('o.inventory_number', 'like', sql<string>`${prefix} escape '\\'`), eb('o.title', 'like', sql<string>`${prefix} escape '\\'`)]));
    }
    return query;
  }

  /** Objects per priority, and without a plan. */
  async countsByPriority(organisationId: number): Promise<Record<Priority | 'none', number>> {
    const rows = await this.db
      .selectFrom('objects as o')
      .leftJoin('evacuation_plans as p', 'p.object_seq', 'o.seq')
      .where('o.organisation_id', '=', organisationId)
      .select(['p.priority', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('p.priority')
      .execute();
    const counts = { 1: 0, 2: 0, 3: 0, none: 0 };
    for (const row of rows) counts[(row.priority ?? 'none') as Priority | 'none'] = Number(row.n);
    return counts;
  }

  /**
   * The organisation's planned objects in list order (priority, location, object), `size` rows at a
   * time along the index: a 50,000-object list never sits in memory at once.
   */
  async *listInOrder(organisationId: number, size: number): AsyncGenerator<ListRow[]> {
    let after: { priority: number; key: string; seq: number } | undefined;
    for (;;) {
      let query = this.db
        .selectFrom('evacuation_plans as p')
        .innerJoin('objects as o', 'o.seq', 'p.object_seq')
        .leftJoin('object_photos as ph', (join) => join.onRef('ph.object_seq', '=', 'o.seq').on('ph.position', '=', (eb) => eb.selectFrom('object_photos as f').select((f) => f.fn.min('f.position').as('first')).whereRef('f.object_seq', '=', 'o.seq')))
        .leftJoin('evacuation_thumbnails as t', 't.photo_id', 'ph.id')
        .where('p.organisation_id', '=', organisationId)
        .selectAll('p')
        .select(['o.id', 'o.inventory_number', 'o.title', 'ph.id as photo_id', 't.jpeg as thumbnail']);
      if (after) {
        const { priority, key, seq } = after;
        query = query.where((eb) => eb(eb.refTuple('p.priority', 'p.location_key', 'p.object_seq'), '>', eb.tuple(priority, key, seq)));
      }
      const rows = await query.orderBy('p.priority').orderBy('p.location_key').orderBy('p.object_seq').limit(size).execute();
      if (rows.length === 0) return;
      yield rows.map(({ id, inventory_number, title, photo_id, thumbnail, ...plan }) => ({ seq: plan.object_seq, id, inventory_number, title, photo_id, thumbnail, plan }));
      const last = rows.at(-1)!;
      after = { priority: last.priority, key: last.location_key, seq: last.object_seq };
      if (rows.length < size) return;
    }
  }

  /** First photos of the organisation's planned objects that have no list thumbnail yet, `limit` at a time. */
  photosWithoutThumbnail(organisationId: number, limit: number): Promise<string[]> {
    return this.db
      .selectFrom('evacuation_plans as p')
      .innerJoin('object_photos as ph', 'ph.object_seq', 'p.object_seq')
      .leftJoin('evacuation_thumbnails as t', 't.photo_id', 'ph.id')
      .where('p.organisation_id', '=', organisationId)
      .where('t.photo_id', 'is', null)
      .where('ph.position', '=', (eb) => eb.selectFrom('object_photos as f').select((f) => f.fn.min('f.position').as('first')).whereRef('f.object_seq', '=', 'p.object_seq'))
      .select('ph.id')
      .orderBy('ph.id')
      .limit(limit)
      .execute()
      .then((rows) => rows.map((row) => row.id));
  }

  async saveThumbnails(rows: ReadonlyArray<{ photo_id: string; jpeg: Buffer }>): Promise<void> {
    if (rows.length === 0) return;
    for (const chunk of insertChunks(rows)) await this.db.insertInto('evacuation_thumbnails').values(chunk).onConflict((oc) => oc.column('photo_id').doNothing()).execute();
  }

  /** Records movements; their ids. */
  async addMovements(rows: readonly NewMovementRow[]): Promise<number[]> {
    const ids: number[] = [];
    for (const chunk of insertChunks(rows)) ids.push(...(await this.db.insertInto('evacuation_movements').values(chunk).returning('id').execute()).map((row) => row.id));
    return ids;
  }

  async movementsByIds(ids: readonly number[]): Promise<MovementRow[]> {
    const rows: MovementRow[] = [];
    for (const chunk of inLists(ids)) rows.push(...(await this.movementQuery().where('m.id', 'in', chunk).orderBy('m.id').execute()));
    return rows;
  }

  private movementQuery() {
    return this.db.selectFrom('evacuation_movements as m').innerJoin('objects as o', 'o.seq', 'm.object_seq').selectAll('m').select(['o.id as object_id', 'o.inventory_number', 'o.title']);
  }

  /** The organisation's movements, newest first; `objectSeq`: one object's. */
  async movements(filter: { organisationId: number; objectSeq?: number; since?: string | undefined }, limit: number, offset: number): Promise<{ total: number; rows: MovementRow[] }> {
    let base = this.db.selectFrom('evacuation_movements as m').innerJoin('objects as o', 'o.seq', 'm.object_seq').where('m.organisation_id', '=', filter.organisationId);
    if (filter.objectSeq !== undefined) base = base.where('m.object_seq', '=', filter.objectSeq);
    if (filter.since) base = base.where('m.moved_at', '>=', filter.since);
    const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const rows = await base.selectAll('m').select(['o.id as object_id', 'o.inventory_number', 'o.title']).orderBy('m.moved_at', 'desc').orderBy('m.id', 'desc').limit(limit).offset(offset).execute();
    return { total, rows };
  }

  /**
   * How many objects of these organisations were moved since `since` (ISO date or time) and arrived
   * (not `missing`): the emergency dashboard's "objects evacuated". An object moved twice counts once.
   */
  async countEvacuated(organisationIds: readonly number[], since: string): Promise<number> {
    if (organisationIds.length === 0) return 0;
    let total = 0;
    // Each organisation's objects are its own: counts per chunk of organisations add up.
    for (const chunk of inLists(organisationIds)) {
      const row = await this.db
        .selectFrom('evacuation_movements')
        .where('organisation_id', 'in', chunk)
        .where('moved_at', '>=', since)
        .where('arrival_condition', '!=', 'missing')
        .select((eb) => eb.fn.count<number>('object_seq').distinct().as('n'))
        .executeTakeFirstOrThrow();
      total += Number(row.n);
    }
    return total;
  }
}
