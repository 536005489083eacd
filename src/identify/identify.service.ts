import sharp from 'sharp';
import type { Principal } from '../roles.js';
import type { AuditTrail } from '../audit/audit.service.js';
import { DomainError, notFound } from '../errors.js';
import { newPublicId } from '../registry/ids.js';
import type { ObjectService } from '../registry/object.service.js';
import type { ObjectView } from '../registry/object-view.js';
import type { PhotoStorage } from '../registry/photos/photo-storage.js';
import type { PhotoService } from '../registry/photos/photo.service.js';
import { drawEvidence } from './evidence-image.js';
import type { PreparedImage } from './features.js';
import type { Identification, IdentificationRepository, StoredCandidate } from './identification.repository.js';
import type { IdentifyRepository } from './identify.repository.js';
import type { IdentifiedCandidate, ReferenceIndex } from './reference-index.js';
import type { DescribePool, PhotoSource } from './describe-pool.js';
import type { IdentificationAdmission } from './identification-admission.js';
import { assertEnoughDetail, decide, type Verdict } from './verdict.js';

export const DEFAULT_TOP = 5;
export const MAX_TOP = 20;

export interface IdentifiedObject {
  object: ObjectView;
  verdict: Verdict;
  score: number;
  inliers: number;
  evidenceUrl: string;
  /** The sighting recorded from this identification for this object, if one was. */
  sighting: { id: string; createdAt: string; place: string } | null;
}

export interface IdentificationView {
  id: string;
  createdAt: string;
  /** The verdict of the strongest candidate the caller may still see. */
  verdict: Verdict;
  /** The photo as the engine saw it, and its thumbnail. */
  photoUrl: string;
  thumbnailUrl: string;
  candidates: IdentifiedObject[];
  /** Signed-in authors may confirm a candidate (record a sighting); the anonymous public may not. */
  canConfirm: boolean;
}

export interface IdentifyParts {
  /** Prepares and describes query photos off the request thread. */
  describer: Pick<DescribePool, 'describe'>;
  index: ReferenceIndex;
  references: IdentifyRepository;
  identifications: IdentificationRepository;
  objects: ObjectService;
  photos: PhotoService;
  /** Where the photos people identified are kept (`<data>/identifications/`). */
  storage: PhotoStorage;
  /** Rate limits and the bounded queue every identification runs through. */
  admission: IdentificationAdmission;
  /** Anonymous identifications are removed after this many days. */
  anonymousRetentionDays: number;
  /** Records identifications by investigators and admins. */
  audit: AuditTrail;
}

/** Expired identifications removed per transaction, so that a large sweep never holds the write lock long. */
const EXPIRY_BATCH = 500;
const DAY_MS = 86_400_000;

export const identificationPath = (id: string) => `/media/identifications/${id}`;
export const evidencePath = (id: string, objectId: string) => `${identificationPath(id)}/evidence/${objectId}`;

/**
 * Identification from a photo: the engine's candidates among the registered photos the caller may
 * see, kept only with enough evidence, and the identification stored (photo, verdict, matched
 * points) so that its evidence can be drawn and a sighting recorded later — by its author only.
 */
export class IdentifyService {
  constructor(private readonly parts: IdentifyParts) {}

  get admission(): IdentificationAdmission {
    return this.parts.admission;
  }

  /** Identifies a photo (bytes, or an uploaded file read by the describe pool), waiting its turn in the queue. */
  async identify(principal: Principal | null, photo: PhotoSource, filename: string, options: { top?: number | undefined } = {}): Promise<IdentificationView> {
    const { image, query, decided } = await this.rank(principal, photo, filename, options);

    const id = newPublicId();
    // The photo first, then the row that refers to it (removed again if the row cannot be written).
    const photoFile = await this.savePhoto(id, image);
    const identification: Identification = {
      id,
      userId: principal?.userId ?? null,
      createdAt: new Date().toISOString(),
      verdict: decided.verdict,
      photoFile,
      width: image.width,
      height: image.height,
      candidates: decided.candidates.map((candidate) => storedCandidate(candidate, query.features.points)),
    };
    try {
      await this.parts.identifications.insert(identification);
    } catch (error) {
      await this.parts.storage.remove(this.parts.storage.relativePaths(id, 'jpg')).catch(() => undefined);
      throw error;
    }
    await this.parts.audit.recordInvestigation(principal, { action: 'identify', targetType: 'identification', targetId: id, details: { verdict: decided.verdict, candidates: identification.candidates.map((candidate) => candidate.objectId) } });
    return this.view(principal, identification);
  }

  /**
   * What `identify` decides for a photo, without keeping anything (no identification stored, nothing
   * audited): the engine measured as it serves (`egide identify evaluate`). `found` holds every
   * verified candidate, shown or not.
   */
  async rank(principal: Principal | null, photo: PhotoSource, filename: string, options: { top?: number | undefined } = {}) {
    const { describer, index, references } = this.parts;
    const top = Math.min(Math.max(Math.trunc(options.top ?? DEFAULT_TOP), 1), MAX_TOP);
    const { image, query, found } = await this.parts.admission.queue.run(async () => {
      const { image, description: query } = await describer.describe(photo, 'query', filename);
      assertEnoughDetail(query);
      const visible = await references.visibleSeqs(principal);
      return { image, query, found: await index.identify(query, visible && ((seq) => visible.has(seq))) };
    });
    return { image, query, found, decided: decide(found, top) };
  }

  /**
   * Removes the anonymous identifications made more than the retention period before `now`, with
   * their photos (rows first: a photo left behind by a crash is only a file, never a broken row).
   * Signed-in authors' identifications stay (their sightings refer to them). Returns how many went.
   */
  async expireAnonymous(now: Date = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.parts.anonymousRetentionDays * DAY_MS).toISOString();
    let removed = 0;
    for (;;) {
      const expired = await this.parts.identifications.removeAnonymousBefore(cutoff, EXPIRY_BATCH);
      for (const id of expired) await this.parts.storage.remove(this.parts.storage.relativePaths(id, 'jpg'));
      removed += expired.length;
      if (expired.length < EXPIRY_BATCH) return removed;
    }
  }

  /** An identification, for its author (or an admin); anyone else is told it does not exist. */
  async get(principal: Principal | null, id: string): Promise<IdentificationView> {
    return this.view(principal, await this.readable(principal, id));
  }

  /** The evidence image of a candidate the identification showed, if the caller may still see its object. */
  async evidence(principal: Principal | null, id: string, objectId: string): Promise<Buffer> {
    return this.drawEvidence(principal, await this.readable(principal, id), objectId);
  }

  /**
   * For a service that shows identifications on its own terms, having checked who may see them (a
   * customs check shows its photos to the check's organisation): the photo of one of `ids`, or the
   * evidence for `objectId` from whichever of them showed it with the highest score. The object's
   * own photo is still read as `principal` may see it.
   */
  async sharedPhoto(id: string, variant: 'display' | 'thumbnail'): Promise<Buffer> {
    const identification = await this.parts.identifications.find(id);
    if (!identification) throw notFound(`No identification with the id "${id}".`);
    return this.photoBytes(identification.id, identification.photoFile, variant);
  }

  async sharedEvidence(principal: Principal | null, ids: readonly string[], objectId: string): Promise<Buffer> {
    let best: { identification: Identification; score: number } | undefined;
    for (const id of ids) {
      const identification = await this.parts.identifications.find(id);
      const score = identification?.candidates.find((shown) => shown.objectId === objectId)?.score;
      if (identification && score !== undefined && (!best || score > best.score)) best = { identification, score };
    }
    if (!best) throw notFound(`No photo of the check showed the object ${objectId}.`);
    return this.drawEvidence(principal, best.identification, objectId);
  }

  private async drawEvidence(principal: Principal | null, identification: Identification, objectId: string): Promise<Buffer> {
    const candidate = identification.candidates.find((shown) => shown.objectId === objectId);
    if (!candidate) throw notFound(`The identification ${identification.id} showed no object ${objectId}.`);
    const registered = await this.parts.photos.readPhoto(principal, candidate.photoId, 'display');
    return drawEvidence(
      { image: await this.parts.storage.read(identification.photoFile), width: identification.width, height: identification.height },
      { image: await registered.bytes(), ...candidate.reference },
      candidate.points,
    );
  }

  /** The identified photo (display or thumbnail), for its author. */
  async photo(principal: Principal | null, id: string, variant: 'display' | 'thumbnail'): Promise<Buffer> {
    const identification = await this.readable(principal, id);
    return this.photoBytes(identification.id, identification.photoFile, variant);
  }

  /** An identification's photo (also the photo of its sightings). */
  photoBytes(id: string, displayFile: string, variant: 'display' | 'thumbnail'): Promise<Buffer> {
    return this.parts.storage.read(variant === 'display' ? displayFile : this.parts.storage.relativePaths(id, 'jpg').thumbnail);
  }

  /**
   * An identification the caller may read: a signed-in author's own (admins read all); one made
   * anonymously is reached by its unguessable id alone, as the anonymous author has nothing else.
   */
  async readable(principal: Principal | null, id: string): Promise<Identification> {
    const identification = await this.parts.identifications.find(id);
    const allowed = identification && (identification.userId === null || identification.userId === principal?.userId || principal?.role === 'admin');
    if (!allowed) throw notFound(`No identification with the id "${id}".`);
    return identification;
  }

  /** The photo as the engine saw it (oriented, at most the query size), and a thumbnail for lists. */
  private async savePhoto(id: string, image: PreparedImage): Promise<string> {
    const raw = { raw: { width: image.width, height: image.height, channels: 3 as const } };
    const paths = this.parts.storage.relativePaths(id, 'jpg');
    await this.parts.storage.writeDerived(paths, {
      display: await sharp(image.rgb, raw).jpeg({ quality: 85, mozjpeg: true }).toBuffer(),
      thumbnail: await sharp(image.rgb, raw).resize({ width: 400, height: 400, fit: 'inside', withoutEnlargement: true }).webp({ quality: 80 }).toBuffer(),
    });
    return paths.display;
  }

  private async view(principal: Principal | null, identification: Identification): Promise<IdentificationView> {
    const sightings = await this.parts.identifications.sightingsOf(identification.id);
    const candidates: IdentifiedObject[] = [];
    for (const candidate of identification.candidates) {
      const object = await this.parts.objects.get(principal, candidate.objectId).catch((error: unknown) => {
        // An object that left what the caller may see since (taken off the alert list) is not shown.
        if (error instanceof DomainError && error.kind === 'not-found') return undefined;
        throw error;
      });
      if (!object) continue;
      const sighting = sightings.get(object.id);
      candidates.push({
        object,
        verdict: candidate.verdict,
        score: candidate.score,
        inliers: candidate.inliers,
        evidenceUrl: evidencePath(identification.id, candidate.objectId),
        sighting: sighting ? { id: sighting.id, createdAt: sighting.created_at, place: sighting.place } : null,
      });
    }
    return {
      id: identification.id,
      createdAt: identification.createdAt,
      verdict: candidates[0]?.verdict ?? 'no-match',
      photoUrl: `${identificationPath(identification.id)}/photo`,
      thumbnailUrl: `${identificationPath(identification.id)}/photo/thumbnail`,
      candidates,
      canConfirm: principal !== null && identification.userId === principal.userId,
    };
  }
}

function storedCandidate(candidate: IdentifiedCandidate & { verdict: Verdict; score: number }, queryPoints: Float32Array): StoredCandidate {
  const reference = candidate.reference.features;
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    objectId: candidate.objectId,
    photoId: candidate.photoId,
    verdict: candidate.verdict,
    score: candidate.score,
    inliers: candidate.inliers,
    reference: { width: reference.width, height: reference.height },
    points: candidate.pairs.map(([q, r]) => [round(queryPoints[q * 2]!), round(queryPoints[q * 2 + 1]!), round(reference.points[r * 2]!), round(reference.points[r * 2 + 1]!)]),
  };
}
