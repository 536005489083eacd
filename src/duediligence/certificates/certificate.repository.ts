import type { Db } from '../../db/database.js';
import { writeTransaction } from '../../db/write-transaction.js';
import type { CertificateTable } from '../../db/schema-certificates.js';
import type { Certificate, CertificateContent, CertificateMatch, RevocationReason, StatusListContent } from './certificate.js';

/** Every read and write of certificates and of the alerts that matched them. */
export class CertificateRepository {
  constructor(private readonly db: Db) {}

  /** Stores `certificate` unless its lot has one already; the lot's certificate either way. */
  async insertUnlessIssued(certificate: Certificate): Promise<Certificate> {
    await this.db
      .insertInto('certificates')
      .values({
        id: certificate.id,
        check_id: certificate.checkId,
        lot_id: String(certificate.lotId),
        organisation_id: certificate.organisationId,
        user_id: certificate.holderId,
        issued_at: certificate.issuedAt,
        kid: certificate.kid,
        content: JSON.stringify(certificate.content),
        jws: certificate.jws,
        watched: certificate.watched ? 1 : 0,
        revoked_at: null,
        revocation_reason: null,
        revoked_by: null,
      })
      .onConflict((oc) => oc.columns(['check_id', 'lot_id']).doNothing())
      .execute();
    const stored = await this.findByLot(certificate.checkId, certificate.lotId);
    if (!stored) throw new Error(`No certificate for lot ${certificate.lotId} of check ${certificate.checkId} after storing one.`);
    return stored;
  }

  async find(id: string): Promise<Certificate | undefined> {
    const row = await this.db.selectFrom('certificates').selectAll().where('id', '=', id).executeTakeFirst();
    return row && certificateOf(row);
  }

  async findByLot(checkId: string, lotId: number): Promise<Certificate | undefined> {
    const row = await this.db.selectFrom('certificates').selectAll().where('check_id', '=', checkId).where('lot_id', '=', String(lotId)).executeTakeFirst();
    return row && certificateOf(row);
  }

  /** Newest first; `organisationId` undefined: every organisation's (admins). */
  async list(organisationId: number | undefined, limit: number, offset: number): Promise<{ total: number; items: Certificate[] }> {
    let rows = this.db.selectFrom('certificates').selectAll();
    let count = this.db.selectFrom('certificates').select((eb) => eb.fn.countAll<number>().as('total'));
    if (organisationId !== undefined) {
      rows = rows.where('organisation_id', '=', organisationId);
      count = count.where('organisation_id', '=', organisationId);
    }
    const [items, counted] = await Promise.all([rows.orderBy('issued_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(), count.executeTakeFirstOrThrow()]);
    return { total: Number(counted.total), items: items.map(certificateOf) };
  }

  /** The certificates still watched: consented to and not revoked. */
  async watched(): Promise<Certificate[]> {
    return (await this.db.selectFrom('certificates').selectAll().where('watched', '=', 1).where('revoked_at', 'is', null).execute()).map(certificateOf);
  }

  /**
   * Revokes the certificate unless it was revoked already (the first revocation stands), with the
   * match that caused it if any, in one transaction. Returns whether this call revoked it.
   */
  async revoke(id: string, revocation: { revokedAt: string; reason: RevocationReason; revokedBy: number | null }, match?: CertificateMatch): Promise<boolean> {
    return writeTransaction(this.db, async (trx) => {
      if (match) {
        await trx
          .insertInto('certificate_matches')
          .values({ certificate_id: id, object_id: match.objectId, kind: match.kind, alert_event_id: match.alertEventId, evidence: JSON.stringify(match.evidence), found_at: match.foundAt })
          .onConflict((oc) => oc.columns(['certificate_id', 'object_id', 'kind']).doNothing())
          .execute();
      }
      const result = await trx
        .updateTable('certificates')
        .set({ revoked_at: revocation.revokedAt, revocation_reason: revocation.reason, revoked_by: revocation.revokedBy })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    });
  }

  async matches(id: string): Promise<CertificateMatch[]> {
    const rows = await this.db.selectFrom('certificate_matches').selectAll().where('certificate_id', '=', id).orderBy('found_at').orderBy('object_id').execute();
    return rows.map((row) => ({ objectId: row.object_id, kind: row.kind as CertificateMatch['kind'], alertEventId: row.alert_event_id, evidence: JSON.parse(row.evidence) as unknown, foundAt: row.found_at }));
  }

  /** The people told of every revocation besides its holder: the network's investigators (people, not disabled). */
  async investigators(): Promise<number[]> {
    const rows = await this.db.selectFrom('users').select('id').where('role', '=', 'investigator').where('kind', '=', 'person').where('disabled_at', 'is', null).orderBy('id').execute();
    return rows.map((row) => Number(row.id));
  }

  /** Every revoked certificate, oldest revocation first (the status list). */
  async revoked(): Promise<StatusListContent['revoked']> {
    const rows = await this.db.selectFrom('certificates').select(['id', 'revoked_at', 'revocation_reason']).where('revoked_at', 'is not', null).orderBy('revoked_at').orderBy('id').execute();
    return rows.map((row) => ({ id: row.id, revokedAt: row.revoked_at!, reason: row.revocation_reason as RevocationReason }));
  }
}

function certificateOf(row: CertificateTable): Certificate {
  return {
    id: row.id,
    checkId: row.check_id,
    lotId: Number(row.lot_id),
    organisationId: Number(row.organisation_id),
    holderId: Number(row.user_id),
    issuedAt: row.issued_at,
    kid: row.kid,
    content: JSON.parse(row.content) as CertificateContent,
    jws: row.jws,
    watched: Number(row.watched) === 1,
    revocation: row.revoked_at === null || row.revocation_reason === null ? null : { revokedAt: row.revoked_at, reason: row.revocation_reason as RevocationReason },
  };
}
