import type { ExpressionBuilder } from 'kysely';
import type { Principal } from '../roles.js';
import type { Db } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { visibleTo } from '../registry/visibility.js';

export interface NotificationRow {
  id: string;
  identification_id: string;
  created_at: string;
  reporter: string;
  reporter_organisation: string;
  place: string;
  country: string | null;
  note: string | null;
  object_id: string;
  object_title: string;
  object_description: string;
  object_inventory_number: string | null;
  object_status: string;
  read_at: string | null;
}

/**
 * Notifications are a query, not a copy per recipient: the sightings a person is concerned by —
 * of their organisation's objects and, for investigators, of every object they see — that others
 * recorded. `sighting_reads` only says which they have read, so someone who joins later is
 * notified of what is still relevant, and nothing has to be fanned out when a sighting is recorded.
 */
export class NotificationRepository {
  constructor(private readonly db: Db) {}

  async page(principal: Principal, limit: number, offset: number): Promise<{ rows: NotificationRow[]; total: number }> {
    const [rows, count] = await Promise.all([
      this.concerning(principal)
        .innerJoin('organisations as reporter_org', 'reporter_org.id', 'sightings.organisation_id')
        .leftJoin('sighting_reads', (join) => join.onRef('sighting_reads.sighting_id', '=', 'sightings.id').on('sighting_reads.user_id', '=', principal.userId))
        .select([
          'sightings.id',
          'sightings.identification_id',
          'sightings.created_at',
          'sightings.reporter',
          'reporter_org.name as reporter_organisation',
          'sightings.place',
          'sightings.country',
          'sightings.note',
          'objects.id as object_id',
          'objects.title as object_title',
          'objects.description as object_description',
          'objects.inventory_number as object_inventory_number',
          'objects.status as object_status',
          'sighting_reads.read_at',
        ])
        .orderBy('sightings.created_at', 'desc')
        .orderBy('sightings.id')
        .limit(limit)
        .offset(offset)
        .execute(),
      this.concerning(principal).select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.total) };
  }

  async unreadCount(principal: Principal): Promise<number> {
    const row = await this.concerning(principal)
      .where(({ not, exists, selectFrom }) => not(exists(this.readBy(principal, selectFrom))))
      .select((eb) => eb.fn.countAll<number>().as('unread'))
      .executeTakeFirstOrThrow();
    return Number(row.unread);
  }

  /** Marks these notifications read (all of them without `ids`); ids that are not the person's are ignored. */
  async markRead(principal: Principal, ids: readonly string[] | undefined, now: string): Promise<void> {
    let unread = this.concerning(principal)
      .where(({ not, exists, selectFrom }) => not(exists(this.readBy(principal, selectFrom))))
      .select((eb) => [eb.val(principal.userId).as('user_id'), 'sightings.id as sighting_id', eb.val(now).as('read_at')]);
    if (ids) {
      if (ids.length === 0) return;
      unread = unread.where('sightings.id', 'in', [...ids]);
    }
    await this.db.insertInto('sighting_reads').columns(['user_id', 'sighting_id', 'read_at']).expression(unread).onConflict((oc) => oc.doNothing()).execute();
  }

  private concerning(principal: Principal) {
    return this.db
      .selectFrom('sightings')
      .innerJoin('objects', 'objects.seq', 'sightings.object_seq')
      .where(visibleTo(principal))
      .where((eb) => (principal.role === 'investigator' ? eb.lit(true) : eb('objects.organisation_id', '=', principal.organisationId)))
      .where('sightings.user_id', '!=', principal.userId);
  }

  private readBy(principal: Principal, selectFrom: ExpressionBuilder<Database, 'sightings'>['selectFrom']) {
    return selectFrom('sighting_reads')
      .select('sighting_reads.sighting_id')
      .whereRef('sighting_reads.sighting_id', '=', 'sightings.id')
      .where('sighting_reads.user_id', '=', principal.userId);
  }
}
