import type { Context } from 'hono';
import type { Principal } from '../roles.js';
import { csrfToken } from '../http/csrf.js';
import { translator, type Translate } from '../i18n/i18n.js';
import type { Lang } from '../i18n/languages.js';

/** What every page needs to render: language, messages, who is asking, and where they are. */
export interface PageContext {
  lang: Lang;
  t: Translate;
  principal: Principal | null;
  /** The current path and query without the language prefix, so the switcher can keep the page. */
  pathInLang: string;
  /** Issues (or reuses) the CSRF token for a form on this page. */
  csrf: () => string;
  /** The signed-in person's unread notifications (undefined when no one is signed in). */
  unreadNotifications?: number | undefined;
}

/** Query parameters that announce the outcome of the previous action. */
export const FLASH_PARAMS = ['saved', 'deleted'] as const;

export function pageContext(c: Context, lang: Lang, secureCookies: boolean): PageContext {
  const url = new URL(c.req.url);
  const rest = url.pathname.split('/').slice(2).join('/');
  // One-time notices ("saved") belong to the page that was just shown, not to its translations.
  for (const flash of FLASH_PARAMS) url.searchParams.delete(flash);
  return {
    lang,
    t: translator(lang),
    principal: (c.get('principal') as Principal | null | undefined) ?? null,
    pathInLang: `/${rest}${url.search}`,
    csrf: () => csrfToken(c, secureCookies),
    unreadNotifications: c.get('unreadNotifications') as number | undefined,
  };
}
