import { describe, expect, it } from 'vitest';
import { emptyDescription } from '../../registry/object-record.js';
import type { PhotoView } from '../../registry/object-view.js';
import type { ExportableObject } from '../exportable-object.js';
import { fullObject, fullPhotos, links, minimalObject, paintingObject } from '../testing/fixtures.js';
import { validatePresentation } from '../testing/iiif-schema.js';
import { iiifManifest } from './manifest.js';

type Json = Record<string, any>;

const photo = (n: number, width: number, height: number, caption: string | null = null): PhotoView => {
  const id = `ph${String(n).padStart(14, '0')}`;
  return { id, width, height, mime: 'image/jpeg', caption, url: `/media/photos/${id}`, thumbnailUrl: `/media/photos/${id}/thumbnail` };
};

/** Texts in tags the schema's language keys (letters and hyphens) take as they are, and tags with numeric subtags. */
function multilingualObject(): ExportableObject {
  return {
    ...minimalObject(),
    id: 'mult1l1ngual0000',
    photos: [photo(1, 800, 600, 'Vue de face'), photo(2, 600, 800), photo(3, 12_000, 6_000)],
    description: {
      ...emptyDescription('ML-1'),
      title: { fr: 'Retable', 'zh-Hant': '祭壇畫', es: 'Retablo', 'es-419': 'Retablo (América Latina)', 'de-CH-1996': 'Altarbild' },
      description: { en: 'An altarpiece.', 'sr-Latn': 'Oltarska slika.' },
      subject: { 'pt-BR': 'Santos', '1996': 'Heilige' },
      distinguishingFeatures: { it: 'Crepa in basso a sinistra' },
    },
  };
}

/** No text at all and no inventory number: the labels fall back to the record's id. */
function untitledObject(): ExportableObject {
  return { ...minimalObject(), id: 'unt1tled00000000', description: emptyDescription(''), photos: [photo(1, 1, 1)] };
}

describe('IIIF manifests against the official Presentation 3.0 JSON Schema', () => {
  const cases: Array<[string, ExportableObject]> = [
    ['every Object ID field, two photos, three languages', fullObject()],
    ['one photo, English only', paintingObject()],
    ['many photos, one larger than the server renders, texts in regional and script tags', multilingualObject()],
    ['no text and no inventory number, a one-pixel photo', untitledObject()],
    ['seven photos', { ...fullObject(), photos: [...fullPhotos(), ...Array.from({ length: 5 }, (_, i) => photo(i + 10, 300 + i, 200))] }],
  ];

  it.each(cases)('validates: %s', (_, object) => {
    const manifest = iiifManifest(object, links) as Json;
    expect(validatePresentation(manifest).errors).toEqual([]);
    expect(manifest.items).toHaveLength(object.photos.length);
  });

  it('keeps every text of a language map, under keys the schema allows', () => {
    const manifest = iiifManifest(multilingualObject(), links) as Json;
    expect(manifest.label).toEqual({ fr: ['Retable'], 'zh-Hant': ['祭壇畫'], es: ['Retablo', 'Retablo (América Latina)'], 'de-CH': ['Altarbild'] });
    expect(manifest.summary).toEqual({ en: ['An altarpiece.'], 'sr-Latn': ['Oltarska slika.'] });
    const subject = (manifest.metadata as Json[]).find((entry) => entry.label.en[0] === 'Subject');
    expect(subject?.value).toEqual({ none: ['Heilige'], 'pt-BR': ['Santos'] });
  });

  it('is a schema that refuses what the specification refuses', () => {
    const manifest = iiifManifest(paintingObject(), links) as Json;
    expect(validatePresentation({ ...manifest, label: 'Portrait of a bishop' }).valid).toBe(false);
    expect(validatePresentation({ ...manifest, label: { 'es-419': ['Retrato'] } }).valid).toBe(false);
    const { items: _items, ...withoutItems } = manifest;
    expect(validatePresentation(withoutItems).valid).toBe(false);
    const canvas = structuredClone(manifest.items[0]);
    canvas.width = 0;
    expect(validatePresentation({ ...manifest, items: [canvas] }).valid).toBe(false);
  });
});
