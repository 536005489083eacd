import type { Db } from '../db/database.js';
import { writeTransaction } from '../db/write-transaction.js';
import type { IdentificationRow, SightingRow } from '../db/schema.js';
import type { MatchedPoints } from './evidence-image.js';
import type { Verdict } from './verdict.js';

/** A candidate as it was shown: enough to list it again and to draw its evidence. */
export interface StoredCandidate {
  objectId: string;
  /** The registered photo it matched. */
  photoId: string;
  verdict: Verdict;
  score: number;
  inliers: number;
  /** The size of the registered photo as the engine saw it (the points are in its pixels). */
  reference: { width: number; height: number };
  points: MatchedPoints[];
}

export interface Identification {
  id: string;
  userId: number | null;
  createdAt: string;
  verdict: Verdict;
  /** The photo as the engine saw it, relative to the identification photo folder. */
  photoFile: string;
  width: number;
  height: number;
  candidates: StoredCandidate[];
}

export type NewSighting = Omit<SightingRow, 'id'> & { id: string };

/** Every read and write of identifications and sightings. */
export class IdentificationRepository {
  constructor(private readonly db: Db) {}

  async insert(identification: Identification): Promise<void> {
    await this.db
      .insertInto('identifications')
      .values({
        id: identification.id,
        user_id: identification.userId,
        created_at: identification.createdAt,
        verdict: identification.verdict,
        photo_file: identification.photoFile,
        photo_width: identification.width,
        photo_height: identification.height,
        candidates: JSON.stringify(identification.candidates),
      })
      .execute();
  }

  /** Deletes up to `limit` anonymous identifications made before `cutoff` (ISO time); returns their ids. */
  async removeAnonymousBefore(cutoff: string, limit: number): Promise<string[]> {
    return writeTransaction(this.db, async (trx) => {
      const rows = await trx
        .selectFrom('identifications')
        .select('id')
        .where('user_id', 'is', null)
        .where('created_at', '<', cutoff)
        // Never one a sighting refers to (none should: only signed-in authors confirm).
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('sightings').select('sightings.id').whereRef('sightings.identification_id', '=', 'identifications.id'))))
        .limit(limit)
        .execute();
      const ids = rows.map((row) => row.id);
      if (ids.length > 0) await trx.deleteFrom('identifications').where('id', 'in', ids).execute();
      return ids;
    });
  }

  async find(id: string): Promise<Identification | undefined> {
    const row = await this.db.selectFrom('identifications').selectAll().where('id', '=', id).executeTakeFirst();
    return row && identificationOf(row);
  }

  /**
   * Records a sighting, once per identification and object: a second confirmation (a form sent
   * twice) returns the first sighting. `created` says whether this call recorded it.
   */
  async insertSighting(sighting: NewSighting): Promise<{ sighting: SightingRow; created: boolean }> {
    const inserted = await this.db
      .insertInto('sightings')
      .values(sighting)
      .onConflict((oc) => oc.columns(['identification_id', 'object_seq']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return { sighting: inserted, created: true };
    const existing = await this.db
      .selectFrom('sightings')
      .selectAll()
      .where('identification_id', '=', sighting.identification_id)
      .where('object_seq', '=', sighting.object_seq)
      .executeTakeFirstOrThrow();
    return { sighting: existing, created: false };
  }

  /** The sightings recorded from one identification, by the public id of their object. */
  async sightingsOf(identificationId: string): Promise<Map<string, SightingRow>> {
    const rows = await this.db
      .selectFrom('sightings')
      .innerJoin('objects', 'objects.seq', 'sightings.object_seq')
      .selectAll('sightings')
      .select('objects.id as object_id')
      .where('sightings.identification_id', '=', identificationId)
      .execute();
    return new Map(rows.map(({ object_id, ...row }) => [object_id, row]));
  }

  /** A sighting with what deciding who may see its photo needs: its object's owner and the photo file. */
  findSighting(id: string): Promise<(SightingRow & { object_id: string; object_organisation_id: number; photo_file: string }) | undefined> {
    return this.db
      .selectFrom('sightings')
      .innerJoin('objects', 'objects.seq', 'sightings.object_seq')
      .innerJoin('identifications', 'identifications.id', 'sightings.identification_id')
      .selectAll('sightings')
      .select(['objects.id as object_id', 'objects.organisation_id as object_organisation_id', 'identifications.photo_file'])
      .where('sightings.id', '=', id)
      .executeTakeFirst();
  }
}

function identificationOf(row: IdentificationRow): Identification {
  return {
    id: row.id,
    userId: row.user_id,
    createdAt: row.created_at,
    verdict: row.verdict as Verdict,
    photoFile: row.photo_file,
    width: row.photo_width,
    height: row.photo_height,
    candidates: JSON.parse(row.candidates) as StoredCandidate[],
  };
}
