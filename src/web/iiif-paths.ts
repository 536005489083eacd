/**
 * Where the IIIF services answer (paths on this server; the documents make them absolute with the
 * base URL), and what manifests are: what pages and other exports need to link to them.
 */
export const IIIF_BASE = '/iiif/3';

/** The Image API service of a photo: `{path}/info.json`, `{path}/{region}/{size}/{rotation}/{quality}.{format}`. */
export const imageServicePath = (photoId: string): string => `${IIIF_BASE}/${encodeURIComponent(photoId)}`;

/** The Presentation API manifest of an object. */
export const manifestPath = (objectId: string): string => `${IIIF_BASE}/manifests/${encodeURIComponent(objectId)}`;

export const PRESENTATION_CONTEXT = 'http://iiif.io/api/presentation/3/context.json';
export const MANIFEST_MEDIA_TYPE = `application/ld+json;profile="${PRESENTATION_CONTEXT}"`;
