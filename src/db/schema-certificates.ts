/**
 * Due-diligence certificates (src/duediligence/certificates/); migrations 0026 (SQLite) and 0015
 * (PostgreSQL).
 */

/** A certificate as issued: the signed content and its JWS, never changed; only its revocation is added. */
export interface CertificateTable {
  id: string;
  check_id: string;
  lot_id: string;
  organisation_id: number;
  /** Who had it issued: the holder, notified when it is revoked. */
  user_id: number;
  issued_at: string;
  /** The signing key's id (its RFC 7638 thumbprint). */
  kid: string;
  /** The signed content (JSON), as the JWS carries it. */
  content: string;
  jws: string;
  /** 1: the holder consented to continuous due diligence (the lot stays watched until revoked). */
  watched: number;
  revoked_at: string | null;
  /** 'alert-match' (a later alert matched the lot) or 'withdrawn' (by its holder or an admin). */
  revocation_reason: string | null;
  /** Who withdrew it; null when an alert revoked it. */
  revoked_by: number | null;
}

/** A later alert that matched a watched lot: the evidence shown on the certificate's page. */
export interface CertificateMatchTable {
  certificate_id: string;
  object_id: string;
  /** 'text' or 'photo'. */
  kind: string;
  alert_event_id: number;
  /** JSON: the text screening's evidence or the photo match (score, photos). */
  evidence: string;
  found_at: string;
}
