import type { Lang } from '../i18n/languages.js';

/** Where the editors' pages live: the lists one edits, and a draft's sections. */
export type EditorSection = 'general' | 'legal' | 'categories' | 'publish';

export const editorListsPath = (lang: Lang) => `/${lang}/red-lists/edit`;
export const editorPath = (lang: Lang, slug: string, section: EditorSection = 'general') => `${editorListsPath(lang)}/${slug}${section === 'general' ? '' : `/${section}`}`;
export const editorCategoryPath = (lang: Lang, slug: string, id?: string) => `${editorPath(lang, slug, 'categories')}/${id === undefined ? 'new' : encodeURIComponent(id)}`;

/** The editor's form posts that carry photos: they get their own body limit, after the signed-in check. */
const UPLOAD = /^\/[a-z]{2}\/red-lists\/edit\/[^/]+\/categories(?:\/[^/]+)?$/;
export function isRedListEditorUpload(method: string, path: string): boolean {
  return method === 'POST' && UPLOAD.test(path);
}
