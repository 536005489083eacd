import type { Insertable } from 'kysely';
import type { Principal } from '../../roles.js';
import type { Db } from '../../db/database.js';
import type { ObjectPhotoRow, ObjectPhotoTable } from '../../db/schema.js';
import { visibleTo } from '../visibility.js';

export type NewPhotoRow = Insertable<ObjectPhotoTable>;

export interface PhotoWithObject extends ObjectPhotoRow {
  /** 1 when the photo's object is on the public alert list. */
  object_published: number;
  /** The organisation owning the photo's object: its people may see the original as uploaded. */
  object_organisation_id: number;
}

/** Every read and write of `object_photos`. */
export class PhotoRepository {
  constructor(private readonly db: Db) {}

  /** The photo with this id, if `principal` may see its object (the object's visibility is the photo's). */
  findVisible(id: string, principal: Principal | null): Promise<PhotoWithObject | undefined> {
    return this.db
      .selectFrom('object_photos')
      .innerJoin('objects', 'objects.seq', 'object_photos.object_seq')
      .selectAll('object_photos')
      .select(['objects.published as object_published', 'objects.organisation_id as object_organisation_id'])
      .where('object_photos.id', '=', id)
      .where(visibleTo(principal))
      .executeTakeFirst();
  }

  /** The position after the object's last photo (the first photo is 1). */
  async nextPosition(objectSeq: number): Promise<number> {
    const row = await this.db
      .selectFrom('object_photos')
      .select((eb) => eb.fn.max('position').as('last'))
      .where('object_seq', '=', objectSeq)
      .executeTakeFirst();
    return Number(row?.last ?? 0) + 1;
  }

  /** Which of these photo ids have a row. */
  async existing(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.selectFrom('object_photos').select('id').where('id', 'in', ids).execute();
    return new Set(rows.map((row) => row.id));
  }

  async insert(row: NewPhotoRow): Promise<ObjectPhotoRow> {
    return this.db.insertInto('object_photos').values(row).returningAll().executeTakeFirstOrThrow();
  }
}
