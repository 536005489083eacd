import { sql, type Selectable } from 'kysely';
import { inLists } from '../db/chunks.js';
import type { Db } from '../db/database.js';
import type { EmergencyTable, HeritagePlaceTable, NoStrikeExportTable } from '../db/schema.js';
import type { BoundingBox } from './places/geometry.js';

export type EmergencyRow = Selectable<EmergencyTable>;
export type NewEmergencyRow = Omit<EmergencyRow, 'version'>;
export type NoStrikeExportRow = Selectable<NoStrikeExportTable>;

type PlaceColumns = Selectable<HeritagePlaceTable>;

/**
 * What the inside test needs of a place, and no more: the geometry only for footprints (a point's
 * box is the point), so that a query returning 100,000 candidates stays small.
 */
export type PlaceCandidate = Pick<PlaceColumns, 'id' | 'kind' | 'country' | 'organisation_id' | 'latest_condition' | 'min_lon' | 'min_lat' | 'max_lon' | 'max_lat'> & { geometry: string | null };

/** A place inside an emergency, as its lists and exports show it. */
export type InsidePlaceRow = Pick<
  PlaceColumns,
  | 'id'
  | 'names'
  | 'kind'
  | 'country'
  | 'protection'
  | 'sensitive'
  | 'latest_condition'
  | 'organisation_id'
  | 'geometry'
  | 'min_lon'
  | 'min_lat'
  | 'max_lon'
  | 'max_lat'
  | 'region_west'
  | 'region_south'
  | 'region_east'
  | 'region_north'
> & { latest_assessed_on: string | null; organisation_slug: string | null; organisation_name: string | null };

const MISSING = ['stolen', 'missing'];
const FOUND = ['recovered', 'found'];
/** History entries that change an object's status. */
const STATUS_ACTIONS = ['status-changed', 'incident-reported'];

/** Emergencies, and the reads of places, museums and objects their dashboards and exports make. */
export class EmergencyRepository {
  constructor(private readonly db: Db) {}

  async insert(row: NewEmergencyRow): Promise<void> {
    await this.db.insertInto('emergencies').values(row).execute();
  }

  /** Applies `changes` if the stored version is still `version`; whether it did. */
  async update(id: string, version: number, changes: Omit<NewEmergencyRow, 'id' | 'created_at' | 'created_by'>): Promise<boolean> {
    const result = await this.db
      .updateTable('emergencies')
      .set({ ...changes, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async find(id: string): Promise<EmergencyRow | undefined> {
    return this.db.selectFrom('emergencies').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Every emergency, the latest declared first. */
  async list(): Promise<EmergencyRow[]> {
    return this.db.selectFrom('emergencies').selectAll().orderBy('starts_on', 'desc').orderBy('created_at', 'desc').execute();
  }

  /** Emergencies active on `day` (YYYY-MM-DD): status active, begun, not ended. */
  async activeOn(day: string): Promise<EmergencyRow[]> {
    return this.db
      .selectFrom('emergencies')
      .selectAll()
      .where('status', '=', 'active')
      .where('starts_on', '<=', day)
      .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', day)]))
      .orderBy('starts_on', 'desc')
      .execute();
  }

  /**
   * The places in `countries` or whose box overlaps `box` (the indexed columns): the candidates the
   * exact test then decides on. Either side may be empty.
   */
  async placeCandidates(countries: readonly string[], box: BoundingBox | null): Promise<PlaceCandidate[]> {
    if (countries.length === 0 && !box) return [];
    const widest = box ? await this.widestFootprint() : 0;
    return this.db
      .selectFrom('heritage_places')
      .select(['id', 'kind', 'country', 'organisation_id', 'latest_condition', 'min_lon', 'min_lat', 'max_lon', 'max_lat'])
      .select((eb) =>
        eb
          .case()
          .when(eb.and([eb('min_lon', '=', eb.ref('max_lon')), eb('min_lat', '=', eb.ref('max_lat'))]))
          .then(eb.val<string | null>(null))
          .else(eb.ref('geometry'))
          .end()
          .as('geometry'),
      )
      .where((eb) => {
        const sides = [];
        if (countries.length > 0) sides.push(eb('country', 'in', [...countries]));
        // A place meeting the box starts at most `widest` degrees west of it: the index range stays narrow.
        if (box) sides.push(eb.and([eb('min_lon', '>=', box.minLon - widest), eb('min_lon', '<=', box.maxLon), eb('max_lon', '>=', box.minLon), eb('min_lat', '<=', box.maxLat), eb('max_lat', '>=', box.minLat)]));
        return eb.or(sides);
      })
      .execute();
  }

  /** The widest footprint east–west, in degrees (an index on the expression answers it). */
  private async widestFootprint(): Promise<number> {
    const row = await this.db
      .selectFrom('heritage_places')
      .select((eb) => eb.fn.max<number | null>(sql<number>`max_lon - min_lon`).as('width'))
      .executeTakeFirst();
    return Number(row?.width ?? 0);
  }

  /** The places with these ids, with their organisation and latest visit date. */
  async placesByIds(ids: readonly string[]): Promise<InsidePlaceRow[]> {
    const rows: InsidePlaceRow[] = [];
    for (const chunk of inLists(ids)) {
      rows.push(
        ...(await this.db
          .selectFrom('heritage_places as p')
          .leftJoin('organisations as o', 'o.id', 'p.organisation_id')
          .leftJoin('heritage_assessments as a', 'a.id', 'p.latest_assessment_id')
          .where('p.id', 'in', chunk)
          .select([
            'p.id',
            'p.names',
            'p.kind',
            'p.country',
            'p.protection',
            'p.sensitive',
            'p.latest_condition',
            'a.assessed_on as latest_assessed_on',
            'p.organisation_id',
            'o.slug as organisation_slug',
            'o.name as organisation_name',
            'p.geometry',
            'p.min_lon',
            'p.min_lat',
            'p.max_lon',
            'p.max_lat',
            'p.region_west',
            'p.region_south',
            'p.region_east',
            'p.region_north',
          ])
          .execute()),
      );
    }
    return rows;
  }

  async organisations(ids: readonly number[]): Promise<Array<{ id: number; slug: string; name: string }>> {
    const rows: Array<{ id: number; slug: string; name: string }> = [];
    for (const chunk of inLists(ids)) rows.push(...(await this.db.selectFrom('organisations').select(['id', 'slug', 'name']).where('id', 'in', chunk).execute()));
    return rows.sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * Objects of these organisations whose status changed between `from` and `to` (ISO times) and
   * that are now missing (stolen, missing) or found again (recovered, found).
   */
  async objectsChangedDuring(organisationIds: readonly number[], from: string, to: string): Promise<{ missing: number; found: number }> {
    const counts = { missing: 0, found: 0 };
    for (const chunk of inLists(organisationIds)) {
      const rows = await this.db
        .selectFrom('objects as o')
        .where('o.organisation_id', 'in', chunk)
        .where('o.status', 'in', [...MISSING, ...FOUND])
        .where(({ exists, selectFrom }) =>
          exists(selectFrom('object_history as h').select('h.id').whereRef('h.object_seq', '=', 'o.seq').where('h.action', 'in', STATUS_ACTIONS).where('h.at', '>=', from).where('h.at', '<=', to)),
        )
        .select(['o.status'])
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .groupBy('o.status')
        .execute();
      for (const row of rows) counts[MISSING.includes(row.status) ? 'missing' : 'found'] += Number(row.n);
    }
    return counts;
  }

  async insertExport(row: NoStrikeExportRow): Promise<void> {
    await this.db.insertInto('no_strike_exports').values(row).execute();
  }

  async findExport(emergencyId: string, id: string): Promise<NoStrikeExportRow | undefined> {
    return this.db.selectFrom('no_strike_exports').selectAll().where('emergency_id', '=', emergencyId).where('id', '=', id).executeTakeFirst();
  }
}
