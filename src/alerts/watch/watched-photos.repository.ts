import { pagesBySeq } from '../../db/chunks.js';
import type { Db } from '../../db/database.js';
import { writeTransaction } from '../../db/write-transaction.js';
import type { IndexTerms } from '../../identify/bow-index.js';
import { decodeFeatures, decodeIndexTerms, encodeFeatures, encodeIndexTerms } from '../../identify/feature-codec.js';
import type { LocalFeatures } from '../../identify/features.js';
import type { ImageDescription } from '../../identify/identification-engine.js';
import type { PerceptualHash } from '../../identify/perceptual-hash.js';

/** Who watches a photo: an image-watch subscription, or a certificate whose lot stays watched. */
export const WATCH_OWNER_KINDS = ['image-watch', 'certificate'] as const;
export type WatchOwnerKind = (typeof WATCH_OWNER_KINDS)[number];

export interface WatchOwner {
  kind: WatchOwnerKind;
  ownerId: string;
}

export interface WatchedPhoto {
  id: string;
  owner: WatchOwner;
  /** The file's name as uploaded: what tells the owner which of its objects it is. */
  label: string;
  createdAt: string;
}

export interface NewWatchedPhoto {
  id: string;
  owner: WatchOwner;
  label: string;
  extractor: string;
  description: ImageDescription;
  thumbnail: Buffer;
  createdAt: string;
}

/** What the in-memory index loads of a watched photo. */
export interface WatchEntry extends IndexTerms {
  seq: number;
  kind: WatchOwnerKind;
  hash: PerceptualHash;
}

/** A watched photo's features, read to verify a candidate. */
export interface StoredWatchedPhoto extends WatchedPhoto {
  seq: number;
  features: LocalFeatures;
  words: Uint32Array;
}

/** A registry photo of an alert object, with its description when the identification index has one. */
export interface AlertPhoto {
  photoId: string;
  /** The object's type (how its views may deform, for verification). */
  objectType: string | null;
  stored: { features: LocalFeatures; terms: IndexTerms; hash: PerceptualHash } | undefined;
}

const ownerOf = (row: { owner_kind: string; owner_id: string }): WatchOwner => ({ kind: row.owner_kind as WatchOwnerKind, ownerId: row.owner_id });

/** Every read and write of the watched photos. */
export class WatchedPhotosRepository {
  constructor(private readonly db: Db) {}

  async insert(photos: readonly NewWatchedPhoto[]): Promise<void> {
    if (photos.length === 0) return;
    await writeTransaction(this.db, async (trx) => {
      await trx
        .insertInto('watched_photos')
        .values(
          photos.map((photo) => ({
            id: photo.id,
            owner_kind: photo.owner.kind,
            owner_id: photo.owner.ownerId,
            label: photo.label,
            extractor: photo.extractor,
            hash_high: photo.description.hash[0],
            hash_low: photo.description.hash[1],
            words: encodeIndexTerms(photo.description),
            features: encodeFeatures(photo.description.features),
            thumbnail: photo.thumbnail,
            created_at: photo.createdAt,
          })),
        )
        .execute();
    });
  }

  async list(owner: WatchOwner): Promise<WatchedPhoto[]> {
    const rows = await this.db
      .selectFrom('watched_photos')
      .select(['id', 'owner_kind', 'owner_id', 'label', 'created_at'])
      .where('owner_kind', '=', owner.kind)
      .where('owner_id', '=', owner.ownerId)
      .orderBy('seq')
      .execute();
    return rows.map((row) => ({ id: row.id, owner: ownerOf(row), label: row.label, createdAt: row.created_at }));
  }

  /** How many photos each of `ownerIds` watches (owners without any are left out). */
  async counts(kind: WatchOwnerKind, ownerIds: readonly string[]): Promise<Map<string, number>> {
    if (ownerIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('watched_photos')
      .select((eb) => ['owner_id', eb.fn.countAll<number>().as('n')])
      .where('owner_kind', '=', kind)
      .where('owner_id', 'in', [...ownerIds])
      .groupBy('owner_id')
      .execute();
    return new Map(rows.map((row) => [row.owner_id, Number(row.n)]));
  }

  async thumbnail(owner: WatchOwner, id: string): Promise<Buffer | undefined> {
    const row = await this.db
      .selectFrom('watched_photos')
      .select('thumbnail')
      .where('id', '=', id)
      .where('owner_kind', '=', owner.kind)
      .where('owner_id', '=', owner.ownerId)
      .executeTakeFirst();
    return row ? Buffer.from(row.thumbnail) : undefined;
  }

  /** Removes one photo of `owner` (all of them without `id`); returns how many went. */
  async remove(owner: WatchOwner, id?: string): Promise<number> {
    const result = await writeTransaction(this.db, (trx) => {
      let query = trx.deleteFrom('watched_photos').where('owner_kind', '=', owner.kind).where('owner_id', '=', owner.ownerId);
      if (id !== undefined) query = query.where('id', '=', id);
      return query.executeTakeFirst();
    });
    return Number(result.numDeletedRows);
  }

  /** Slots now: how many and the highest (−1 for none), to find those added or removed since the index was loaded. */
  async state(): Promise<{ count: number; maxSeq: number }> {
    const row = await this.db
      .selectFrom('watched_photos')
      .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.max<number | null>('seq').as('maxSeq')])
      .executeTakeFirstOrThrow();
    return { count: Number(row.count), maxSeq: row.maxSeq ?? -1 };
  }

  async *entriesAfter(afterSeq: number, batch = 2000): AsyncGenerator<WatchEntry[]> {
    const pages = pagesBySeq(afterSeq, (after) => this.db.selectFrom('watched_photos').select(['seq', 'owner_kind', 'words', 'hash_high', 'hash_low']).where('seq', '>', after).orderBy('seq').limit(batch).execute());
    for await (const rows of pages) yield rows.map((row) => ({ seq: row.seq, kind: row.owner_kind as WatchOwnerKind, ...decodeIndexTerms(row.words), hash: [row.hash_high, row.hash_low] as const }));
  }

  async liveSeqs(): Promise<number[]> {
    return (await this.db.selectFrom('watched_photos').select('seq').execute()).map((row) => row.seq);
  }

  async references(seqs: readonly number[]): Promise<StoredWatchedPhoto[]> {
    if (seqs.length === 0) return [];
    const rows = await this.db
      .selectFrom('watched_photos')
      .select(['seq', 'id', 'owner_kind', 'owner_id', 'label', 'created_at', 'features', 'words'])
      .where('seq', 'in', [...seqs])
      .execute();
    return rows.map((row) => ({
      seq: row.seq,
      id: row.id,
      owner: ownerOf(row),
      label: row.label,
      createdAt: row.created_at,
      features: decodeFeatures(row.features),
      words: decodeIndexTerms(row.words).words,
    }));
  }

  /** The photos of an object (by its public id), each with its stored identification description if it has one yet. */
  async alertPhotos(objectId: string): Promise<AlertPhoto[]> {
    const rows = await this.db
      .selectFrom('object_photos')
      .innerJoin('objects', 'objects.seq', 'object_photos.object_seq')
      .leftJoin('identify_images', 'identify_images.photo_id', 'object_photos.id')
      .select(['object_photos.id as photo_id', 'objects.object_type', 'identify_images.words', 'identify_images.features', 'identify_images.hash_high', 'identify_images.hash_low'])
      .where('objects.id', '=', objectId)
      .orderBy('object_photos.position')
      .execute();
    return rows.map((row) => ({
      photoId: row.photo_id,
      objectType: row.object_type,
      stored:
        row.words && row.features && row.hash_high !== null && row.hash_low !== null
          ? { features: decodeFeatures(row.features), terms: decodeIndexTerms(row.words), hash: [row.hash_high, row.hash_low] as const }
          : undefined,
    }));
  }
}
