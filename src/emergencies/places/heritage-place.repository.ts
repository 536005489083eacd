import type { Expression, ExpressionBuilder, Insertable, Selectable, SqlBool } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Database, HeritageAssessmentPhotoTable, HeritageAssessmentTable, HeritagePlaceTable } from '../../db/schema.js';
import { writeTransaction } from '../../db/write-transaction.js';
import type { BoundingBox } from './geometry.js';

export type PlaceRow = Selectable<HeritagePlaceTable> & { organisation_slug: string | null; organisation_name: string | null };
export type AssessmentRow = Selectable<HeritageAssessmentTable>;
export type AssessmentPhotoRow = Selectable<HeritageAssessmentPhotoTable>;
export type NewPlaceRow = Insertable<HeritagePlaceTable>;
export type PlaceChanges = Omit<NewPlaceRow, 'id' | 'created_at' | 'created_by' | 'version' | 'latest_assessment_id' | 'latest_condition'>;

/**
 * Whose exact positions a reader may match a box against: every place's (`all`), or only those not
 * sensitive and those of one organisation (a sensitive place of another is matched by its region).
 */
export type ExactScope = 'all' | { organisationId: number | null };

export interface PlaceFilter {
  country?: string | undefined;
  kind?: string | undefined;
  condition?: string | undefined;
  bbox?: BoundingBox | undefined;
  scope: ExactScope;
  limit: number;
  offset: number;
}

/** A place found inside an area, with its latest assessment (emergencies list them). */
export interface PlaceWithLatest {
  place: PlaceRow;
  latest: AssessmentRow | null;
}

/**
 * Every read and write of heritage places, their assessments and the assessments' photos. An
 * assessment and its photos are written in one transaction with the place's latest condition.
 */
export class HeritagePlaceRepository {
  constructor(private readonly db: Db) {}

  async insertPlace(row: NewPlaceRow): Promise<void> {
    await this.db.insertInto('heritage_places').values(row).execute();
  }

  /** Writes `changes` if the place is still at `version`; the new version, or null when someone saved first (or it is gone). */
  async updatePlace(id: string, changes: PlaceChanges, version: number): Promise<number | null> {
    const result = await this.db
      .updateTable('heritage_places')
      .set({ ...changes, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1 ? version + 1 : null;
  }

  async findPlace(id: string): Promise<PlaceRow | undefined> {
    return this.places().where('p.id', '=', id).executeTakeFirst();
  }

  async listPlaces(filter: PlaceFilter): Promise<{ rows: PlaceRow[]; total: number }> {
    const where = (eb: ExpressionBuilder<Database & { p: HeritagePlaceTable }, 'p'>) => {
      const conditions: Expression<SqlBool>[] = [];
      if (filter.country) conditions.push(eb('p.country', '=', filter.country));
      if (filter.kind) conditions.push(eb('p.kind', '=', filter.kind));
      if (filter.condition) conditions.push(eb('p.latest_condition', '=', filter.condition));
      if (filter.bbox) conditions.push(meetsBox(eb, filter.bbox, filter.scope));
      return eb.and(conditions);
    };
    const rows = await this.places()
      .where(where)
      .orderBy('p.country')
      .orderBy('p.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute();
    const count = await this.db.selectFrom('heritage_places as p').where(where).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    return { rows, total: Number(count.n) };
  }

  /**
   * The places whose bounding box meets `box` (the indexed columns; the caller tests the exact
   * shape), optionally only in `countries`, each with its latest assessment: the emergencies' lists.
   */
  async placesMeeting(box: BoundingBox, countries?: readonly string[]): Promise<PlaceWithLatest[]> {
    let query = this.places().where((eb) => meetsBox(eb, box, 'all'));
    if (countries && countries.length > 0) query = query.where('p.country', 'in', countries);
    return this.withLatest(await query.execute());
  }

  /** The places of these countries, or of this organisation, with their latest assessment. */
  async placesOf(options: { countries?: readonly string[]; organisationIds?: readonly number[] }): Promise<PlaceWithLatest[]> {
    const { countries = [], organisationIds = [] } = options;
    if (countries.length === 0 && organisationIds.length === 0) return [];
    const rows = await this.places()
      .where((eb) =>
        eb.or([...(countries.length > 0 ? [eb('p.country', 'in', countries)] : []), ...(organisationIds.length > 0 ? [eb('p.organisation_id', 'in', organisationIds)] : [])]),
      )
      .execute();
    return this.withLatest(rows);
  }

  /** Each place with its latest assessment, read in one query per 10,000 places. */
  async withLatest(rows: PlaceRow[]): Promise<PlaceWithLatest[]> {
    const ids = rows.map((row) => row.latest_assessment_id).filter((id): id is string => id !== null);
    const latest = new Map<string, AssessmentRow>();
    // PostgreSQL and SQLite both take this many bound parameters in one statement.
    for (let start = 0; start < ids.length; start += 10_000) {
      for (const row of await this.db.selectFrom('heritage_assessments').selectAll().where('id', 'in', ids.slice(start, start + 10_000)).execute()) latest.set(row.id, row);
    }
    return rows.map((place) => ({ place, latest: place.latest_assessment_id ? (latest.get(place.latest_assessment_id) ?? null) : null }));
  }

  async assessments(placeId: string): Promise<AssessmentRow[]> {
    return this.db.selectFrom('heritage_assessments').selectAll().where('place_id', '=', placeId).orderBy('assessed_on', 'desc').orderBy('created_at', 'desc').orderBy('id').execute();
  }

  async findAssessment(id: string): Promise<AssessmentRow | undefined> {
    return this.db.selectFrom('heritage_assessments').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findByIdempotencyKey(assessorId: number, key: string): Promise<AssessmentRow | undefined> {
    return this.db.selectFrom('heritage_assessments').selectAll().where('assessor_id', '=', assessorId).where('idempotency_key', '=', key).executeTakeFirst();
  }

  async photosOf(assessmentIds: readonly string[]): Promise<AssessmentPhotoRow[]> {
    if (assessmentIds.length === 0) return [];
    return this.db.selectFrom('heritage_assessment_photos').selectAll().where('assessment_id', 'in', assessmentIds).orderBy('assessment_id').orderBy('position').execute();
  }

  async findPhoto(id: string): Promise<(AssessmentPhotoRow & { place_id: string }) | undefined> {
    return this.db
      .selectFrom('heritage_assessment_photos as ph')
      .innerJoin('heritage_assessments as a', 'a.id', 'ph.assessment_id')
      .selectAll('ph')
      .select('a.place_id')
      .where('ph.id', '=', id)
      .executeTakeFirst();
  }

  /**
   * The assessment and its photos, and the place's latest assessment if this one's visit is the
   * latest (a later-dated one made earlier stays latest), in one transaction. The place's version is
   * read inside it: the one the assessment records.
   */
  async insertAssessment(row: Omit<Insertable<HeritageAssessmentTable>, 'place_version'>, photos: Insertable<HeritageAssessmentPhotoTable>[]): Promise<AssessmentRow> {
    return writeTransaction(this.db, async (trx) => {
      const place = await trx.selectFrom('heritage_places').select(['version', 'latest_assessment_id']).where('id', '=', row.place_id).executeTakeFirstOrThrow();
      const latest = place.latest_assessment_id
        ? await trx.selectFrom('heritage_assessments').select('assessed_on').where('id', '=', place.latest_assessment_id).executeTakeFirst()
        : undefined;
      const saved = { ...row, place_version: place.version };
      await trx.insertInto('heritage_assessments').values(saved).execute();
      if (photos.length > 0) await trx.insertInto('heritage_assessment_photos').values(photos).execute();
      if (!latest || row.assessed_on >= latest.assessed_on) {
        await trx.updateTable('heritage_places').set({ latest_assessment_id: row.id, latest_condition: row.condition }).where('id', '=', row.place_id).execute();
      }
      return (await trx.selectFrom('heritage_assessments').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow()) as AssessmentRow;
    });
  }

  async organisationBySlug(slug: string): Promise<{ id: number; name: string; slug: string; kind: string } | undefined> {
    return this.db.selectFrom('organisations').select(['id', 'name', 'slug', 'kind']).where('slug', '=', slug).executeTakeFirst();
  }

  private places() {
    return this.db
      .selectFrom('heritage_places as p')
      .leftJoin('organisations as o', 'o.id', 'p.organisation_id')
      .selectAll('p')
      .select(['o.slug as organisation_slug', 'o.name as organisation_name']);
  }
}

/** Boxes meet when neither lies wholly to one side of the other; a place the reader may not see exactly is matched by its region. */
function meetsBox(eb: ExpressionBuilder<Database & { p: HeritagePlaceTable }, 'p'>, box: BoundingBox, scope: ExactScope): Expression<SqlBool> {
  const exact = eb.and([eb('p.min_lon', '<=', box.maxLon), eb('p.max_lon', '>=', box.minLon), eb('p.min_lat', '<=', box.maxLat), eb('p.max_lat', '>=', box.minLat)]);
  if (scope === 'all') return exact;
  // Region columns are whole degrees (bigint on PostgreSQL, which refuses a fractional bound): the same test in whole degrees.
  const region = eb.and([
    eb('p.region_west', '<=', Math.floor(box.maxLon)),
    eb('p.region_east', '>=', Math.ceil(box.minLon)),
    eb('p.region_south', '<=', Math.floor(box.maxLat)),
    eb('p.region_north', '>=', Math.ceil(box.minLat)),
  ]);
  const seenExactly = eb.or([eb('p.sensitive', '=', 0), ...(scope.organisationId === null ? [] : [eb('p.organisation_id', '=', scope.organisationId)])]);
  return eb.or([eb.and([seenExactly, exact]), eb.and([eb.not(seenExactly), region])]);
}
