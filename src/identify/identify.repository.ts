import { sql } from 'kysely';
import type { Principal } from '../roles.js';
import { pagesBySeq } from '../db/chunks.js';
import type { Db } from '../db/database.js';
import { compactIdentifySlots } from '../db/identify-slots.js';
import { MAX_JOB_ATTEMPTS } from '../db/indexing-job-claims.js';
import { writeTransaction } from '../db/write-transaction.js';
import { visibleTo } from '../registry/visibility.js';
import type { IndexTerms } from './bow-index.js';
import { decodeFeatures, decodeIndexTerms, encodeFeatures, encodeIndexTerms } from './feature-codec.js';
import type { LocalFeatures } from './features.js';
import type { ImageDescription } from './identification-engine.js';
import type { PerceptualHash } from './perceptual-hash.js';

export interface IndexEntry extends IndexTerms {
  seq: number;
  hash: PerceptualHash;
  /** The object the photo shows (`objects.seq`): its other photos are shortlisted with it. */
  objectSeq: number;
}

export interface StoredReference {
  seq: number;
  photoId: string;
  objectId: string;
  objectType: string | null;
  features: LocalFeatures;
  /** The visual word of each feature, in the same order. */
  words: Uint32Array;
}

export interface IndexState {
  count: number;
  maxSeq: number;
  generation: number;
}

export interface QueueCounts {
  indexed: number;
  pending: number;
  failed: number;
}

/** Lists of visible photos kept (one per role and organisation); past this, the one read longest ago goes. */
const VISIBLE_SCOPES_KEPT = 16;

/** Every read and write of the identification index and its job queue. */
export class IdentifyRepository {
  /**
   * The photos each scope may identify against, with the visibility version they were read at:
   * read again only once the triggers of visibility-triggers.ts have moved the version.
   */
  private readonly visible = new Map<string, { version: number; seqs: Set<number> }>();

  constructor(private readonly db: Db) {}

  /** Queues every photo again (after a change of extractor or vocabulary); returns how many. */
  async enqueueAll(now: string): Promise<number> {
    const result = await sql`insert into identify_jobs (photo_id, enqueued_at, attempts)
      select id, ${now}, 0 from object_photos where true
      on conflict (photo_id) do update set attempts = 0, last_error = null, enqueued_at = excluded.enqueued_at`.execute(this.db);
    return Number(result.numAffectedRows ?? 0);
  }

  async counts(): Promise<QueueCounts> {
    const [indexed, jobs] = await Promise.all([
      this.db.selectFrom('identify_images').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      this.db
        .selectFrom('identify_jobs')
        .select((eb) => [eb.fn.countAll<number>().as('all'), eb.fn.sum<number>(eb.case().when('attempts', '>=', MAX_JOB_ATTEMPTS).then(1).else(0).end()).as('failed')])
        .executeTakeFirstOrThrow(),
    ]);
    const failed = Number(jobs.failed ?? 0);
    return { indexed: Number(indexed.n), pending: Number(jobs.all) - failed, failed };
  }

  /**
   * Stores a photo's features and ends its job in one transaction; re-indexing a photo gives it a
   * new slot, so that an index loaded before sees the change (compactSlots closes the gaps). Returns
   * the new slot.
   */
  async saveIndexed(photoId: string, extractor: string, description: ImageDescription, now: string): Promise<number | undefined> {
    return writeTransaction(this.db, async (trx) => {
      await trx.deleteFrom('identify_jobs').where('photo_id', '=', photoId).executeTakeFirst();
      const photo = await trx.selectFrom('object_photos').select('id').where('id', '=', photoId).executeTakeFirst();
      if (!photo) return undefined; // deleted meanwhile
      await trx.deleteFrom('identify_images').where('photo_id', '=', photoId).execute();
      const row = await trx
        .insertInto('identify_images')
        .values({
          photo_id: photoId,
          extractor,
          hash_high: description.hash[0],
          hash_low: description.hash[1],
          words: encodeIndexTerms(description),
          features: encodeFeatures(description.features),
          indexed_at: now,
        })
        .returning('seq')
        .executeTakeFirstOrThrow();
      return row.seq;
    });
  }

  /** What the in-memory index holds, by slot, from slot `afterSeq` on (for loading and catching up). */
  async *entriesAfter(afterSeq: number, batch = 2000): AsyncGenerator<IndexEntry[]> {
    const pages = pagesBySeq(afterSeq, (after) =>
      this.db
        .selectFrom('identify_images')
        .innerJoin('object_photos', 'object_photos.id', 'identify_images.photo_id')
        .select(['identify_images.seq', 'identify_images.words', 'identify_images.hash_high', 'identify_images.hash_low', 'object_photos.object_seq'])
        .where('identify_images.seq', '>', after)
        .orderBy('identify_images.seq')
        .limit(batch)
        .execute(),
    );
    for await (const rows of pages) yield rows.map((row) => ({ seq: row.seq, ...decodeIndexTerms(row.words), hash: [row.hash_high, row.hash_low] as const, objectSeq: row.object_seq }));
  }

  /**
   * Slots of the index now (in one read): how many, the highest (−1 for none), to find those added
   * or removed since it was loaded; and the generation, which moves when slots are renumbered.
   */
  async state(): Promise<IndexState> {
    const row = await this.db
      .selectFrom('identify_images')
      .select((eb) => [
        eb.fn.countAll<number>().as('count'),
        eb.fn.max<number | null>('seq').as('maxSeq'),
        eb.selectFrom('identify_index_state').select('generation').as('generation'),
      ])
      .executeTakeFirstOrThrow();
    return { count: Number(row.count), maxSeq: row.maxSeq ?? -1, generation: Number(row.generation) };
  }

  /**
   * Renumbers the slots 0…n−1 (see compactIdentifySlots) and, if any moved, moves the generation,
   * so that loaded indexes reload, and the visibility version, so that kept lists of slots are read
   * again. Returns how many photos moved.
   */
  async compactSlots(): Promise<number> {
    return writeTransaction(this.db, async (trx) => {
      const moved = await compactIdentifySlots(trx);
      if (moved > 0) {
        await trx.updateTable('identify_index_state').set((eb) => ({ generation: eb('generation', '+', 1) })).execute();
        await trx.updateTable('identify_visibility').set((eb) => ({ version: eb('version', '+', 1) })).execute();
      }
      return moved;
    });
  }

  async liveSeqs(): Promise<number[]> {
    const rows = await this.db.selectFrom('identify_images').select('seq').execute();
    return rows.map((row) => row.seq);
  }

  /** Features of the candidates to verify, with their photo, object and object type. */
  async references(seqs: readonly number[]): Promise<StoredReference[]> {
    if (seqs.length === 0) return [];
    const rows = await this.db
      .selectFrom('identify_images')
      .innerJoin('object_photos', 'object_photos.id', 'identify_images.photo_id')
      .innerJoin('objects', 'objects.seq', 'object_photos.object_seq')
      .select(['identify_images.seq', 'identify_images.features', 'identify_images.words', 'object_photos.id as photo_id', 'objects.id as object_id', 'objects.object_type'])
      .where('identify_images.seq', 'in', [...seqs])
      .execute();
    return rows.map((row) => ({ seq: row.seq, photoId: row.photo_id, objectId: row.object_id, objectType: row.object_type, features: decodeFeatures(row.features), words: decodeIndexTerms(row.words).words }));
  }

  /**
   * The slots of the photos `principal` may see (the registry's one visibility rule); undefined
   * for admins, who see every object (no need to list 100,000 slots).
   */
  async visibleSeqs(principal: Principal | null): Promise<Set<number> | undefined> {
    if (principal?.role === 'admin') return undefined;
    const scope = principal ? `${principal.role}:${principal.organisationId}` : 'public';
    const { version } = await this.db.selectFrom('identify_visibility').select('version').executeTakeFirstOrThrow();
    const cached = this.visible.get(scope);
    if (cached?.version === version) return cached.seqs;
    const rows = await this.db
      .selectFrom('identify_images')
      .innerJoin('object_photos', 'object_photos.id', 'identify_images.photo_id')
      .innerJoin('objects', 'objects.seq', 'object_photos.object_seq')
      .select('identify_images.seq')
      .where(visibleTo(principal))
      .execute();
    const seqs = new Set(rows.map((row) => row.seq));
    this.visible.delete(scope);
    this.visible.set(scope, { version, seqs });
    if (this.visible.size > VISIBLE_SCOPES_KEPT) this.visible.delete(this.visible.keys().next().value!);
    return seqs;
  }
}
