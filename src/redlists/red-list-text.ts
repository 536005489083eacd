import type { Translate } from '../i18n/i18n.js';
import type { Lang } from '../i18n/languages.js';
import type { Category, Period, RedListDocument, Texts } from './red-list-document.js';

/** One text of a list in one language, with that language, so a page can mark it with `lang`. */
export interface TextInLanguage {
  lang: string;
  text: string;
}

/** The languages a text exists in: the list's order first (its compilation language leads), then any other. */
function languagesOf(texts: Texts, languages: readonly string[]): string[] {
  const listed = languages.filter((code) => texts[code] !== undefined);
  return [...listed, ...Object.keys(texts).filter((code) => !listed.includes(code))];
}

/** The text to show someone reading in `lang`: theirs when the list has it, else the list's first language that has one. */
export function textFor(texts: Texts, lang: Lang, languages: readonly string[]): TextInLanguage {
  if (texts[lang] !== undefined) return { lang, text: texts[lang] };
  const first = languagesOf(texts, languages)[0]!;
  return { lang: first, text: texts[first]! };
}

/** The same text in the list's other languages (not the one shown), in the list's order. */
export function otherTexts(texts: Texts, shown: string, languages: readonly string[]): TextInLanguage[] {
  return languagesOf(texts, languages)
    .filter((code) => code !== shown)
    .map((code) => ({ lang: code, text: texts[code]! }));
}

/** A list's text in the visitor's language (or the list's first), as a plain string. */
export function plainText(texts: Texts, lang: Lang, document: Pick<RedListDocument, 'languages'>): string {
  return textFor(texts, lang, document.languages).text;
}

/** Years beyond four digits are grouped as the language writes numbers ("12 000"); shorter ones never are ("1500", not "1 500"). */
function yearNumber(year: number, lang: Lang): string {
  return year >= 10_000 ? new Intl.NumberFormat(lang).format(year) : String(year);
}

/**
 * A year typed in a form with its era select, as the document keeps it: 300 BCE is -300 (the era
 * decides, not a sign typed). What is not a number is passed on for the schema to name.
 */
export function yearWithEra(year: number | string | undefined, era: string | undefined): number | string | undefined {
  return typeof year === 'number' && era === 'bce' ? -Math.abs(year) : year;
}

/**
 * A period as years in the language: "1200–1500", "300–100 BCE" ("300–100 av. J.-C."), "300 BCE – 100 CE".
 * Negative years are BCE (-1 is 1 BCE, as the document format says).
 */
export function formatPeriod(period: Pick<Period, 'from' | 'to'>, t: Translate, lang: Lang): string {
  const from = yearNumber(Math.abs(period.from), lang);
  const to = yearNumber(Math.abs(period.to), lang);
  if (period.from === period.to) return period.from < 0 ? t('redlists.period.yearBce', { year: from }) : to;
  if (period.to < 0) return t('redlists.period.bce', { from, to });
  if (period.from < 0) return t('redlists.period.acrossEras', { from, to });
  return t('redlists.period.ce', { from, to });
}

/** A category's broader categories, nearest first (the document has no cycles: validation refuses them). */
export function ancestorsOf(category: Category, categories: readonly Category[]): Category[] {
  const byId = new Map(categories.map((candidate) => [candidate.id, candidate]));
  const ancestors: Category[] = [];
  for (let parent = category.parent && byId.get(category.parent); parent && !ancestors.includes(parent); parent = parent.parent && byId.get(parent.parent)) {
    ancestors.push(parent);
  }
  return ancestors;
}

/** The period that applies to a category: its own, else that of its nearest broader category that has one. */
export function effectivePeriod(category: Category, categories: readonly Category[]): Period | undefined {
  return category.period ?? ancestorsOf(category, categories).find((ancestor) => ancestor.period)?.period;
}
