import { normalize } from '@iiif/parser';
import { presentation3StrictUpgrade } from '@iiif/parser/strict';
import { describe, expect, it } from 'vitest';
import { fullObject, links, paintingObject, TEST_BASE_URL } from '../testing/fixtures.js';
import { PRESENTATION_CONTEXT } from '../../web/iiif-paths.js';
import { iiifManifest } from './manifest.js';

/** Whether @iiif/parser takes the manifest as it is: its strict upgrade reports nothing to fix, and it normalises. */
function parserWarnings(manifest: object): string[] {
  const state = { warnings: [] as string[] };
  presentation3StrictUpgrade(structuredClone(manifest) as Parameters<typeof presentation3StrictUpgrade>[0], state);
  return state.warnings;
}

type Json = Record<string, any>;

describe('IIIF Presentation 3.0 manifests', () => {
  it('is accepted by @iiif/parser: no strict-mode warning, and it normalises to one Manifest with a Canvas per photo', () => {
    const manifest = iiifManifest(fullObject(), links);
    expect(parserWarnings(manifest)).toEqual([]);
    const { entities, resource } = normalize(manifest);
    expect(resource).toEqual({ id: `${TEST_BASE_URL}/iiif/3/manifests/3k9x2m7q1w8e4r5t`, type: 'Manifest' });
    expect(Object.keys(entities.Canvas)).toEqual([
      `${TEST_BASE_URL}/iiif/3/manifests/3k9x2m7q1w8e4r5t/canvas/1`,
      `${TEST_BASE_URL}/iiif/3/manifests/3k9x2m7q1w8e4r5t/canvas/2`,
    ]);
    expect(Object.keys(entities.Annotation)).toHaveLength(2);
  });

  it('paints each canvas with the photo through its Image API service', () => {
    const manifest = iiifManifest(fullObject(), links) as Json;
    expect(manifest['@context']).toBe(PRESENTATION_CONTEXT);
    const [first, second] = manifest.items as Json[];
    expect(first).toMatchObject({ type: 'Canvas', width: 4000, height: 3000, label: { none: ['Overall view, "front" & side'] } });
    expect(first!.items[0].items[0]).toEqual({
      id: `${first!.id}/page/painting`,
      type: 'Annotation',
      motivation: 'painting',
      target: first!.id,
      body: {
        id: `${TEST_BASE_URL}/iiif/3/p1aaaaaaaaaaaaaa/full/max/0/default.jpg`,
        type: 'Image',
        format: 'image/jpeg',
        width: 4000,
        height: 3000,
        service: [{ id: `${TEST_BASE_URL}/iiif/3/p1aaaaaaaaaaaaaa`, type: 'ImageService3', profile: 'level2' }],
      },
    });
    // Without a caption, the canvas is named in each language of the interface.
    expect(second!.label).toEqual({
      fr: ['Photographie 2 de Jarre aux dragons & nuages <Ming>'],
      en: ['Photograph 2 of Dragon & cloud jar'],
      es: ['Fotografía 2 de Jarra con dragones'],
    });
    expect(manifest.thumbnail).toEqual([
      { id: `${TEST_BASE_URL}/media/photos/p1aaaaaaaaaaaaaa/thumbnail`, type: 'Image', format: 'image/webp', service: [first!.items[0].items[0].body.service[0]] },
    ]);
  });

  it('labels and summarises the object from its texts, with the key Object ID fields as metadata', () => {
    const manifest = iiifManifest(fullObject(), links) as Json;
    expect(manifest.label).toEqual({ fr: ['Jarre aux dragons & nuages <Ming>'], en: ['Dragon & cloud jar'], es: ['Jarra con dragones'] });
    expect(manifest.summary.en).toEqual(['Large blue-and-white porcelain jar.\nTwo five-clawed dragons.']);
    expect(manifest.requiredStatement).toEqual({
      label: { fr: ['Détenu par'], en: ['Held by'], es: ['Custodiado por'] },
      value: { none: ['Musée national des arts asiatiques – Guimet'] },
    });
    const byLabel = new Map((manifest.metadata as Json[]).map((entry) => [entry.label.en[0], entry.value]));
    expect([...byLabel.keys()]).toEqual([
      'Inventory number',
      'Status',
      'Type of object',
      'Materials',
      'Techniques',
      'Measurements',
      'Inscriptions and markings',
      'Date or period',
      'Maker',
      'Subject',
      'Distinguishing features',
    ]);
    expect(byLabel.get('Inventory number')).toEqual({ none: ['INV 1977.20 <A&B>'] });
    expect(byLabel.get('Status')).toEqual({ fr: ['Volé'], en: ['Stolen'], es: ['Robado'] });
    // "cobalt blue" exists in English only: the materials are listed in English, where both have a label.
    expect(byLabel.get('Materials')).toEqual({ en: ['porcelain', 'cobalt blue'] });
    expect(byLabel.get('Type of object')).toEqual({ fr: ['céramiques › jarres à "anses"'], en: ['ceramics › jars; handled | lidded'] });
    expect(byLabel.get('Maker')).toEqual({ none: ['Imperial kilns of Jingdezhen (manufactory)', 'Unknown painter'] });
    expect(byLabel.get('Measurements')).toEqual({ en: ['height 45.5 cm, diameter 38 cm, weight 12.25 kg; base: height 8 cm; label: width 210 mm; thickness 0.5 in; base: length 2 ft; depth 1 m'] });
    expect(manifest.seeAlso.map((link: Json) => link.id)).toEqual([
      `${TEST_BASE_URL}/api/v1/objects/3k9x2m7q1w8e4r5t.jsonld`,
      `${TEST_BASE_URL}/api/v1/objects/3k9x2m7q1w8e4r5t.lido.xml`,
    ]);
    expect(manifest.homepage.map((page: Json) => page.id)).toEqual(['fr', 'en', 'es'].map((lang) => `${TEST_BASE_URL}/${lang}/objects/3k9x2m7q1w8e4r5t`));
  });

  it('adds the vocabulary’s labels to terms stored in one language, and leaves out empty fields', () => {
    const painting = paintingObject();
    painting.description.materials = [{ label: { en: 'oil paint' }, aat: '300015050' }];
    const manifest = iiifManifest(painting, links) as Json;
    expect(parserWarnings(manifest)).toEqual([]);
    const byLabel = new Map((manifest.metadata as Json[]).map((entry) => [entry.label.en[0], entry.value]));
    expect(byLabel.get('Materials')).toEqual({ fr: ["peinture à l'huile"], en: ['oil paint'], es: ['óleo'] });
    expect(byLabel.has('Subject')).toBe(false);
    expect(byLabel.has('Inscriptions and markings')).toBe(false);
    expect(manifest).not.toHaveProperty('summary');
    expect(manifest.label).toEqual({ en: ['Portrait of a bishop'] });
  });
});
