import { en, type MessageKey } from './catalogues/en.js';
import { es } from './catalogues/es.js';
import { fr } from './catalogues/fr.js';
import type { Lang } from './languages.js';

export type { MessageKey };
export type MessageParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export const CATALOGUES: Record<Lang, Record<MessageKey, string>> = { fr, en, es };

/** Looks a message up in the language's catalogue and fills its `{placeholders}`. */
export function t(lang: Lang, key: MessageKey, params?: MessageParams): string {
  const message = pluralForm(lang, CATALOGUES[lang][key], params?.count);
  if (!params) return message;
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function translator(lang: Lang): Translate {
  return (key, params) => t(lang, key, params);
}

/** A message written `one|other` picks its form from `count` by the language's plural rules. */
function pluralForm(lang: Lang, message: string, count: string | number | undefined): string {
  const bar = message.indexOf('|');
  if (bar < 0) return message;
  const one = typeof count === 'number' && new Intl.PluralRules(lang).select(count) === 'one';
  return one ? message.slice(0, bar) : message.slice(bar + 1);
}
