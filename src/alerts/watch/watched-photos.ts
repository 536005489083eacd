import sharp from 'sharp';
import { DomainError } from '../../errors.js';
import type { DescribePool, PhotoSource } from '../../identify/describe-pool.js';
import { geometricModelFor } from '../../identify/geometric-model.js';
import type { ImageDescription } from '../../identify/identification-engine.js';
import { candidateVerdict, evidenceScore, MIN_QUERY_FEATURES, NotEnoughDetailError } from '../../identify/verdict.js';
import { newPublicId } from '../../registry/ids.js';
import type { WatchIndex } from './watch-index.js';
import type { AlertPhoto, NewWatchedPhoto, WatchedPhoto, WatchedPhotosRepository, WatchOwner, WatchOwnerKind } from './watched-photos.repository.js';

/** A watched photo found in an alert's photo, with the evidence. */
export interface WatchHit {
  watched: WatchedPhoto;
  /** The registry photo of the alert object it was found in. */
  alertPhotoId: string;
  verdict: 'match' | 'possible';
  /** The identification's evidence score (0–1; a match from 0.5). */
  score: number;
  /** Keypoints of the two photos verified to correspond geometrically. */
  inliers: number;
  /** Bits differing between the perceptual hashes (≤ 10: the same picture). */
  hashDistance: number;
}

export interface RegisterResult {
  added: WatchedPhoto[];
  /** Files that could not be watched (not an image, too small, too little detail), each with why. */
  refused: Array<{ label: string; error: DomainError }>;
}

/** More photos than a watch holds: none of them was added. */
export class TooManyWatchedPhotosError extends DomainError {
  constructor(readonly room: number) {
    super('invalid', `A watch holds at most ${MAX_PHOTOS_PER_OWNER} photos: ${room} more can be added.`, [{ field: 'photos', message: `at most ${room} more` }]);
    this.name = 'TooManyWatchedPhotosError';
  }
}

export interface WatchedPhotosParts {
  repository: WatchedPhotosRepository;
  /** The index of watched photos (its own engine, with the identification's extractor and vocabulary). */
  index: WatchIndex;
  /** Describes photos on the worker threads the identification uses. */
  describer: Pick<DescribePool, 'describe' | 'size'>;
  /** A registry photo's bytes (its display image), for alert photos the identification has not indexed yet. */
  readRegistryPhoto: (photoId: string) => Promise<Buffer | undefined>;
}

/** One owner watches at most this many photos (a dealer's stock: 100 watches × 1,000 photos are searched in well under a second). */
export const MAX_PHOTOS_PER_OWNER = 1000;
const THUMBNAIL_SIDE = 320;

/**
 * Photos people watch for — a dealer's or a marketplace's stock, a certified lot — described by the
 * identification engine and searched with each new alert's photos: the engine in reverse.
 */
export class WatchedPhotos {
  constructor(private readonly parts: WatchedPhotosParts) {}

  /**
   * Describes and stores `files` for `owner`; a file that is not a usable photo is refused with its
   * reason and the others are kept.
   */
  async register(owner: WatchOwner, files: ReadonlyArray<{ source: PhotoSource; label: string }>): Promise<RegisterResult> {
    const { repository, describer } = this.parts;
    const already = (await repository.counts(owner.kind, [owner.ownerId])).get(owner.ownerId) ?? 0;
    if (already + files.length > MAX_PHOTOS_PER_OWNER) throw new TooManyWatchedPhotosError(MAX_PHOTOS_PER_OWNER - already);
    const refused: Array<RegisterResult['refused'][number] & { position: number }> = [];
    // A few at a time per worker: the pool stays busy without holding every file in memory.
    const queue = files.map((file, position) => ({ ...file, position }));
    const described: Array<NewWatchedPhoto & { position: number }> = [];
    const work = async () => {
      for (let file = queue.shift(); file; file = queue.shift()) {
        try {
          const { image, description } = await describer.describe(file.source, 'reference', file.label);
          if (description.features.points.length / 2 < MIN_QUERY_FEATURES) throw new NotEnoughDetailError();
          const thumbnail = await sharp(image.rgb, { raw: { width: image.width, height: image.height, channels: 3 } })
            .resize({ width: THUMBNAIL_SIDE, height: THUMBNAIL_SIDE, fit: 'inside', withoutEnlargement: true })
            .webp({ quality: 75 })
            .toBuffer();
          described.push({ id: newPublicId(), owner, label: file.label, extractor: this.parts.index.engine.extractor.name, description, thumbnail, createdAt: new Date().toISOString(), position: file.position });
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          refused.push({ label: file.label, error, position: file.position });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, describer.size * 2) }, work));
    // In the order given, whichever worker finished first.
    described.sort((a, b) => a.position - b.position);
    refused.sort((a, b) => a.position - b.position);
    await repository.insert(described);
    return { added: described.map(({ id, label, createdAt }) => ({ id, owner, label, createdAt })), refused: refused.map(({ label, error }) => ({ label, error })) };
  }

  list(owner: WatchOwner): Promise<WatchedPhoto[]> {
    return this.parts.repository.list(owner);
  }

  /** How many photos each owner of `kind` watches. */
  counts(kind: WatchOwnerKind, ownerIds: readonly string[]): Promise<Map<string, number>> {
    return this.parts.repository.counts(kind, ownerIds);
  }

  thumbnail(owner: WatchOwner, id: string): Promise<Buffer | undefined> {
    return this.parts.repository.thumbnail(owner, id);
  }

  /** Stops watching one photo of `owner`, or all of them (the watch or certificate ended); returns how many. */
  remove(owner: WatchOwner, id?: string): Promise<number> {
    return this.parts.repository.remove(owner, id);
  }

  /** Watched photos in memory. */
  get size(): number {
    return this.parts.index.size;
  }

  /** Loads the watched photos in memory (the server does at start, so that the first alert does not wait). */
  refresh(): Promise<void> {
    return this.parts.index.refresh();
  }

  /** The watched photos (of `kind`, or any) found in the photos of the object `objectId`. */
  async matchObject(objectId: string, kind?: WatchOwnerKind): Promise<WatchHit[]> {
    return this.matchAlert(await this.parts.repository.alertPhotos(objectId), kind);
  }

  /**
   * The watched photos (of `kind`, or any) found in an alert's photos: each searched with the
   * description the identification stored for it, or described now if it has none yet. One hit per
   * watched photo, the strongest; strongest first.
   */
  async matchAlert(photos: readonly AlertPhoto[], kind?: WatchOwnerKind): Promise<WatchHit[]> {
    const best = new Map<string, WatchHit>();
    for (const photo of photos) {
      const query = await this.describeAlertPhoto(photo);
      if (!query || query.features.points.length / 2 < MIN_QUERY_FEATURES) continue;
      for (const candidate of await this.parts.index.search(query, geometricModelFor(photo.objectType), kind)) {
        const verdict = candidateVerdict(candidate);
        if (verdict === 'no-match') continue;
        const hit: WatchHit = {
          watched: { id: candidate.watched.id, owner: candidate.watched.owner, label: candidate.watched.label, createdAt: candidate.watched.createdAt },
          alertPhotoId: photo.photoId,
          verdict,
          score: evidenceScore(candidate),
          inliers: candidate.inliers,
          hashDistance: candidate.hashDistance,
        };
        const known = best.get(hit.watched.id);
        if (!known || hit.score > known.score || (hit.score === known.score && hit.inliers > known.inliers)) best.set(hit.watched.id, hit);
      }
    }
    return [...best.values()].sort((a, b) => b.score - a.score || b.inliers - a.inliers);
  }

  private async describeAlertPhoto(photo: AlertPhoto): Promise<ImageDescription | undefined> {
    const { engine } = this.parts.index;
    if (photo.stored) return { features: engine.bucket(photo.stored.features, photo.stored.terms.words), ...photo.stored.terms, hash: photo.stored.hash };
    const bytes = await this.parts.readRegistryPhoto(photo.photoId);
    if (!bytes) return undefined;
    try {
      return (await this.parts.describer.describe(bytes, 'reference')).description;
    } catch (error) {
      // A registry photo the engine cannot read has nothing to match: the object's other photos still do.
      if (error instanceof DomainError) return undefined;
      throw error;
    }
  }
}
