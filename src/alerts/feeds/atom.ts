/**
 * Atom 1.0 documents (RFC 4287), written by hand: the few elements a feed of alerts needs, every
 * text escaped, dates as RFC 3339 in UTC.
 */

export interface AtomLink {
  href: string;
  rel?: 'alternate' | 'self' | 'enclosure' | 'related';
  type?: string;
  hreflang?: string;
  title?: string;
  /** Octets, for enclosures. */
  length?: number;
}

export interface AtomCategory {
  term: string;
  label?: string;
}

export interface AtomEntry {
  /** A `tag:` or `urn:` URI, stable for the entry's subject. */
  id: string;
  title: string;
  updated: string;
  author: string;
  summary: string;
  links: AtomLink[];
  categories: AtomCategory[];
}

export interface AtomFeedDocument {
  id: string;
  lang: string;
  title: string;
  subtitle: string;
  updated: string;
  author: string;
  links: AtomLink[];
  generator: { name: string; uri: string };
  entries: AtomEntry[];
}

const ATOM_NS = 'http://www.w3.org/2005/Atom';

/** Text for XML content and attribute values; characters XML 1.0 forbids are dropped. */
export function xmlText(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** An instant as RFC 3339 in UTC, seconds precision (`2026-12-07T15:27:00Z`). */
export function rfc3339(instant: string | Date): string {
  return new Date(instant).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function link(value: AtomLink): string {
  const attributes = [`href="${xmlText(value.href)}"`];
  if (value.rel) attributes.push(`rel="${value.rel}"`);
  if (value.type) attributes.push(`type="${xmlText(value.type)}"`);
  if (value.hreflang) attributes.push(`hreflang="${xmlText(value.hreflang)}"`);
  if (value.title) attributes.push(`title="${xmlText(value.title)}"`);
  if (value.length !== undefined) attributes.push(`length="${value.length}"`);
  return `<link ${attributes.join(' ')}/>`;
}

function category(value: AtomCategory): string {
  return `<category term="${xmlText(value.term)}"${value.label ? ` label="${xmlText(value.label)}"` : ''}/>`;
}

function entry(value: AtomEntry): string {
  return [
    '<entry>',
    `<id>${xmlText(value.id)}</id>`,
    `<title type="text">${xmlText(value.title)}</title>`,
    `<updated>${rfc3339(value.updated)}</updated>`,
    `<author><name>${xmlText(value.author)}</name></author>`,
    ...value.links.map(link),
    ...value.categories.map(category),
    `<summary type="text">${xmlText(value.summary)}</summary>`,
    '</entry>',
  ].join('\n');
}

export function atomFeed(feed: AtomFeedDocument): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="${ATOM_NS}" xml:lang="${xmlText(feed.lang)}">`,
    `<id>${xmlText(feed.id)}</id>`,
    `<title type="text">${xmlText(feed.title)}</title>`,
    `<subtitle type="text">${xmlText(feed.subtitle)}</subtitle>`,
    `<updated>${rfc3339(feed.updated)}</updated>`,
    `<author><name>${xmlText(feed.author)}</name></author>`,
    `<generator uri="${xmlText(feed.generator.uri)}">${xmlText(feed.generator.name)}</generator>`,
    ...feed.links.map(link),
    ...feed.entries.map(entry),
    '</feed>',
    '',
  ].join('\n');
}
