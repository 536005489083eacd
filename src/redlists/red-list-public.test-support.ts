/**
 * Red List documents for the tests of search, public pages, the read API and JSON-LD: two small
 * lists, one written in French, English and Arabic (no Spanish, so a Spanish visitor reads the
 * French text), a demonstration; the other in Spanish and English.
 */
import { signedIn } from '../registry/pages.test-support.js';
import { jpeg } from '../test-support/photo-images.js';
import type { TestApp } from '../test-support/test-app.js';
import { RED_LIST_FORMAT, RedListDocumentSchema, type RedListDocument, type RedListDocumentInput } from './red-list-document.js';

const example = (image: string, inventoryNumber: string) => ({
  image,
  credit: 'National Museum of Korea',
  licence: 'KOGL Type 1',
  institution: 'National Museum of Korea',
  inventoryNumber,
  description: { fr: 'Objet semblable, collection publique', en: 'A similar object, public collection', ar: 'قطعة مماثلة' },
});

export function levantList(overrides: Partial<RedListDocumentInput> = {}): RedListDocument {
  return RedListDocumentSchema.parse({
    format: RED_LIST_FORMAT,
    slug: 'levant-demo',
    demonstration: true,
    edition: { number: 2, year: 2025 },
    title: { fr: 'Liste rouge de démonstration du Levant', en: 'Demonstration Red List of the Levant', ar: 'القائمة الحمراء التجريبية للمشرق' },
    region: { name: { fr: 'Levant', en: 'Levant', ar: 'المشرق' }, countries: ['LB', 'SY'] },
    languages: ['fr', 'en', 'ar'],
    introduction: { fr: 'Une introduction.', en: 'An introduction.', ar: 'مقدمة.' },
    disclaimer: {
      fr: 'Les objets montrés ne sont pas volés : ils illustrent des types protégés.',
      en: 'The objects shown are not stolen: they illustrate protected types.',
      ar: 'القطع المعروضة ليست مسروقة.',
    },
    legal: {
      conventions: [
        { convention: 'unesco-1970', country: 'LB', ratified: 1992 },
        { convention: 'unidroit-1995', country: 'LB', ratified: null },
      ],
      laws: [{ country: 'LB', title: { fr: 'Loi sur les antiquités', en: 'Antiquities Law', ar: 'قانون الآثار' }, reference: 'Decree 166/1933', year: 1933 }],
      exportRules: [{ country: 'LB', rule: 'prohibited', minimumAgeYears: 100, law: 'Decree 166/1933' }],
    },
    contacts: [
      { country: 'LB', kind: 'customs', name: 'Lebanese Customs', email: 'heritage@customs.example' },
      { country: 'SY', kind: 'ministry', name: 'Directorate-General of Antiquities', phone: '+963 11 000 0000' },
    ],
    categories: [
      {
        id: 'ceramics',
        name: { fr: 'Céramiques', en: 'Ceramics', ar: 'خزف' },
        period: { from: -3000, to: 1500 },
        materials: ['ceramic', 'clay'],
        aat: [{ id: 'http://vocab.getty.edu/aat/300151343', label: 'ceramics (objects)' }],
      },
      {
        id: 'painted-bowls',
        parent: 'ceramics',
        name: { fr: 'Bols peints', en: 'Painted bowls', ar: 'أوعية مرسومة' },
        period: { from: -800, to: -300 },
        regionOrCulture: { fr: 'Phénicien', en: 'Phoenician', ar: 'فينيقي' },
        description: { fr: 'Souvent trouvés avec des lampes à huile.', en: 'Often found with oil lamps.', ar: 'وصف' },
        features: { fr: 'Décor géométrique\nPied annulaire', en: 'Geometric decoration\nRing foot', ar: 'زخرفة هندسية' },
        objectTypes: ['bowl'],
        aat: [{ id: 'http://vocab.getty.edu/aat/300152126', label: 'bowls (vessels)' }],
        euAnnex: 'c',
        examples: [example('bowl-1.jpg', 'NMK-1'), example('bowl-2.jpg', 'NMK-2')],
      },
      {
        id: 'oil-lamps',
        parent: 'ceramics',
        name: { fr: 'Lampes à huile', en: 'Oil lamps', ar: 'مصابيح زيت' },
        period: { from: -300, to: 700 },
        objectTypes: ['lamp'],
      },
      {
        id: 'metalwork',
        name: { fr: 'Métal', en: 'Metalwork', ar: 'معادن' },
        materials: ['bronze', 'copper'],
        period: { from: -2000, to: 1000 },
      },
      {
        id: 'bronze-statuettes',
        parent: 'metalwork',
        name: { fr: 'Statuettes en bronze', en: 'Bronze statuettes', ar: 'تماثيل برونزية' },
        objectTypes: ['statuette', 'figurine'],
        features: { fr: 'Patine verte', en: 'Green patina', ar: 'زنجار أخضر' },
      },
    ],
    ...overrides,
  });
}

export function andesList(overrides: Partial<RedListDocumentInput> = {}): RedListDocument {
  return RedListDocumentSchema.parse({
    format: RED_LIST_FORMAT,
    slug: 'andes',
    edition: { number: 1, year: 2024 },
    title: { es: 'Lista roja de los Andes', en: 'Red List of the Andes' },
    region: { name: { es: 'Andes', en: 'Andes' }, countries: ['PE', 'BO'] },
    languages: ['es', 'en'],
    introduction: { es: 'Introducción.', en: 'Introduction.' },
    disclaimer: { es: 'Los objetos mostrados no son robados.', en: 'The objects shown are not stolen.' },
    legal: {},
    categories: [
      { id: 'textiles', name: { es: 'Textiles', en: 'Textiles' }, period: { from: 600, to: 1532 }, materials: ['cotton', 'wool'], objectTypes: ['mantle'] },
      {
        id: 'ceramica-mochica',
        name: { es: 'Cerámica mochica', en: 'Moche ceramics' },
        period: { from: 100, to: 800 },
        materials: ['ceramic'],
        objectTypes: ['bottle', 'bowl'],
        description: { es: 'Botellas con asa de estribo.', en: 'Stirrup-spout bottles.' },
      },
    ],
    ...overrides,
  });
}

/** The published lists as RedListService.listPublished gives them, for the search's tests. */
export function publishedSource(documents: RedListDocument[], version = 1) {
  return {
    version,
    listPublished: () => Promise.resolve(documents.map((document) => ({ slug: document.slug, edition: document.edition.number, document }))),
  };
}

/** Publishes the documents in the test app (as an admin of the secretariat), each example image a small JPEG. */
export async function publishLists(t: TestApp, documents: RedListDocument[]): Promise<void> {
  const admin = await signedIn(t, 'admin', 'secretariat');
  for (const document of documents) {
    const names = document.categories.flatMap((category) => category.examples.map((each) => each.image));
    const images = new Map(await Promise.all(names.map(async (name) => [name, await jpeg(120, 90)] as const)));
    await t.context.redLists.importDocument(admin.principal, document, images, { publish: true });
  }
}
