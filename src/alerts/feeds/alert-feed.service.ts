import { createHash } from 'node:crypto';
import { DomainError } from '../../errors.js';
import { translator } from '../../i18n/i18n.js';
import type { Lang } from '../../i18n/languages.js';
import { countryName, formatDate, typeKeyLabel } from '../../registry/object.components.js';
import type { ObjectService } from '../../registry/object.service.js';
import type { ObjectView, PhotoView } from '../../registry/object-view.js';
import type { PhotoService } from '../../registry/photos/photo.service.js';
import { readSearchForm, searchQueryOf } from '../../registry/search.pages.js';
import type { SearchService } from '../../registry/search/search.service.js';
import type { SearchHit } from '../../registry/search/search.types.js';
import { atomFeed, type AtomEntry, type AtomLink } from './atom.js';

/** The newest alerts a feed lists: readers poll, so a feed is a window, not an archive. */
export const FEED_SIZE = 50;
/** The search parameters a feed keeps (those of the search page); anything else is ignored and left out of the feed's id. */
const FEED_PARAMETERS = ['q', 'type', 'material', 'status', 'country', 'period', 'height_min', 'height_max', 'width_min', 'width_max', 'tolerance'] as const;
/** The date in the `tag:` URIs of feeds and entries (RFC 4151): when Egide's names under the host began. */
const TAG_DATE = '2026';
/** An empty feed's `updated`: nothing was ever in it. */
const NEVER = '1970-01-01T00:00:00.000Z';

export interface AlertFeed {
  xml: string;
  etag: string;
}

/**
 * Atom feeds of the public alert list: the whole list, or the alerts matching a public search
 * (words, countries, types, materials, periods, sizes: the search page's query string), newest first,
 * titles and summaries in the feed's language, photos as enclosures. Built from what the public
 * sees, whoever asks.
 */
export class AlertFeedService {
  constructor(
    private readonly search: Pick<SearchService, 'search'>,
    private readonly objects: Pick<ObjectService, 'get'>,
    private readonly photos: Pick<PhotoService, 'readPhoto'>,
  ) {}

  /** `requested`: the feed's URL as asked (its query is the search); `base`: Egide's public origin. */
  async feed(lang: Lang, requested: URL, base: string, feedPath: string): Promise<AlertFeed> {
    const t = translator(lang);
    const query = canonicalQuery(requested.searchParams);
    const form = readSearchForm(new URL(`${base}/?${query}`));
    const { items } = await this.search.search(null, { ...searchQueryOf(form), alertsOnly: true, sort: 'newest', limit: FEED_SIZE, offset: 0 }, lang);
    const views = await Promise.all(items.map((hit) => this.objects.get(null, hit.id)));
    const entries = await Promise.all(items.map((hit, i) => this.entry(hit, views[i]!, lang, base)));
    const host = new URL(base).host.replace(/:\d+$/, '');
    const filters = [
      form.q && `“${form.q}”`,
      ...form.selected.country.map((code) => countryName(code, lang)),
      ...form.selected.type.map((key) => typeKeyLabel(key, lang)),
      ...form.selected.material,
    ].filter(Boolean);
    const updated = entries.reduce((latest, entry) => (entry.updated > latest ? entry.updated : latest), NEVER);
    const html = query ? `${base}/${lang}/search?${query}&alerts=1&sort=newest` : `${base}/${lang}/alerts`;
    const xml = atomFeed({
      id: `tag:${host},${TAG_DATE}:alerts${query ? `?${query}` : ''}`,
      lang,
      title: filters.length > 0 ? t('feeds.title.filtered', { filters: filters.join(', ') }) : t('feeds.title'),
      subtitle: t('feeds.subtitle'),
      updated,
      author: t('feeds.author'),
      generator: { name: 'Egide', uri: `${base}/${lang}/` },
      links: [
        { rel: 'self', type: 'application/atom+xml', href: `${base}${feedPath}${query ? `?${query}` : ''}` },
        { rel: 'alternate', type: 'text/html', hreflang: lang, href: html },
      ],
      entries,
    });
    return { xml, etag: `"${createHash('sha256').update(xml).digest('base64url').slice(0, 32)}"` };
  }

  private async entry(hit: SearchHit, view: ObjectView, lang: Lang, base: string): Promise<AtomEntry> {
    const t = translator(lang);
    const incident = view.incidents.at(-1);
    const reported = incident && (incident.country ? t('feeds.entry.reportedIn', { date: formatDate(incident.reportedOn, lang), country: countryName(incident.country, lang) }) : t('feeds.entry.reported', { date: formatDate(incident.reportedOn, lang) }));
    const summary = [`${t(`status.${hit.status}`)} · ${hit.organisation.name}`, hit.dating, hit.makers.join(', '), reported].filter(Boolean).join('. ');
    const enclosures = (await Promise.all(view.photos.map((photo) => this.enclosure(photo, base)))).filter((link): link is AtomLink => link !== undefined);
    return {
      id: `tag:${new URL(base).host.replace(/:\d+$/, '')},${TAG_DATE}:objects/${hit.id}`,
      title: hit.title,
      updated: view.updatedAt,
      author: hit.organisation.name,
      summary,
      links: [{ rel: 'alternate', type: 'text/html', hreflang: lang, href: `${base}/${lang}/objects/${hit.id}` }, ...enclosures],
      categories: [{ term: hit.status, label: t(`status.${hit.status}`) }, ...(hit.objectType ? [{ term: hit.objectType, label: typeKeyLabel(hit.objectType, lang) }] : [])],
    };
  }

  /** The photo's display image (without metadata), with its length and type; none if its file is gone. */
  private async enclosure(photo: PhotoView, base: string): Promise<AtomLink | undefined> {
    try {
      const file = await this.photos.readPhoto(null, photo.id, 'display');
      return { rel: 'enclosure', type: file.mime, length: file.size, href: `${base}${photo.url}`, ...(photo.caption ? { title: photo.caption } : {}) };
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not-found') return undefined;
      throw error;
    }
  }
}

/** The search parameters of a feed's URL in one order (each name, then its values, sorted): one feed, one id and one ETag, however the URL was written. */
export function canonicalQuery(params: URLSearchParams): string {
  const kept = new URLSearchParams();
  for (const name of FEED_PARAMETERS) {
    for (const value of [...new Set(params.getAll(name).map((v) => v.trim()).filter(Boolean))].sort()) kept.append(name, name === 'country' ? value.toUpperCase() : value);
  }
  return kept.toString();
}
