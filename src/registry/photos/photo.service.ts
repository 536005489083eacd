import type { Readable } from 'node:stream';
import type { Principal } from '../../roles.js';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import { DomainError, invalid, notFound } from '../../errors.js';
import { newPublicId } from '../ids.js';
import type { ObjectRepository, ObjectWithOrganisation } from '../object.repository.js';
import { photoView, type PhotoView } from '../object-view.js';
import { canEdit, seesSensitive } from '../visibility.js';
import { deriveImages, inspectImage, photoDigest, strippedOriginal } from './photo-image.js';
import { DERIVED_MIME, type PhotoStorage, type PhotoVariant, type StoredPhotoFiles, type StoredVariant } from './photo-storage.js';
import type { PhotoRepository, PhotoWithObject } from './photo.repository.js';

export const MAX_CAPTION_LENGTH = 500;
/** Bumped when the display or thumbnail recipe changes, so that ETags of derived files change with it. */
const DERIVATIVES_VERSION = 1;

/** A stored photo file the caller may read. */
export interface PhotoFile {
  /** Its bytes, read from the photo store. */
  bytes(): Promise<Buffer>;
  /** Its bytes as a stream, for large files sent as they are. */
  stream(): Promise<Readable>;
  mime: string;
  size: number;
  /** When it was stored. */
  lastModified: Date;
  etag: string;
  /** Shared caches may keep the file: the object is on the public alert list and the file carries no metadata. */
  public: boolean;
  /** A name for downloads: `<photo id>.<ext>`. */
  filename: string;
}

/**
 * Photos of registry objects: who may add and see them, decoding and checking uploads, and keeping the
 * original bytes together with display and thumbnail variants. A photo is visible exactly when its object is.
 */
export class PhotoService {
  private readonly deriving = new Map<string, Promise<void>>();

  constructor(
    private readonly transact: UnitOfWork<{ photos: PhotoRepository; objects: ObjectRepository }>,
    private readonly photos: PhotoRepository,
    private readonly objects: ObjectRepository,
    private readonly storage: PhotoStorage,
  ) {}

  /**
   * Removes files no row refers to: left when a process was killed between writing a photo's files
   * and committing its row, or temporary files of an interrupted write. Only files older than
   * `graceMs` go, so an upload in progress (files written, row not yet committed) is never touched.
   */
  async removeOrphanFiles(graceMs = 60 * 60 * 1000, now = Date.now()): Promise<number> {
    let removed = 0;
    let batch: Array<{ path: string; id: string | null }> = [];
    const flush = async () => {
      const known = await this.photos.existing(batch.flatMap((file) => (file.id ? [file.id] : [])));
      for (const file of batch) {
        if (file.id && known.has(file.id)) continue;
        await this.storage.removeFile(file.path);
        removed += 1;
      }
      batch = [];
    };
    for await (const file of this.storage.files()) {
      if (now - file.modifiedMs < graceMs) continue;
      batch.push(file);
      if (batch.length >= 500) await flush();
    }
    await flush();
    return removed;
  }

  /** The object, if `actor` may add photos to it: not found if they cannot see it, forbidden if they cannot change it. */
  async requireEditableObject(actor: Principal, objectId: string): Promise<ObjectWithOrganisation> {
    const object = await this.objects.findVisible(objectId, actor);
    if (!object) throw notFound(`No object with the id "${objectId}".`);
    if (!canEdit(actor, object.organisation_id)) throw new DomainError('forbidden', 'Only the owning organisation’s registrars and admins may add photos to this object.');
    return object;
  }

  async addPhoto(actor: Principal, objectId: string, bytes: Buffer, filename: string, caption?: string | null): Promise<PhotoView> {
    const object = await this.requireEditableObject(actor, objectId);
    const text = caption?.trim() || null;
    if (text && text.length > MAX_CAPTION_LENGTH) throw invalid(`The caption is longer than ${MAX_CAPTION_LENGTH} characters.`, [{ field: 'caption', message: 'too long' }]);

    const image = await inspectImage(bytes, filename);
    const derived = await deriveImages(bytes, filename);
    const id = newPublicId();
    const sha256 = photoDigest(bytes);
    // Files first, then the row that refers to them: the database never points at a missing or half-written file.
    const files = await this.storage.write(id, image.ext, bytes, derived);
    try {
      const row = await this.transact(async ({ photos, objects }) => {
        const inserted = await photos.insert({
          id,
          object_seq: object.seq,
          position: await photos.nextPosition(object.seq),
          file: files.original,
          mime: image.mime,
          width: image.width,
          height: image.height,
          bytes: bytes.length,
          sha256,
          caption: text,
          created_at: new Date().toISOString(),
          created_by: actor.userId,
        });
        await objects.addHistory({
          objectSeq: object.seq,
          userId: actor.userId,
          actor: actor.displayName,
          action: 'photo-added',
          changes: { photo: id, filename, mime: image.mime, width: image.width, height: image.height, bytes: bytes.length, sha256, caption: text },
        });
        await objects.touch(object.seq, actor.userId);
        return inserted;
      });
      return photoView(row);
    } catch (error) {
      await this.storage.remove(files).catch(() => undefined);
      throw error;
    }
  }

  /**
   * The file of one variant of a photo, if `principal` may see the photo's object (otherwise not found).
   * The original as uploaded (GPS position, camera serial, descriptions in its EXIF, XMP and IPTC) goes
   * only to those entitled to the object's sensitive fields; anyone else gets it without its metadata.
   */
  async readPhoto(principal: Principal | null, photoId: string, variant: PhotoVariant): Promise<PhotoFile> {
    const row = await this.visibleRow(principal, photoId);
    const withoutMetadata = variant === 'original' && !seesSensitive(principal, row.object_organisation_id);
    return this.file(row, withoutMetadata ? 'stripped' : variant);
  }

  /**
   * The original as uploaded, if `principal` may see the photo's object: for renderers that write no
   * metadata themselves (IIIF), so that they start from the best pixels.
   */
  async readRenderSource(principal: Principal | null, photoId: string): Promise<PhotoFile> {
    const row = await this.visibleRow(principal, photoId);
    // What is rendered from it carries no metadata: as shareable as its object.
    return { ...(await this.file(row, 'original')), public: row.object_published === 1 };
  }

  private async visibleRow(principal: Principal | null, photoId: string): Promise<PhotoWithObject> {
    const row = await this.photos.findVisible(photoId, principal);
    if (!row) throw notFound(`No photo with the id "${photoId}".`);
    return row;
  }

  private async file(row: PhotoWithObject, variant: StoredVariant): Promise<PhotoFile> {
    const ext = row.file.slice(row.file.lastIndexOf('.') + 1);
    const paths = { ...this.storage.relativePaths(row.id, ext), original: row.file };
    const relativePath = paths[variant];
    let stored = await this.storage.stat(relativePath);
    if (stored === undefined && variant !== 'original') {
      // Derived files can always be made (again) from the original: lost, removed to change the recipe, or never asked for yet.
      await this.derive(row, paths, variant);
      stored = await this.storage.stat(relativePath);
    }
    if (stored === undefined) throw new Error(`The file of photo ${row.id} (${relativePath}) is missing from the photo store.`);
    return {
      bytes: () => this.storage.read(relativePath),
      stream: () => this.storage.stream(relativePath),
      lastModified: new Date(stored.modifiedMs),
      mime: variant === 'original' || variant === 'stripped' ? row.mime : DERIVED_MIME[variant],
      size: stored.size,
      etag: variant === 'original' ? `"${row.sha256}"` : `"${row.sha256.slice(0, 32)}-${variant}-${DERIVATIVES_VERSION}"`,
      // The untouched original is never kept by shared caches: the same address answers others without its metadata.
      public: row.object_published === 1 && variant !== 'original',
      filename: `${row.id}.${relativePath.slice(relativePath.lastIndexOf('.') + 1)}`,
    };
  }

  /** Makes a derived file from the original; concurrent requests for the same one share the work. */
  private derive(row: PhotoWithObject, paths: StoredPhotoFiles, variant: Exclude<StoredVariant, 'original'>): Promise<void> {
    // Display and thumbnail are made together.
    const key = `${row.id}/${variant === 'stripped' ? variant : 'derived'}`;
    let pending = this.deriving.get(key);
    if (!pending) {
      pending = (
        variant === 'stripped'
          ? (async () => this.storage.writeStripped(paths, await strippedOriginal(await this.storage.read(paths.original), row.mime)))()
          : (async () => this.storage.writeDerived(paths, await deriveImages(await this.storage.read(paths.original))))()
      ).finally(() => this.deriving.delete(key));
      this.deriving.set(key, pending);
    }
    return pending;
  }
}
