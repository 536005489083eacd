import { z } from '@hono/zod-openapi';
import type { Principal } from '../roles.js';
import type { SightingRow } from '../db/schema.js';
import type { UnitOfWork } from '../db/unit-of-work.js';
import { DomainError, notFound } from '../errors.js';
import { newPublicId } from '../registry/ids.js';
import type { ObjectRepository } from '../registry/object.repository.js';
import { seesSensitive } from '../registry/visibility.js';
import type { IdentificationRepository } from './identification.repository.js';
import type { IdentifyService } from './identify.service.js';

export const MAX_PLACE_LENGTH = 300;
export const MAX_NOTE_LENGTH = 2000;

export const SightingInputSchema = z.object({
  place: z.string().trim().min(1).max(MAX_PLACE_LENGTH),
  country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as FR').optional(),
  note: z.string().trim().max(MAX_NOTE_LENGTH).optional(),
});
export type SightingInput = z.infer<typeof SightingInputSchema>;

/**
 * Sightings: a person who identified a photo confirms that it shows a registered object, seen at a
 * place. The sighting is written with an entry in the object's history (so it shows there, to
 * those who see the history) and notifies the owning organisation and investigators.
 */
export class SightingService {
  constructor(
    private readonly transact: UnitOfWork<{ identifications: IdentificationRepository; objects: ObjectRepository }>,
    private readonly identify: IdentifyService,
    private readonly identifications: IdentificationRepository,
    private readonly objects: ObjectRepository,
    /** What time it is: the real time, or the demo's past years (src/observatory/demo/). */
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Records the sighting once (confirming again returns the first one). */
  async record(actor: Principal, identificationId: string, objectId: string, input: SightingInput): Promise<{ sighting: SightingRow; created: boolean }> {
    const identification = await this.identify.readable(actor, identificationId);
    if (identification.userId !== actor.userId) throw new DomainError('forbidden', 'Only the person who identified the photo may confirm what it shows.');
    if (!identification.candidates.some((candidate) => candidate.objectId === objectId)) throw notFound(`The identification ${identificationId} showed no object ${objectId}.`);
    const object = await this.objects.findVisible(objectId, actor);
    if (!object) throw notFound(`No object with the id "${objectId}".`);
    const note = input.note?.trim() || null;
    const at = this.clock().toISOString();
    return this.transact(async ({ identifications, objects }) => {
      const recorded = await identifications.insertSighting({
        id: newPublicId(),
        identification_id: identificationId,
        object_seq: object.seq,
        user_id: actor.userId,
        organisation_id: actor.organisationId,
        reporter: actor.displayName,
        place: input.place,
        country: input.country ?? null,
        note,
        created_at: at,
      });
      if (recorded.created) {
        await objects.addHistory({
          objectSeq: object.seq,
          userId: actor.userId,
          actor: actor.displayName,
          action: 'sighting-recorded',
          changes: { sighting: recorded.sighting.id, place: input.place, country: input.country ?? null, note },
          at,
        });
      }
      return recorded;
    });
  }

  /**
   * The photo of a sighting: for whoever recorded it and for those the sighting is for, who see the
   * object's history (its organisation, investigators, admins). Not found for anyone else.
   */
  async photo(principal: Principal | null, sightingId: string, variant: 'display' | 'thumbnail'): Promise<Buffer> {
    const sighting = await this.identifications.findSighting(sightingId);
    const mine = sighting !== undefined && principal !== null && sighting.user_id === principal.userId;
    const entitled =
      sighting !== undefined && seesSensitive(principal, sighting.object_organisation_id) && (await this.objects.findVisible(sighting.object_id, principal)) !== undefined;
    if (!sighting || !(mine || entitled)) throw notFound(`No sighting with the id "${sightingId}".`);
    return this.identify.photoBytes(sighting.identification_id, sighting.photo_file, variant);
  }
}
