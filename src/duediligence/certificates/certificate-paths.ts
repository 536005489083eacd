import type { Lang } from '../../i18n/languages.js';

/** Where a certificate is verified online (its QR code's address). */
export const verifyPath = (lang: Lang, id: string): string => `/${lang}/verify/${encodeURIComponent(id)}`;
/** The verification page's form (a JSON file uploaded). */
export const verifyFormPath = (lang: Lang): string => `/${lang}/verify`;
/** A certificate's page for its holder and investigators (the evidence of a revocation). */
export const certificatePath = (lang: Lang, id: string): string => `/${lang}/certificates/${encodeURIComponent(id)}`;
export const certificatePdfPath = (lang: Lang, id: string): string => `${certificatePath(lang, id)}/certificate.pdf`;
export const certificateJsonPath = (id: string): string => `/api/v1/certificates/${encodeURIComponent(id)}/certificate.json`;
/** The form issuing a lot's certificate (linked from the check's page). */
export const issueCertificatePath = (lang: Lang, checkId: string, lotId: number): string => `/${lang}/due-diligence/${encodeURIComponent(checkId)}/lots/${lotId}/certificate`;
/** The signed list of revoked certificates. */
export const certificateStatusListPath = (): string => '/api/v1/certificates/status-list';
