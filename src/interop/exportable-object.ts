/**
 * What the exports (LIDO, Linked Art, CSV, OAI-PMH) may say about an object: its public id, the
 * owning organisation, the Object ID description, its photos and dates — and nothing else. The
 * sensitive fields (storage location, owner contact, address) and incident details (reporter,
 * contact, circumstances, police report) have no place in this type, so no export can leak them.
 */
import type { ObjectPhotoRow } from '../db/schema.js';
import type { ObjectDescription } from '../registry/object-record.js';
import { photoView, type ObjectView, type PhotoView } from '../registry/object-view.js';
import type { ObjectStatus } from '../registry/status.js';

export interface ExportableObject {
  id: string;
  organisation: { slug: string; name: string };
  status: ObjectStatus;
  description: ObjectDescription;
  photos: PhotoView[];
  createdAt: string;
  updatedAt: string;
}

/** Picks the exportable fields of an object view, field by field (never `...view`). */
export function exportableFromView(view: ObjectView): ExportableObject {
  return {
    id: view.id,
    organisation: { slug: view.organisation.slug, name: view.organisation.name },
    status: view.status,
    description: view.description,
    photos: view.photos,
    createdAt: view.createdAt,
    updatedAt: view.updatedAt,
  };
}

/** The columns the export repository reads: no `sensitive`, no incident table. */
export interface ExportRow {
  seq: number;
  id: string;
  status: string;
  description: string;
  created_at: string;
  updated_at: string;
  organisation_slug: string;
  organisation_name: string;
}

export function exportableFromRow(row: ExportRow, photos: readonly ObjectPhotoRow[]): ExportableObject {
  return {
    id: row.id,
    organisation: { slug: row.organisation_slug, name: row.organisation_name },
    status: row.status as ObjectStatus,
    description: JSON.parse(row.description) as ObjectDescription,
    photos: photos.map(photoView),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Where the exports point: absolute URIs are built from the public base URL of the server
 * (`EGIDE_BASE_URL`, e.g. `https://egide.example.org`), without a trailing slash.
 */
export class Links {
  readonly base: string;

  constructor(baseUrl: string) {
    const url = new URL(baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`The base URL must be http or https: ${baseUrl}`);
    this.base = `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  }

  /** The host name, for OAI identifiers (`oai:<host>:<id>`). */
  get host(): string {
    return new URL(this.base).hostname;
  }

  /** The object's URI: the API resource, which answers JSON, LIDO or Linked Art by content negotiation. */
  object(id: string): string {
    return `${this.base}/api/v1/objects/${encodeURIComponent(id)}`;
  }

  lido(id: string): string {
    return `${this.object(id)}.lido.xml`;
  }

  linkedArt(id: string): string {
    return `${this.object(id)}.jsonld`;
  }

  /** A stable URI for an organisation, as owner, repository and record source. */
  organisation(slug: string): string {
    return `${this.base}/organisations/${encodeURIComponent(slug)}`;
  }

  /** Absolute form of a path the app serves (`/media/photos/…`). */
  absolute(path: string): string {
    if (/^https?:\/\//i.test(path)) return path;
    return `${this.base}${path.startsWith('/') ? '' : '/'}${path}`;
  }

  photo(photo: PhotoView): { display: string; original: string; thumbnail: string } {
    return { display: this.absolute(photo.url), original: this.absolute(`${photo.url}/original`), thumbnail: this.absolute(photo.thumbnailUrl) };
  }
}

/** The first language the text was written in (title, then description), else `und` (undetermined). */
export function recordLanguage(description: ObjectDescription): string {
  for (const map of [description.title, description.description, description.subject, description.distinguishingFeatures]) {
    const first = Object.entries(map).find(([, text]) => text.trim() !== '');
    if (first) return first[0];
  }
  return 'und';
}

/** The non-blank entries of a language map, in their order. */
export function languageEntries(map: Record<string, string>): Array<[string, string]> {
  return Object.entries(map)
    .map(([lang, text]) => [lang, text.trim()] as [string, string])
    .filter(([, text]) => text !== '');
}
