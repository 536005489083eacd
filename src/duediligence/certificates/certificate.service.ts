import type { AlertEvent } from '../../alerts/alert-event.js';
import type { NewOutboxItem } from '../../alerts/outbox/outbox.service.js';
import type { AuditTrail } from '../../audit/audit.service.js';
import { conflict, DomainError, notFound } from '../../errors.js';
import { t } from '../../i18n/i18n.js';
import { LANGUAGES, type Lang } from '../../i18n/languages.js';
import { newPublicId } from '../../registry/ids.js';
import type { Principal } from '../../roles.js';
import { JWKS_PATH } from '../../signing/signing.api.js';
import type { SigningService } from '../../signing/signing.service.js';
import type { CertifiableLot } from '../certifiable-lot.js';
import {
  CERTIFICATE_JWS_TYPE,
  CERTIFICATE_TYPE,
  STATUS_LIST_JWS_TYPE,
  STATUS_LIST_TYPE,
  type Certificate,
  type CertificateContent,
  type CertificateMatch,
  type Revocation,
  type StatusListContent,
} from './certificate.js';
import { verifyCertificateFile, type CertificateVerdict } from './certificate-verification.js';
import type { CertificateRepository } from './certificate.repository.js';
import { certificateStatusListPath, verifyPath } from './certificate-paths.js';

/** Photos of a certified lot handed to the image watch (the alerts' engine in reverse). */
export interface LotPhotoWatch {
  /** Watches the lot's photos (as stored with its check) under the certificate. */
  watch(certificateId: string, lot: CertifiableLot): Promise<void>;
  unwatch(certificateId: string): Promise<void>;
}

export interface CertificateParts {
  certificates: CertificateRepository;
  signing: Pick<SigningService, 'signCompact' | 'publicKeys'>;
  /** Absent where no image watch runs (some commands): the lot is then watched by its text only. */
  photoWatch?: LotPhotoWatch | undefined;
  outbox: { enqueue(items: readonly NewOutboxItem[]): Promise<number> };
  audit: Pick<AuditTrail, 'record'>;
}

export interface IssueInput {
  /** The lot, read from its check with the holder's rights (DueDiligenceService.certifiableLot). */
  lot: CertifiableLot;
  /** The holder's consent to continuous due diligence. */
  watch: boolean;
  /** The public address the certificate's links start with. */
  origin: string;
  /** The language of the page it was issued from: its verification link's. */
  lang: Lang;
}

/** What the holder and investigators get in-app when a certificate is revoked (the outbox's in-app payload). */
export interface CertificateRevokedDelivery {
  kind: 'certificate-revoked';
  certificateId: string;
  objectId: string;
  status: AlertEvent['status'];
  match: CertificateMatch['kind'];
  /** The lot's title (or reference), as submitted. */
  lot: string;
  /** How the in-app list names where an alert came from: here, the lot and its certificate. */
  subscriptionLabel: string;
}

/** A certificate with what a reader of its page is shown. */
export interface CertificateView {
  certificate: Certificate;
  matches: CertificateMatch[];
  /** The holder's organisation and admins withdraw it (while valid). */
  canWithdraw: boolean;
}

/** What anyone holding a certificate's id learns from its verification page. */
export interface CertificateStatus {
  id: string;
  content: CertificateContent;
  revocation: Revocation | null;
}

export const CERTIFICATES_PER_PAGE = 20;

/**
 * Certificates of due diligence: issued for a lot without a match, as JSON signed with the
 * network's key (a compact JWS) and as a PDF; verified online (their status here) and offline
 * (the published keys and, if given, the signed status list); revoked when a later alert matches
 * a watched lot (certificate-watch.ts), or withdrawn by their holder.
 */
export class CertificateService {
  constructor(private readonly parts: CertificateParts) {}

  /** Issues the certificate of a lot without a match; a lot certified already gives its certificate again. */
  async issue(principal: Principal | null, input: IssueInput): Promise<Certificate> {
    const holder = signedIn(principal);
    const { lot } = input;
    const existing = await this.parts.certificates.findByLot(lot.checkId, lot.lotId);
    if (existing) return existing;
    if (lot.outcome !== 'no-match') throw conflict(`Lot ${lot.lotId} of the check ${lot.checkId} has the outcome ${lot.outcome}: only a lot without a match is certified.`);
    const id = newPublicId();
    const issuedAt = new Date();
    const content = certificateContent(id, lot, issuedAt.toISOString(), input);
    const jws = await this.parts.signing.signCompact(new TextEncoder().encode(JSON.stringify(content)), CERTIFICATE_JWS_TYPE, issuedAt);
    // The photos are watched before the certificate exists: one that could not be watched (a failed
    // describe) is not issued as watched by its text only, and asking again watches and issues it.
    const photoWatch = input.watch ? this.parts.photoWatch : undefined;
    await photoWatch?.watch(id, lot);
    const certificate = await this.parts.certificates.insertUnlessIssued({
      id,
      checkId: lot.checkId,
      lotId: lot.lotId,
      organisationId: lot.by.organisation.id,
      holderId: holder.userId,
      issuedAt: content.issuedAt,
      kid: kidOf(jws),
      content,
      jws,
      watched: input.watch,
      revocation: null,
    }).catch(async (error: unknown) => {
      await photoWatch?.unwatch(id);
      throw error;
    });
    if (certificate.id !== id) {
      // Another request issued the lot's certificate meanwhile (with its own photos watched).
      await photoWatch?.unwatch(id);
      return certificate;
    }
    await this.parts.audit.record(holder, { action: 'certificate.issue', targetType: 'certificate', targetId: id, details: { check: lot.checkId, lot: lot.lotId, watched: input.watch, kid: certificate.kid } });
    return certificate;
  }

  /** A certificate with its evidence, for its organisation's people, investigators and admins. */
  async get(principal: Principal | null, id: string): Promise<CertificateView> {
    const certificate = await this.readable(principal, id);
    return { certificate, matches: await this.parts.certificates.matches(id), canWithdraw: certificate.revocation === null && mayWithdraw(principal, certificate) };
  }

  /** The organisation's certificates, newest first (admins and investigators: every organisation's). */
  async list(principal: Principal | null, page = 1): Promise<{ total: number; page: number; pageSize: number; items: Certificate[] }> {
    const reader = signedIn(principal);
    const current = Math.max(1, Math.trunc(page));
    const everyone = reader.role === 'admin' || reader.role === 'investigator';
    const found = await this.parts.certificates.list(everyone ? undefined : reader.organisationId, CERTIFICATES_PER_PAGE, (current - 1) * CERTIFICATES_PER_PAGE);
    return { ...found, page: current, pageSize: CERTIFICATES_PER_PAGE };
  }

  /** Anyone with its id (the QR code, the link): what it certifies and whether it still holds. */
  async status(id: string): Promise<CertificateStatus> {
    const certificate = await this.parts.certificates.find(id);
    if (!certificate) throw notFound(`No certificate with the id "${id}".`);
    return { id, content: certificate.content, revocation: certificate.revocation };
  }

  /** A certificate file verified here: its signature with the published keys, its status in the database. */
  async verifyFile(text: string): Promise<CertificateVerdict> {
    return verifyCertificateFile(text, await this.parts.signing.publicKeys(), {
      revocation: async (id) => {
        const stored = await this.parts.certificates.find(id);
        // Signed with the network's key but unknown here: another Egide's, or a database restored from before it.
        return stored ? stored.revocation : 'unknown';
      },
    });
  }

  /** The list of revoked certificates, signed, for verifiers without network (`egide certificate verify --status`). */
  async statusList(origin: string): Promise<string> {
    const issuedAt = new Date();
    const list: StatusListContent = { type: STATUS_LIST_TYPE, issuer: origin, issuedAt: issuedAt.toISOString(), revoked: await this.parts.certificates.revoked() };
    return this.parts.signing.signCompact(new TextEncoder().encode(JSON.stringify(list)), STATUS_LIST_JWS_TYPE, issuedAt);
  }

  /** The holder's organisation or an admin withdraws a certificate (a lot sold, a mistake): it then verifies as revoked. */
  async withdraw(principal: Principal | null, id: string): Promise<CertificateView> {
    const certificate = await this.readable(principal, id);
    if (!mayWithdraw(principal, certificate)) throw new DomainError('forbidden', 'Only the holder’s organisation and admins withdraw a certificate.');
    const revoked = await this.parts.certificates.revoke(id, { revokedAt: new Date().toISOString(), reason: 'withdrawn', revokedBy: principal!.userId });
    if (!revoked) throw conflict(`The certificate ${id} was revoked already.`);
    await this.parts.photoWatch?.unwatch(id);
    await this.parts.audit.record(principal, { action: 'certificate.withdraw', targetType: 'certificate', targetId: id });
    return this.get(principal, id);
  }

  /**
   * A later alert matched a watched lot: the certificate is revoked with the match as evidence (once:
   * the first revocation stands), its photos leave the watch, and the holder and the network's
   * investigators are told in-app.
   */
  async revokeForMatch(certificate: Certificate, match: CertificateMatch, alert: Pick<AlertEvent, 'status'>): Promise<boolean> {
    const revoked = await this.parts.certificates.revoke(certificate.id, { revokedAt: match.foundAt, reason: 'alert-match', revokedBy: null }, match);
    if (!revoked) return false;
    await this.parts.photoWatch?.unwatch(certificate.id);
    const recipients = [...new Set([certificate.holderId, ...(await this.parts.certificates.investigators())])];
    const lot = certificate.content.lot.fields.title ?? certificate.content.lot.fields.reference ?? `${certificate.checkId}/${certificate.lotId}`;
    // The in-app list shows it as an alert (its object and status) from the certificate, and links the certificate.
    const payload: CertificateRevokedDelivery = { kind: 'certificate-revoked', certificateId: certificate.id, objectId: match.objectId, status: alert.status, match: match.kind, lot, subscriptionLabel: `${lot} (${certificate.id})` };
    await this.parts.outbox.enqueue(
      recipients.map((userId) => ({ idempotencyKey: `certificate-revoked:${certificate.id}:${userId}`, channel: 'in-app', recipient: String(userId), payload })),
    );
    await this.parts.audit.record(null, { action: 'certificate.revoke', targetType: 'certificate', targetId: certificate.id, details: { reason: 'alert-match', object: match.objectId, match: match.kind, alertEvent: match.alertEventId } });
    return true;
  }

  /** Every certificate still watched (the continuous due diligence's lots). */
  watched(): Promise<Certificate[]> {
    return this.parts.certificates.watched();
  }

  private async readable(principal: Principal | null, id: string): Promise<Certificate> {
    signedIn(principal);
    const certificate = await this.parts.certificates.find(id);
    const mayRead = principal && (principal.role === 'admin' || principal.role === 'investigator' || principal.organisationId === certificate?.organisationId);
    if (!certificate || !mayRead) throw notFound(`No certificate with the id "${id}".`);
    return certificate;
  }
}

function signedIn(principal: Principal | null): Principal {
  if (!principal) throw new DomainError('unauthorized', 'Sign in (or send an API token) to have certificates issued and read them.');
  return principal;
}

function mayWithdraw(principal: Principal | null, certificate: Certificate): boolean {
  return principal !== null && (principal.role === 'admin' || (principal.organisationId === certificate.organisationId && principal.role !== 'investigator'));
}

/** The key id a compact JWS names in its protected header. */
function kidOf(jws: string): string {
  const header = JSON.parse(Buffer.from(jws.split('.')[0]!, 'base64url').toString('utf8')) as { kid: string };
  return header.kid;
}

function certificateContent(id: string, lot: CertifiableLot, issuedAt: string, input: IssueInput): CertificateContent {
  const origin = input.origin.replace(/\/+$/, '');
  return {
    type: CERTIFICATE_TYPE,
    version: 1,
    id,
    issuer: origin,
    issuedAt,
    lot: { checkId: lot.checkId, lotId: lot.lotId, fields: lot.fields, photos: lot.photos.map(({ name, sha256 }) => ({ name, sha256 })) },
    outcome: 'no-match',
    evidence: lot.evidence,
    searched: { scopes: lot.scopes, at: lot.searchedAt, registry: lot.registry },
    by: { name: lot.by.name, organisation: { slug: lot.by.organisation.slug, name: lot.by.organisation.name } },
    watched: input.watch,
    statement: Object.fromEntries(LANGUAGES.map((lang) => [lang, t(lang, 'certificate.statement')])) as Record<Lang, string>,
    verification: { page: `${origin}${verifyPath(input.lang, id)}`, statusList: `${origin}${certificateStatusListPath()}`, keys: `${origin}${JWKS_PATH}` },
  };
}
