import { translator, type MessageKey, type Translate } from '../../i18n/i18n.js';
import type { Lang } from '../../i18n/languages.js';
import { formatPercent } from '../../registry/object.components.js';
import type { ObjectStatus } from '../../registry/status.js';
import { formatPeriod, textFor } from '../red-list-text.js';
import { countryLabel, type CountryNames } from './check-countries.js';
import type { DeclaredFacts, MatchReason, Reason } from './check-model.js';

/**
 * An engine's reason in the reader's language: its message filled with its parameters, texts picked
 * in that language, and the codes the engine keeps (a country, an object's status, an amount) said
 * in words. `countries` names the countries only Red Lists know (check-countries.ts).
 */
export function reasonText(reason: Reason, lang: Lang, countries?: CountryNames): string {
  const t = translator(lang);
  const params: Record<string, string | number> = { ...reason.params };
  if (typeof params.country === 'string') params.country = countryLabel(params.country, lang, countries);
  if (typeof params.status === 'string') params.status = t(`status.${params.status as ObjectStatus}`);
  const amounts = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  for (const name of ['value', 'threshold']) if (typeof params[name] === 'number') params[name] = amounts.format(params[name]);
  const picked = Object.fromEntries(Object.entries(reason.textParams ?? {}).map(([name, texts]) => [name, textFor(texts, lang, []).text]));
  return t(reason.key, { ...params, ...picked });
}

/** Why a category matched, as a sentence of the reader's language (the engine's details are codes: `-700..-400`, `near:100`, `LB`, `0.82`). */
export function matchText(reason: MatchReason, lang: Lang, countries?: CountryNames): string {
  const t = translator(lang);
  return t(`customs.page.result.match.${reason.kind}`, { detail: matchDetail(reason, lang, t, countries) });
}

function matchDetail({ kind, detail }: MatchReason, lang: Lang, t: Translate, countries: CountryNames | undefined): string {
  switch (kind) {
    case 'period': {
      const years = /^(-?\d+)\.\.(-?\d+)$/.exec(detail);
      if (years) return formatPeriod({ from: Number(years[1]), to: Number(years[2]) }, t, lang);
      const apart = /^(near|far):(\d+)$/.exec(detail);
      if (apart) return t(`customs.page.result.match.period.${apart[1] as 'near' | 'far'}` satisfies MessageKey, { count: Number(apart[2]) });
      return detail;
    }
    case 'region':
      return detail.startsWith('culture:') ? t('customs.page.result.match.culture', { culture: detail.slice('culture:'.length) }) : countryLabel(detail, lang, countries);
    case 'visual':
      return formatPercent(Number(detail), lang);
    case 'words':
      return detail.split(',').join(', ');
    case 'type':
    case 'material':
      return detail;
  }
}

/** What was declared, as label and value in the reader's language: the documents always (none held is said), other facts when given. */
export function declaredFactRows(facts: DeclaredFacts, lang: Lang, countries?: CountryNames): Array<[string, string]> {
  const t = translator(lang);
  const documents = Object.entries(facts.documents ?? {})
    .filter(([, held]) => held)
    .map(([name]) => t(`customs.form.document.${name as keyof NonNullable<DeclaredFacts['documents']>}`));
  const rows: Array<[string, string | undefined]> = [
    [t('customs.form.objectType'), facts.objectType],
    [t('customs.form.material'), facts.material],
    [t('customs.form.period'), facts.period && formatPeriod(facts.period, t, lang)],
    [t('customs.form.originCountry'), facts.originCountry && countryLabel(facts.originCountry, lang, countries)],
    [t('customs.form.destinationCountry'), facts.destinationCountry && countryLabel(facts.destinationCountry, lang, countries)],
    [t('customs.form.declaredValueEur'), facts.declaredValueEur === undefined ? undefined : new Intl.NumberFormat(lang, { style: 'currency', currency: 'EUR' }).format(facts.declaredValueEur)],
    [t('customs.form.documents'), documents.length > 0 ? documents.join(', ') : t('customs.page.result.noDocuments')],
    [t('customs.form.description'), facts.description],
  ];
  return rows.filter((row): row is [string, string] => row[1] !== undefined);
}
