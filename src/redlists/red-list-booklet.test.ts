import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { pdfInfo, pdfLines, pdfText } from '../test-support/pdf-text.js';
import { RED_LIST_FORMAT, RedListDocumentSchema, type RedListDocument, type RedListDocumentInput } from './red-list-document.js';
import { renderRedListBooklet, type ReadBookletImage } from './red-list-booklet.js';

const three = (fr: string, en: string, es: string) => ({ fr, en, es });

/** A list written in French, English and Spanish, with photos in the formats a store may hold. */
function trilingualList(overrides: Partial<RedListDocumentInput> = {}): RedListDocument {
  const example = (image: string, inventoryNumber: string) => ({
    image,
    credit: `Photo © Museo de América, ${inventoryNumber}`,
    licence: 'CC BY 4.0',
    institution: 'Museo de América',
    inventoryNumber,
    description: three('Vase semblable', 'A similar vase', 'Un vaso semejante'),
  });
  return RedListDocumentSchema.parse({
    format: RED_LIST_FORMAT,
    slug: 'andes-trilingual',
    demonstration: true,
    edition: { number: 3, year: 2026 },
    title: three('Liste rouge des Andes', 'Red List of the Andes', 'Lista Roja de los Andes'),
    region: { name: three('Andes centrales', 'Central Andes', 'Andes centrales'), countries: ['PE', 'BO'] },
    languages: ['es', 'fr', 'en'],
    introduction: three('Le patrimoine andin est pillé.\n\nCette liste aide les douanes.', 'Andean heritage is looted.\n\nThis list helps customs.', 'El patrimonio andino es saqueado.\n\nEsta lista ayuda a las aduanas.'),
    disclaimer: three(
      'Les objets montrés ne sont pas volés : ils illustrent des types protégés.',
      'The objects shown are not stolen: they illustrate protected types.',
      'Los objetos mostrados no son robados: ilustran tipos protegidos.',
    ),
    legal: {
      conventions: [
        { convention: 'unesco-1970', country: 'PE', ratified: 1979 },
        { convention: 'unidroit-1995', country: 'BO', ratified: null },
      ],
      laws: [{ country: 'PE', title: three('Loi générale du patrimoine culturel', 'General Law of Cultural Heritage', 'Ley General del Patrimonio Cultural'), reference: 'Ley N° 28296', year: 2004 }],
      exportRules: [{ country: 'PE', rule: 'prohibited', minimumAgeYears: 100, categories: ['moche-ceramics'], law: 'Ley N° 28296' }],
    },
    contacts: [
      { country: 'PE', kind: 'police', name: 'División de Protección del Patrimonio Cultural', phone: '+51 1 000 0000', email: 'patrimonio@policia.example' },
      { country: 'BO', kind: 'ministry', name: 'Viceministerio de Interculturalidad', url: 'https://cultura.example.bo' },
    ],
    categories: [
      { id: 'ceramics', name: three('Céramiques', 'Ceramics', 'Cerámicas'), period: { from: -1500, to: 1532 } },
      {
        id: 'moche-ceramics',
        parent: 'ceramics',
        name: three('Céramique mochica', 'Moche ceramics', 'Cerámica mochica'),
        period: { from: 100, to: 800 },
        regionOrCulture: three('Côte nord du Pérou', 'North coast of Peru', 'Costa norte del Perú'),
        description: three('Bouteilles à anse en étrier.', 'Stirrup-spout bottles.', 'Botellas con asa estribo.'),
        features: three('Anse en étrier\nEngobe crème et rouge', 'Stirrup spout\nCream and red slip', 'Asa estribo\nEngobe crema y rojo'),
        examples: [example('bottle.jpg', 'MA-0001'), example('bottle.png', 'MA-0002'), example('missing.jpg', 'MA-0003')],
      },
      { id: 'chavin-stone', name: three('Pierre de Chavín', 'Chavín stone', 'Piedra de Chavín'), period: { from: -900, to: -200 } },
    ],
    ...overrides,
  });
}

let images: Record<string, Buffer>;
const readImage: ReadBookletImage = async (name) => {
  const bytes = images[name];
  if (!bytes) throw new Error(`no image ${name}`);
  return bytes;
};
const published = (document: RedListDocument) => ({ document, publishedAt: '2026-03-14T10:00:00.000Z' });

beforeAll(async () => {
  const photo = sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 180, g: 120, b: 80 } } });
  images = { 'bottle.jpg': await photo.clone().jpeg().toBuffer(), 'bottle.png': await photo.clone().png().toBuffer() };
});

describe('the Red List booklet', () => {
  const cases = [
    { lang: 'fr', cover: 'Liste rouge des Andes', demo: 'Liste de démonstration rédigée pour Egide', disclaimer: 'Les objets montrés ne sont pas volés', categories: ['1 Céramiques', '1.1 Céramique mochica', '2 Pierre de Chavín'], period: '100–800', features: 'Anse en étrier', law: 'Loi générale du patrimoine culturel (2004) Référence : Ley N° 28296', contact: 'Police — División de Protección del Patrimonio Cultural', convention: 'Convention de l’UNESCO (1970) : ratifiée en 1979' },
    { lang: 'en', cover: 'Red List of the Andes', demo: 'Demonstration list written for Egide', disclaimer: 'The objects shown are not stolen', categories: ['1 Ceramics', '1.1 Moche ceramics', '2 Chavín stone'], period: '100–800', features: 'Stirrup spout', law: 'General Law of Cultural Heritage (2004) Reference: Ley N° 28296', contact: 'Police — División de Protección del Patrimonio Cultural', convention: 'UNESCO Convention (1970): ratified in 1979' },
    { lang: 'es', cover: 'Lista Roja de los Andes', demo: 'Lista de demostración redactada para Egide', disclaimer: 'Los objetos mostrados no son robados', categories: ['1 Cerámicas', '1.1 Cerámica mochica', '2 Piedra de Chavín'], period: '100–800', features: 'Asa estribo', law: 'Ley General del Patrimonio Cultural (2004) Referencia: Ley N° 28296', contact: 'Policía — División de Protección del Patrimonio Cultural', convention: 'Convención de la UNESCO (1970): ratificada en 1979' },
  ] as const;

  for (const expected of cases) {
    it(`is written in ${expected.lang}: cover, disclaimer, categories with photos, legal section and contacts`, async () => {
      const pdf = await renderRedListBooklet(published(trilingualList()), expected.lang, readImage);
      const text = await pdfText(pdf);
      const cover = text.slice(0, text.indexOf(expected.disclaimer) + expected.disclaimer.length);
      expect(cover).toContain(expected.cover);
      expect(cover).toContain(expected.demo);
      for (const category of expected.categories) expect(text).toContain(category);
      expect(text).toContain(expected.period);
      expect(text).toContain(expected.features);
      expect(text).toContain('Photo © Museo de América, MA-0001');
      expect(text).toContain('Photo © Museo de América, MA-0002');
      expect(text).toContain(expected.law);
      expect(text).toContain(expected.convention);
      expect(text).toContain(expected.contact);
      expect(text).toContain('patrimonio@policia.example');
      const info = await pdfInfo(pdf);
      expect(info.Title).toBe(expected.cover);
      expect(pdf.includes(`/Lang (${expected.lang})`)).toBe(true);
    });
  }

  it('lists the contents with the page of each heading, and numbers the pages', async () => {
    const pdf = await renderRedListBooklet(published(trilingualList()), 'en', readImage);
    const pages = Number((await pdfInfo(pdf)).Pages);
    const text = await pdfText(pdf);
    // Cover, contents, introduction, the two top-level categories, the legal section, the contacts.
    expect(pages).toBe(7);
    expect(text).toContain(`Red List of the Andes page 2 of ${pages}`);
    expect(text).toContain(`Red List of the Andes page ${pages} of ${pages}`);
    const lines = await pdfLines(pdf);
    const contents = lines.slice(lines.indexOf('Contents'), lines.indexOf('Contents') + 13);
    expect(contents).toEqual([
      'Contents',
      'Introduction 3',
      'Categories of objects at risk 4',
      '1 Ceramics 4',
      '1.1 Moche ceramics 4',
      '2 Chavín stone 5',
      'Legal protection 6',
      'International conventions 6',
      'National laws 6',
      'Export rules 6',
      'Contacts 7',
      'Peru 7',
      'Bolivia 7',
    ]);
  });

  it('shows the credit of a photo it cannot read, with the photo missing in its place', async () => {
    const text = await pdfText(await renderRedListBooklet(published(trilingualList()), 'es', readImage));
    expect(text).toContain('Foto no disponible');
    expect(text).toContain('Photo © Museo de América, MA-0003');
  });

  it('gives the texts of a list written in Arabic only, with its words in the reader’s language', async () => {
    const arabic = trilingualList({
      languages: ['ar'],
      title: { ar: 'القائمة الحمراء للمشرق' },
      region: { name: { ar: 'المشرق' }, countries: ['LB'] },
      introduction: { ar: 'مقدمة القائمة' },
      disclaimer: { ar: 'القطع المعروضة ليست مسروقة' },
      legal: { laws: [{ country: 'LB', title: { ar: 'قانون الآثار' }, reference: 'Decree 166/1933' }] },
      contacts: [{ country: 'LB', kind: 'customs', name: 'Lebanese Customs' }],
      categories: [{ id: 'ceramics', name: { ar: 'خزف' }, examples: [{ image: 'bottle.jpg', credit: 'National Museum of Beirut', licence: 'CC0', institution: 'National Museum of Beirut' }] }],
    });
    const pdf = await renderRedListBooklet(published(arabic), 'fr', readImage);
    const text = await pdfText(pdf);
    expect(text).toContain('Cette liste n’est pas rédigée en français : ses textes sont donnés en arabe.');
    expect(text).toContain('Decree 166/1933');
    expect(text).toContain('Douane — Lebanese Customs');
    expect(text).toContain('National Museum of Beirut');
    // The Arabic letters are there (pdftotext gives them in visual order, so no word is compared).
    for (const letter of ['ق', 'ئ', 'م', 'خ', 'ز', 'ف']) expect(text).toContain(letter);
    expect(pdf.includes('/Lang (ar)')).toBe(true);
  });
});
