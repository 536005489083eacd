import type { Db } from '../../db/database.js';
import type { EvaluationReport } from './report.js';

/** A registered photo indexed for identification, and its object. */
export interface IndexedPhoto {
  photoId: string;
  objectId: string;
}

/** Every read and write of the accuracy reports, and what an evaluation reads of the registry. */
export class EvaluationRepository {
  constructor(private readonly db: Db) {}

  /** Photos indexed for identification, in slot order (a seeded draw picks the same ones again). */
  async indexedPhotos(): Promise<IndexedPhoto[]> {
    const rows = await this.db
      .selectFrom('identify_images')
      .innerJoin('object_photos', 'object_photos.id', 'identify_images.photo_id')
      .innerJoin('objects', 'objects.seq', 'object_photos.object_seq')
      .select(['object_photos.id as photo_id', 'objects.id as object_id'])
      .orderBy('identify_images.seq')
      .execute();
    return rows.map((row) => ({ photoId: row.photo_id, objectId: row.object_id }));
  }

  async objectCount(): Promise<number> {
    const row = await this.db.selectFrom('objects').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async save(report: EvaluationReport): Promise<void> {
    await this.db.insertInto('identify_evaluations').values({ id: report.id, created_at: report.createdAt, version: report.version, seed: report.seed, report: JSON.stringify(report) }).execute();
  }

  /** Reports, newest first; of one release when `version` is given. */
  async list(options: { version?: string | undefined; limit: number }): Promise<EvaluationReport[]> {
    let query = this.db.selectFrom('identify_evaluations').select('report').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit);
    if (options.version !== undefined) query = query.where('version', '=', options.version);
    return (await query.execute()).map((row) => JSON.parse(row.report) as EvaluationReport);
  }
}
