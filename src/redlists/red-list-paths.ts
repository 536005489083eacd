import type { Lang } from '../i18n/languages.js';

/** Where Red Lists, their images and the customs check live: one place for pages, API and documents to agree on. */
export type ImageVariant = 'original' | 'display' | 'thumbnail';
/** A published edition by number, or the draft an editor is writing. */
export type EditionRef = number | 'draft';

/**
 * Words the routes use where a list's slug would stand (`/{lang}/red-lists/edit`, `…/search`, the
 * API's `POST /red-lists/import`): a list named so could not be reached, so none may be.
 */
export const RESERVED_RED_LIST_SLUGS: ReadonlySet<string> = new Set(['edit', 'search', 'import']);

export const redListsPath = (lang: Lang) => `/${lang}/red-lists`;
export const redListSearchPath = (lang: Lang) => `/${lang}/red-lists/search`;
export const redListPath = (lang: Lang, slug: string, edition?: number) => `/${lang}/red-lists/${slug}${edition === undefined ? '' : `/editions/${edition}`}`;
export const redListCategoryPath = (lang: Lang, slug: string, categoryId: string, edition?: number) => `${redListPath(lang, slug, edition)}/categories/${categoryId}`;
export const redListBookletPath = (lang: Lang, slug: string, edition?: number) => `${redListPath(lang, slug, edition)}/booklet.pdf`;
export const redListImagePath = (slug: string, edition: EditionRef, name: string, variant: ImageVariant) => `/media/red-lists/${slug}/${edition}/${variant}/${encodeURIComponent(name)}`;

export const customsCheckPath = (lang: Lang) => `/${lang}/customs-check`;
export const customsCheckResultPath = (lang: Lang, id: string) => `/${lang}/customs-check/${id}`;
export const customsCheckPdfPath = (lang: Lang, id: string) => `/${lang}/customs-check/${id}/report.pdf`;
/** A check's photos (`n` from 1, in the order sent) and the evidence of its registry matches: readable by whoever may read the check. */
export const customsCheckPhotoPath = (id: string, n: number, variant: 'display' | 'thumbnail' = 'display') => `/media/customs-checks/${id}/photos/${n}${variant === 'thumbnail' ? '/thumbnail' : ''}`;
export const customsCheckEvidencePath = (id: string, objectId: string) => `/media/customs-checks/${id}/evidence/${encodeURIComponent(objectId)}`;
