import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { matchesIfNoneMatch } from '../../http/conditional.js';
import { isLang, negotiateLanguage, type Lang } from '../../i18n/languages.js';
import type { AlertFeedService } from './alert-feed.service.js';

export const FEED_PATH = '/feeds/alerts.atom';
/** Readers poll; five minutes is fresh enough for an alert and spares the search. */
const FEED_MAX_AGE_S = 300;

/** The alert list's feed in a language: what pages link to. */
export function alertFeedPath(lang: Lang): string {
  return `/${lang}${FEED_PATH}`;
}

/**
 * `/feeds/alerts.atom` (in the reader's `Accept-Language`) and `/{lang}/feeds/alerts.atom`, each
 * with a search's query string (`?country=FR&type=paintings&q=…`): public, cached for five
 * minutes, `304` when the reader has the current one (`If-None-Match`).
 */
export function alertFeedRoutes(feeds: AlertFeedService, baseUrl: string | undefined) {
  const send = async (c: Context<AppEnv>, lang: Lang, path: string) => {
    const requested = new URL(c.req.url);
    const feed = await feeds.feed(lang, requested, baseUrl ?? requested.origin, path);
    c.header('Cache-Control', `public, max-age=${FEED_MAX_AGE_S}`);
    c.header('ETag', feed.etag);
    c.header('Access-Control-Allow-Origin', '*');
    if (matchesIfNoneMatch(c.req.header('If-None-Match'), feed.etag)) return c.body(null, 304);
    return c.body(feed.xml, 200, { 'Content-Type': 'application/atom+xml; charset=utf-8' });
  };
  return new Hono<AppEnv>()
    .get(FEED_PATH, (c) => {
      c.header('Vary', 'Accept-Language');
      return send(c, negotiateLanguage(c.req.header('Accept-Language')), FEED_PATH);
    })
    .get(`/:lang${FEED_PATH}`, (c) => {
      const lang = c.req.param('lang');
      return isLang(lang) ? send(c, lang, alertFeedPath(lang)) : c.notFound();
    });
}
