import type { AlertEvent, AlertListener } from '../../alerts/alert-event.js';
import type { WatchHit } from '../../alerts/watch/watched-photos.js';
import { DomainError } from '../../errors.js';
import type { Principal } from '../../roles.js';
import { groupBy } from '../../util/group-by.js';
import { screenLotAgainstObject, type ScreenedObject } from '../screen-lot.js';
import type { CertificateMatch } from './certificate.js';
import type { CertificateService } from './certificate.service.js';

export interface CertificateWatchParts {
  certificates: Pick<CertificateService, 'watched' | 'revokeForMatch'>;
  /** The holder as a principal (undefined once disabled): a lot is compared with what its holder may see, as its check was. */
  holder(userId: number): Promise<Principal | undefined>;
  /** The alert's object as `principal` sees it; not found when they may not. */
  object(principal: Principal, objectId: string): Promise<ScreenedObject>;
  /** The certified lots' photos found in the alert object's photos (the image watch, kind `certificate`). */
  photoHits(objectId: string): Promise<WatchHit[]>;
}

/**
 * Continuous due diligence: each new alert is compared with every lot whose holder consented to
 * keep it watched — by text (the check's own screening, screenLotAgainstObject) and by photo (the
 * image watch in reverse). A match, or a possible one, means the check would no longer find nothing:
 * the certificate is revoked with the evidence, and its holder and the investigators are told.
 */
export class CertificateWatch implements AlertListener {
  readonly name = 'certificates';

  constructor(private readonly parts: CertificateWatchParts) {}

  async handle(event: AlertEvent): Promise<'done' | 'later'> {
    const watched = await this.parts.certificates.watched();
    if (watched.length === 0) return 'done';
    const byId = new Map(watched.map((certificate) => [certificate.id, certificate]));
    const found = new Map<string, CertificateMatch>();
    const now = new Date().toISOString();
    // The object as each holder sees it, read once per holder.
    const seen = new Map<number, Promise<ScreenedObject | undefined>>();
    const objectFor = (holderId: number) => {
      let object = seen.get(holderId);
      if (!object) seen.set(holderId, (object = this.objectFor(holderId, event.objectId)));
      return object;
    };
    // The photo side first: the stronger evidence is the one kept when both match.
    // The image watch (and identification with it) is woken only when a watched lot has photos.
    const hits = watched.some((certificate) => certificate.content.lot.photos.length > 0) ? await this.parts.photoHits(event.objectId) : [];
    for (const hit of hits) {
      const certificate = byId.get(hit.watched.owner.ownerId);
      if (!certificate || found.has(certificate.id) || !(await objectFor(certificate.holderId))) continue;
      found.set(certificate.id, {
        objectId: event.objectId,
        kind: 'photo',
        alertEventId: event.id,
        evidence: { verdict: hit.verdict, score: hit.score, inliers: hit.inliers, lotPhoto: hit.watched.label, alertPhotoId: hit.alertPhotoId },
        foundAt: now,
      });
    }
    for (const [holderId, certificates] of groupBy(watched.filter((certificate) => !found.has(certificate.id)), (certificate) => certificate.holderId)) {
      const object = await objectFor(holderId);
      if (!object) continue;
      for (const certificate of certificates) {
        const evidence = screenLotAgainstObject(certificate.content.lot.fields, object);
        if (evidence) found.set(certificate.id, { objectId: event.objectId, kind: 'text', alertEventId: event.id, evidence, foundAt: now });
      }
    }
    for (const [id, match] of found) await this.parts.certificates.revokeForMatch(byId.get(id)!, match, event);
    return 'done';
  }

  /** The object as the holder sees it, or undefined if they may not (or are no longer a user). */
  private async objectFor(holderId: number, objectId: string): Promise<ScreenedObject | undefined> {
    const principal = await this.parts.holder(holderId);
    if (!principal) return undefined;
    try {
      return await this.parts.object(principal, objectId);
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not-found') return undefined;
      throw error;
    }
  }
}
