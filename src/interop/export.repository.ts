/**
 * Every database read of the exports (CLI export, OAI-PMH). Reads name their columns: the
 * `sensitive` column and the incident table are never selected, so they cannot reach an export.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import type { Principal } from '../roles.js';
import type { Db } from '../db/database.js';
import type { Database, ObjectPhotoRow } from '../db/schema.js';
import { visibleTo } from '../registry/visibility.js';
import { exportableFromRow, type ExportableObject, type ExportRow } from './exportable-object.js';

/**
 * Whose view an export is: a principal (or the public, `null`) through `visibleTo`, the one
 * visibility rule; or `administrative` for command-line exports run by whoever holds the database.
 */
export type Audience = { principal: Principal | null } | 'administrative';

/** OAI-PMH selection: datestamps as stored (ISO 8601 with milliseconds), inclusive bounds. */
export interface ChangeFilter {
  from?: string | undefined;
  until?: string | undefined;
  organisationSlug?: string | undefined;
  status?: string | undefined;
}

/** An object that left what the public sees: OAI-PMH reports it as a deleted record. */
export interface Withdrawal {
  id: string;
  withdrawnAt: string;
  /** The organisation and status it had while public (its sets). */
  organisationSlug: string;
  status: string;
}

/** A position in the (updated_at, id) order: records strictly after it come next. */
export interface ChangeCursor {
  updatedAt: string;
  id: string;
}

type ObjectsQuery = SelectQueryBuilder<Database, 'objects' | 'organisations', object>;

/** The columns OAI-PMH selects and pages on, in the objects table or the withdrawals table. */
interface ChangeColumns {
  datestamp: string;
  id: string;
  status: string;
}

const OBJECT_CHANGES: ChangeColumns = { datestamp: 'objects.updated_at', id: 'objects.id', status: 'objects.status' };
const WITHDRAWALS: ChangeColumns = { datestamp: 'oai_withdrawals.withdrawn_at', id: 'oai_withdrawals.object_id', status: 'oai_withdrawals.status' };

/**
 * The filter applied to either table (both are joined with organisations), then the page after the
 * cursor in (datestamp, id) order.
 */
function changesMatching<TB extends keyof Database, O>(
  query: SelectQueryBuilder<Database, TB, O>,
  columns: ChangeColumns,
  filter: ChangeFilter,
  page?: { after: ChangeCursor | undefined; limit: number },
): SelectQueryBuilder<Database, TB, O> {
  const datestamp = sql.ref<string>(columns.datestamp);
  const id = sql.ref<string>(columns.id);
  if (filter.from) query = query.where(datestamp, '>=', filter.from);
  if (filter.until) query = query.where(datestamp, '<=', filter.until);
  if (filter.organisationSlug) query = query.where(sql.ref<string>('organisations.slug'), '=', filter.organisationSlug);
  if (filter.status) query = query.where(sql.ref<string>(columns.status), '=', filter.status);
  if (!page) return query;
  const { after } = page;
  if (after) query = query.where((eb) => eb.or([eb(datestamp, '>', after.updatedAt), eb.and([eb(datestamp, '=', after.updatedAt), eb(id, '>', after.id)])]));
  return query.orderBy(datestamp).orderBy(id).limit(page.limit);
}

export class ExportRepository {
  constructor(private readonly db: Db) {}

  private objects(audience: Audience): ObjectsQuery {
    const query = this.db.selectFrom('objects').innerJoin('organisations', 'organisations.id', 'objects.organisation_id');
    return audience === 'administrative' ? query : query.where(visibleTo(audience.principal));
  }

  private selectRow(query: ObjectsQuery) {
    return query.select([
      'objects.seq',
      'objects.id',
      'objects.status',
      'objects.description',
      'objects.created_at',
      'objects.updated_at',
      'organisations.slug as organisation_slug',
      'organisations.name as organisation_name',
    ]);
  }

  private async withPhotos(rows: readonly ExportRow[]): Promise<ExportableObject[]> {
    if (rows.length === 0) return [];
    const photos = await this.db
      .selectFrom('object_photos')
      .selectAll()
      .where(
        'object_seq',
        'in',
        rows.map((row) => row.seq),
      )
      .orderBy('object_seq')
      .orderBy('position')
      .execute();
    const bySeq = new Map<number, ObjectPhotoRow[]>();
    for (const photo of photos) bySeq.set(photo.object_seq, [...(bySeq.get(photo.object_seq) ?? []), photo]);
    return rows.map((row) => exportableFromRow(row, bySeq.get(row.seq) ?? []));
  }

  /** The stored original file (relative to the photo store) of each photo. */
  async photoFiles(photoIds: readonly string[]): Promise<Map<string, string>> {
    if (photoIds.length === 0) return new Map();
    const rows = await this.db.selectFrom('object_photos').select(['id', 'file']).where('id', 'in', [...photoIds]).execute();
    return new Map(rows.map((row) => [row.id, row.file]));
  }

  async organisationId(slug: string): Promise<number | undefined> {
    return (await this.db.selectFrom('organisations').select('id').where('slug', '=', slug).executeTakeFirst())?.id;
  }

  async count(audience: Audience, organisationId?: number): Promise<number> {
    let query = this.objects(audience);
    if (organisationId !== undefined) query = query.where('objects.organisation_id', '=', organisationId);
    const row = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    return Number(row.total);
  }

  /** Every object the audience sees (of one organisation, or all), in batches, in insertion order. */
  async *batches(audience: Audience, options: { organisationId?: number | undefined; batchSize?: number } = {}): AsyncGenerator<ExportableObject[]> {
    const size = options.batchSize ?? 200;
    let after = 0;
    for (;;) {
      let query = this.objects(audience).where('objects.seq', '>', after);
      if (options.organisationId !== undefined) query = query.where('objects.organisation_id', '=', options.organisationId);
      const rows = await this.selectRow(query).orderBy('objects.seq').limit(size).execute();
      if (rows.length === 0) return;
      yield await this.withPhotos(rows);
      after = rows.at(-1)!.seq;
      if (rows.length < size) return;
    }
  }

  /** The public objects matching the filter, oldest change first, after the cursor. */
  async publicChanges(filter: ChangeFilter, after: ChangeCursor | undefined, limit: number): Promise<ExportableObject[]> {
    const rows = await this.selectRow(changesMatching(this.objects({ principal: null }), OBJECT_CHANGES, filter, { after, limit })).execute();
    return this.withPhotos(rows);
  }

  private withdrawals() {
    return this.db
      .selectFrom('oai_withdrawals')
      .innerJoin('organisations', 'organisations.id', 'oai_withdrawals.organisation_id')
      .select(['oai_withdrawals.object_id as id', 'oai_withdrawals.withdrawn_at as withdrawnAt', 'organisations.slug as organisationSlug', 'oai_withdrawals.status as status']);
  }

  /** Objects that left the public's view, matching the filter, in the same order as `publicChanges`. */
  async publicWithdrawals(filter: ChangeFilter, after: ChangeCursor | undefined, limit: number): Promise<Withdrawal[]> {
    return changesMatching(this.withdrawals(), WITHDRAWALS, filter, { after, limit }).execute();
  }

  async countPublicWithdrawals(filter: ChangeFilter): Promise<number> {
    const row = await changesMatching(this.withdrawals(), WITHDRAWALS, filter)
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow();
    return Number(row.total);
  }

  async findWithdrawal(id: string): Promise<Withdrawal | undefined> {
    return this.withdrawals().where('oai_withdrawals.object_id', '=', id).executeTakeFirst();
  }

  async countPublicChanges(filter: ChangeFilter): Promise<number> {
    const row = await changesMatching(this.objects({ principal: null }), OBJECT_CHANGES, filter)
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow();
    return Number(row.total);
  }

  /** The object if the public sees it. */
  async findPublic(id: string): Promise<ExportableObject | undefined> {
    const row = await this.selectRow(this.objects({ principal: null }).where('objects.id', '=', id)).executeTakeFirst();
    return row ? (await this.withPhotos([row]))[0] : undefined;
  }

  /** Organisations and statuses that have public objects or withdrawals (the OAI-PMH sets). */
  async publicSets(): Promise<{ organisations: Array<{ slug: string; name: string }>; statuses: string[] }> {
    const base = this.objects({ principal: null });
    const withdrawn = this.db.selectFrom('oai_withdrawals').innerJoin('organisations', 'organisations.id', 'oai_withdrawals.organisation_id');
    const [organisations, statuses] = await Promise.all([
      base
        .select(['organisations.slug as slug', 'organisations.name as name'])
        .union(withdrawn.select(['organisations.slug as slug', 'organisations.name as name']))
        .orderBy('slug')
        .execute(),
      base.select('objects.status as status').union(withdrawn.select('oai_withdrawals.status as status')).orderBy('status').execute(),
    ]);
    return { organisations, statuses: statuses.map((s) => s.status) };
  }

  /** The oldest datestamp among public objects and withdrawals. */
  async earliestPublicChange(): Promise<string | undefined> {
    const [published, withdrawn] = await Promise.all([
      this.objects({ principal: null })
        .select((eb) => eb.fn.min<string>('objects.updated_at').as('earliest'))
        .executeTakeFirst(),
      this.db
        .selectFrom('oai_withdrawals')
        .select((eb) => eb.fn.min<string>('withdrawn_at').as('earliest'))
        .executeTakeFirst(),
    ]);
    const dates = [published?.earliest, withdrawn?.earliest].filter((date): date is string => Boolean(date));
    return dates.sort()[0];
  }
}
