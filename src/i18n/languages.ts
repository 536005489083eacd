/** The languages Egide is written in. */
export const LANGUAGES = ['fr', 'en', 'es'] as const;
export type Lang = (typeof LANGUAGES)[number];

/** A text given in every language Egide speaks. */
export type Localized = Record<Lang, string>;

export function isLang(value: string | undefined): value is Lang {
  return value !== undefined && (LANGUAGES as readonly string[]).includes(value);
}

/** Used when nothing the visitor asks for is available: the network's common working language. */
export const DEFAULT_LANG: Lang = 'en';

/** Picks the best of Egide's languages from an `Accept-Language` header (RFC 9110 quality values). */
export function negotiateLanguage(header: string | undefined): Lang {
  if (!header) return DEFAULT_LANG;
  const ranked = header
    .split(',')
    .map((part, order) => {
      const [range = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { primary: range.trim().toLowerCase().split('-')[0] ?? '', q: q ? Number(q.slice(2)) : 1, order };
    })
    .filter((entry) => entry.q > 0 && !Number.isNaN(entry.q))
    .sort((a, b) => b.q - a.q || a.order - b.order);
  return ranked.map((entry) => entry.primary).find(isLang) ?? DEFAULT_LANG;
}
