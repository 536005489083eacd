import { notFound } from '../errors.js';
import { newPublicId } from '../registry/ids.js';
import type { Principal } from '../roles.js';
import type { SigningService } from '../signing/signing.service.js';
import type { EmergencyRepository } from './emergency.repository.js';
import type { NoStrikeFormat } from './emergency.schemas.js';
import type { EmergencyService } from './emergency.service.js';
import { NO_STRIKE_MEDIA_TYPES, renderNoStrikeList } from './no-strike-export.js';

export interface SignedExport {
  id: string;
  emergencyId: string;
  format: NoStrikeFormat;
  bytes: Buffer;
  /** Detached JWS of `bytes` (signing.service.ts). */
  signature: string;
  contentType: string;
  fileName: string;
  count: number;
  exportedAt: string;
}

/**
 * No-strike lists: dated, signed with the network's key, logged in the audit trail, and kept as
 * handed out, so that the file and its `.sig` are downloaded separately and still match.
 */
export class NoStrikeExportService {
  constructor(
    private readonly emergencies: EmergencyService,
    private readonly exports: EmergencyRepository,
    private readonly signing: SigningService,
  ) {}

  async export(actor: Principal, emergencyId: string, format: NoStrikeFormat): Promise<SignedExport> {
    const { emergency, places } = await this.emergencies.placesForNoStrike(actor, emergencyId);
    const exportedAt = new Date();
    const bytes = Buffer.from(renderNoStrikeList({ emergency, places, exportedAt: exportedAt.toISOString() }, format), 'utf8');
    const signature = await this.signing.signDetached(bytes, exportedAt);
    const id = newPublicId();
    await this.exports.insertExport({ id, emergency_id: emergency.id, format, content: bytes, signature, place_count: places.length, exported_by: actor.userId, exported_at: exportedAt.toISOString() });
    await this.emergencies.recordExport(actor, emergency.id, format, places.length);
    return signedExport(id, emergency.id, format, bytes, signature, places.length, exportedAt.toISOString());
  }

  /** An earlier export, for those who may export (the file or its signature downloaded after the page made it). */
  async get(actor: Principal, emergencyId: string, id: string): Promise<SignedExport> {
    this.emergencies.requireNoStrikeRole(actor);
    const row = await this.exports.findExport(emergencyId, id);
    if (!row) throw notFound(`No export ${id} of this emergency.`);
    return signedExport(row.id, row.emergency_id, row.format as NoStrikeFormat, Buffer.from(row.content), row.signature, Number(row.place_count), row.exported_at);
  }
}

function signedExport(id: string, emergencyId: string, format: NoStrikeFormat, bytes: Buffer, signature: string, count: number, exportedAt: string): SignedExport {
  return { id, emergencyId, format, bytes, signature, contentType: NO_STRIKE_MEDIA_TYPES[format], fileName: `no-strike-${emergencyId}-${exportedAt.slice(0, 10)}-${id.slice(0, 6)}.${format}`, count, exportedAt };
}
