import type { Lang } from '../../i18n/languages.js';
import { COUNTRY_CODES, countryName } from '../../registry/object.components.js';
import type { RedListDocument, Texts } from '../red-list-document.js';
import { textFor } from '../red-list-text.js';

/**
 * Countries that only Red Lists know, by code: a fictional region's user-assigned codes (the demo's
 * XS, XH), a state newer than ISO's list. Each is named by the region of the first list naming it,
 * since `Intl.DisplayNames` knows nothing of them (or names XA "Pseudo-Accents").
 */
export type CountryNames = ReadonlyMap<string, Texts>;

const ISO_CODES: ReadonlySet<string> = new Set(COUNTRY_CODES);

/** The countries the lists name (region, conventions, laws, export rules, contacts) that are not ISO countries. */
export function listCountryNames(lists: readonly RedListDocument[]): Map<string, Texts> {
  const names = new Map<string, Texts>();
  for (const list of lists) {
    const { conventions, laws, exportRules } = list.legal;
    const named = [...list.region.countries, ...[...conventions, ...laws, ...exportRules, ...list.contacts].map((entry) => entry.country)];
    for (const code of named) if (!ISO_CODES.has(code) && !names.has(code)) names.set(code, list.region.name);
  }
  return names;
}

/** Whether a declared country is one a check accepts: an ISO country or one a published list names. */
export const isKnownCountry = (code: string, names: CountryNames): boolean => ISO_CODES.has(code) || names.has(code);

/** A country's name in `lang`; one only lists know is its list's region with its code ("Solmar Peninsula (fictional region) — XS"). */
export function countryLabel(code: string, lang: Lang, names?: CountryNames): string {
  const region = names?.get(code);
  return region ? `${textFor(region, lang, []).text} — ${code}` : countryName(code, lang);
}
