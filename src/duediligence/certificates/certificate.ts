import type { Lang } from '../../i18n/languages.js';
import type { CertifiableLot, ScreeningScope } from '../certifiable-lot.js';
import type { RegistryState } from '../due-diligence-check.js';
import type { LotFields } from '../lot.js';

/** `typ` of a certificate's JWS and of the status list's (RFC 7515 §4.1.9: media types without `application/`). */
export const CERTIFICATE_JWS_TYPE = 'egide-certificate+jws';
export const STATUS_LIST_JWS_TYPE = 'egide-certificate-status+jws';
export const CERTIFICATE_TYPE = 'EgideDueDiligenceCertificate';
export const STATUS_LIST_TYPE = 'EgideCertificateStatusList';

/**
 * What a certificate says, signed as it is: the lot as submitted, what was searched, when, against
 * which registry state, by whom, and the statement that it is not a guarantee of title (in the
 * three languages of the network, so that any reader has it in theirs).
 */
export interface CertificateContent {
  type: typeof CERTIFICATE_TYPE;
  version: 1;
  id: string;
  /** The Egide that issued it (its public address). */
  issuer: string;
  issuedAt: string;
  lot: {
    checkId: string;
    lotId: number;
    fields: LotFields;
    /** The lot's photos by name, with the SHA-256 of the bytes checked: the same files can be shown to match. */
    photos: Array<{ name: string; sha256: string }>;
  };
  outcome: 'no-match';
  /** The screening's findings in short (a lot without a match may still fall in a Red List category or have provenance gaps). */
  evidence: CertifiableLot['evidence'];
  searched: {
    /** What the search covered (text, photos, Red Lists, thresholds, provenance). */
    scopes: ScreeningScope[];
    at: string;
    /** How much was searched (as the requester could see it), and the registry's version then. */
    registry: RegistryState;
  };
  by: { name: string; organisation: { slug: string; name: string } };
  /** Whether the holder consented to continuous due diligence: a later alert matching the lot revokes it. */
  watched: boolean;
  statement: Record<Lang, string>;
  /** Where its status is checked: the page (any language) and the signed status list. */
  verification: { page: string; statusList: string; keys: string };
}

/** The JSON file handed to the holder: the signed JWS, and its content decoded for reading. */
export interface CertificateFile {
  type: typeof CERTIFICATE_TYPE;
  jws: string;
  certificate: CertificateContent;
}

export const REVOCATION_REASONS = ['alert-match', 'withdrawn'] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

export interface Revocation {
  revokedAt: string;
  reason: RevocationReason;
}

/** What a later alert matched, and how: the evidence shown with the revoked certificate. */
export interface CertificateMatch {
  objectId: string;
  kind: 'text' | 'photo';
  alertEventId: number;
  evidence: unknown;
  foundAt: string;
}

/** A certificate as stored: issued once, then perhaps revoked. */
export interface Certificate {
  id: string;
  checkId: string;
  lotId: number;
  organisationId: number;
  holderId: number;
  issuedAt: string;
  kid: string;
  content: CertificateContent;
  jws: string;
  watched: boolean;
  revocation: Revocation | null;
}

/** The signed list of revoked certificates, for verifiers without network (`egide certificate verify --status`). */
export interface StatusListContent {
  type: typeof STATUS_LIST_TYPE;
  issuer: string;
  issuedAt: string;
  revoked: Array<{ id: string } & Revocation>;
}

/** The file of a certificate: the JWS and its content, pretty-printed for a reader. */
export function certificateFile(certificate: Pick<Certificate, 'jws' | 'content'>): CertificateFile {
  return { type: CERTIFICATE_TYPE, jws: certificate.jws, certificate: certificate.content };
}
