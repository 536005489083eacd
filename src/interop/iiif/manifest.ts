/**
 * IIIF Presentation API 3.0 manifests (https://iiif.io/api/presentation/3.0/) of registry objects:
 * one Canvas per photo, painted by the photo through its Image API service, so that any IIIF viewer
 * (Mirador, Universal Viewer, OpenSeadragon) shows and compares the object's photos with deep zoom.
 *
 * Built from the exportable fields only (never sensitive ones). Egide knows no licence for photos,
 * so there is no `rights`; who holds the object is the `requiredStatement`.
 */
import { t, type MessageKey } from '../../i18n/i18n.js';
import { LANGUAGES } from '../../i18n/languages.js';
import { termLabels, termText } from '../../registry/object.components.js';
import { pickLocalized, type LanguageMap, type Term } from '../../registry/object-record.js';
import type { PhotoView } from '../../registry/object-view.js';
import type { VocabularyKind } from '../../registry/vocabulary.js';
import { languageEntries, type ExportableObject, type Links } from '../exportable-object.js';
import type { JsonObject } from '../linked-art/linked-art-writer.js';
import { measurementsStatement } from '../measurement-text.js';
import { imageServicePath, manifestPath, PRESENTATION_CONTEXT } from '../../web/iiif-paths.js';
import { parseImageRequest, resolveImageRequest } from './image-request.js';

/** The compliance level info.json declares; the manifest's service references repeat it. */
export const IMAGE_PROFILE = 'level2';

/** A IIIF language map: each language with its values; `none` for text in no particular language. */
type IiifLanguageMap = Record<string, string[]>;

const FULL_IMAGE = parseImageRequest('full', 'max', '0', 'default.jpg');

/**
 * IIIF language keys: the official schema takes letters and hyphens only, so a tag's numeric subtags
 * (`es-419`, `de-CH-1996`) are dropped (nothing left: `none`); a text whose shortened tag is taken
 * joins that key's values.
 */
const iiifLanguage = (tag: string) => tag.split('-').filter((subtag) => /^[a-z]+$/i.test(subtag)).join('-') || 'none';

function languageMap(map: LanguageMap): IiifLanguageMap {
  const result: IiifLanguageMap = {};
  for (const [lang, text] of languageEntries(map)) (result[iiifLanguage(lang)] ??= []).push(text);
  return result;
}

const untagged = (values: string[]): IiifLanguageMap => ({ none: values });

/** A label in each of Egide's languages, from the catalogues. */
function label(key: MessageKey, params?: Record<string, string | number>): IiifLanguageMap {
  return Object.fromEntries(LANGUAGES.map((lang) => [lang, [t(lang, key, params)]]));
}

/**
 * Terms in each of Egide's languages in which every one of them has a label (the vocabulary's
 * labels added); when there is none, each term's own first label, as untagged text.
 */
function termValues(terms: Term[], kind: VocabularyKind): IiifLanguageMap {
  const map: IiifLanguageMap = {};
  for (const lang of LANGUAGES) {
    const picked = terms.map((term) => pickLocalized(termLabels(term, lang, kind), lang));
    if (picked.every((text) => text?.lang === lang)) map[lang] = picked.map((text) => text!.text);
  }
  return Object.keys(map).length > 0 ? map : untagged(terms.map((term) => termText(term, 'en', kind)));
}

/** `broad › narrow` in each language of `termValues`. */
const typePath = (terms: Term[]): IiifLanguageMap =>
  Object.fromEntries(Object.entries(termValues(terms, 'objectType')).map(([lang, values]) => [lang, [values.join(' › ')]]));

/** The key Object ID fields that are filled in, as label/value pairs in the order of the standard. */
function metadata(o: ExportableObject): JsonObject[] {
  const d = o.description;
  const entries: Array<[MessageKey, IiifLanguageMap | null]> = [
    ['objectId.inventoryNumber', d.inventoryNumber ? untagged([d.inventoryNumber]) : null],
    ['status.label', label(`status.${o.status}`)],
    ['objectId.objectType', d.objectType.length > 0 ? typePath(d.objectType) : null],
    ['object.materials', d.materials.length > 0 ? termValues(d.materials, 'material') : null],
    ['object.techniques', d.techniques.length > 0 ? termValues(d.techniques, 'technique') : null],
    // The statement's dimension words and units are English, as in the other exports.
    ['objectId.measurements', d.measurements.length > 0 ? { en: [measurementsStatement(d.measurements)] } : null],
    ['objectId.inscriptions', d.inscriptions.length > 0 ? untagged(d.inscriptions.map((item) => item.text)) : null],
    ['objectId.dating', d.dating ? untagged([d.dating.display]) : null],
    ['objectId.maker', d.makers.length > 0 ? untagged(d.makers.map((maker) => (maker.role?.trim() ? `${maker.name} (${maker.role.trim()})` : maker.name))) : null],
    ['objectId.subject', languageEntries(d.subject).length > 0 ? languageMap(d.subject) : null],
    ['objectId.distinguishingFeatures', languageEntries(d.distinguishingFeatures).length > 0 ? languageMap(d.distinguishingFeatures) : null],
  ];
  return entries.flatMap(([key, value]) => (value ? [{ label: label(key), value }] : []));
}

/** The Image API service of a photo, as manifests refer to it. */
function imageService(links: Links, photo: PhotoView): JsonObject {
  return { id: links.absolute(imageServicePath(photo.id)), type: 'ImageService3', profile: IMAGE_PROFILE };
}

function thumbnail(links: Links, photo: PhotoView): JsonObject {
  return { id: links.absolute(photo.thumbnailUrl), type: 'Image', format: 'image/webp', service: [imageService(links, photo)] };
}

function canvas(o: ExportableObject, links: Links, manifestId: string, photo: PhotoView, index: number): JsonObject {
  const id = `${manifestId}/canvas/${index + 1}`;
  const full = resolveImageRequest(FULL_IMAGE, photo);
  const title = (lang: string) => pickLocalized(o.description.title, lang)?.text ?? (o.description.inventoryNumber || o.id);
  return {
    id,
    type: 'Canvas',
    label: photo.caption ? untagged([photo.caption]) : Object.fromEntries(LANGUAGES.map((lang) => [lang, [t(lang, 'object.photo.alt', { n: index + 1, title: title(lang) })]])),
    width: photo.width,
    height: photo.height,
    thumbnail: [thumbnail(links, photo)],
    items: [
      {
        id: `${id}/page`,
        type: 'AnnotationPage',
        items: [
          {
            id: `${id}/page/painting`,
            type: 'Annotation',
            motivation: 'painting',
            body: {
              id: `${links.absolute(imageServicePath(photo.id))}/${full.canonical}`,
              type: 'Image',
              format: 'image/jpeg',
              width: full.width,
              height: full.height,
              service: [imageService(links, photo)],
            },
            target: id,
          },
        ],
      },
    ],
  };
}

/** The manifest of an object with at least one photo (a manifest must have a canvas). */
export function iiifManifest(o: ExportableObject, links: Links): JsonObject {
  const id = links.absolute(manifestPath(o.id));
  const title = languageMap(o.description.title);
  const summary = languageMap(o.description.description);
  return {
    '@context': PRESENTATION_CONTEXT,
    id,
    type: 'Manifest',
    label: Object.keys(title).length > 0 ? title : untagged([o.description.inventoryNumber || o.id]),
    ...(Object.keys(summary).length > 0 ? { summary } : {}),
    metadata: metadata(o),
    requiredStatement: { label: label('object.organisation'), value: untagged([o.organisation.name]) },
    behavior: ['individuals'],
    thumbnail: o.photos.slice(0, 1).map((photo) => thumbnail(links, photo)),
    homepage: LANGUAGES.map((lang) => ({
      id: links.absolute(`/${lang}/objects/${encodeURIComponent(o.id)}`),
      type: 'Text',
      label: untagged([pickLocalized(o.description.title, lang)?.text ?? o.id]),
      format: 'text/html',
      language: [lang],
    })),
    seeAlso: [
      { id: links.linkedArt(o.id), type: 'Dataset', format: 'application/ld+json', profile: 'https://linked.art/ns/v1/linked-art.json' },
      { id: links.lido(o.id), type: 'Dataset', format: 'application/xml', profile: 'http://www.lido-schema.org' },
    ],
    items: o.photos.map((photo, index) => canvas(o, links, id, photo, index)),
  };
}
