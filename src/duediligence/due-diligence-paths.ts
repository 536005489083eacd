import type { Lang } from '../i18n/languages.js';

/** Where due-diligence checks live: one place for pages, API and certificates to agree on. */
export const dueDiligencePath = (lang: Lang) => `/${lang}/due-diligence`;
export const dueDiligenceCheckPath = (lang: Lang, id: string) => `/${lang}/due-diligence/${id}`;
export const lotPhotoPath = (id: string, lotId: number, n: number) => `/media/due-diligence/${id}/lots/${lotId}/photos/${n}`;
export const lotEvidencePath = (id: string, lotId: number, objectId: string) => `/media/due-diligence/${id}/lots/${lotId}/evidence/${encodeURIComponent(objectId)}`;
export const DUE_DILIGENCE_API = '/due-diligence/checks';
