/** Objects for the interoperability tests: one filling every Object ID field, one nearly empty. */
import { emptyDescription, type ObjectDescription } from '../../registry/object-record.js';
import type { PhotoView } from '../../registry/object-view.js';
import { Links, type ExportableObject } from '../exportable-object.js';

export const TEST_BASE_URL = 'https://egide.example.org';
export const links = new Links(TEST_BASE_URL);

/** Every Object ID category and recommended addition, in three languages, with characters XML and CSV must escape. */
export function fullDescription(): ObjectDescription {
  return {
    inventoryNumber: 'INV 1977.20 <A&B>',
    objectType: [
      { label: { fr: 'céramiques', en: 'ceramics', es: 'cerámicas' }, aat: '300151343' },
      { label: { fr: 'jarres à "anses"', en: 'jars; handled | lidded' } },
    ],
    title: { fr: 'Jarre aux dragons & nuages <Ming>', en: 'Dragon & cloud jar', es: 'Jarra con dragones' },
    materials: [
      { label: { fr: 'porcelaine', en: 'porcelain', es: 'porcelana' }, aat: '300010662' },
      { label: { en: 'cobalt blue' } },
    ],
    techniques: [
      { label: { fr: 'glaçure', en: 'glazing', es: 'vidriado' } },
      { label: { fr: 'peinture', en: 'painting', es: 'pintura' }, aat: '300054216' },
    ],
    measurements: [
      { dimension: 'height', value: 45.5, unit: 'cm' },
      { dimension: 'diameter', value: 38, unit: 'cm' },
      { dimension: 'weight', value: 12.25, unit: 'kg' },
      { dimension: 'height', value: 8, unit: 'cm', part: 'base' },
      { dimension: 'width', value: 210, unit: 'mm', part: 'label' },
      { dimension: 'thickness', value: 0.5, unit: 'in' },
      { dimension: 'length', value: 2, unit: 'ft', part: 'base' },
      { dimension: 'depth', value: 1, unit: 'm' },
    ],
    inscriptions: [
      { kind: 'mark', text: '大明宣德年製', position: 'base, in a double circle', language: 'zh' },
      { kind: 'signature', text: 'J. "Doe" <fecit>' },
      { kind: 'label', text: 'Lot 12; provenance | unknown', position: 'inside the lid' },
      { kind: 'number', text: '1977.20', position: 'foot rim' },
      { kind: 'stamp', text: 'Douane 1905' },
      { kind: 'inscription', text: 'Longue vie', language: 'fr' },
    ],
    dating: { display: 'Xuande period (1426–1435)', earliest: 1426, latest: 1435 },
    makers: [
      { name: 'Imperial kilns of Jingdezhen', role: 'manufactory' },
      { name: 'Unknown painter' },
    ],
    subject: { fr: 'Dragons parmi les nuages', en: 'Dragons among clouds', es: 'Dragones entre nubes' },
    distinguishingFeatures: { fr: 'Éclat au col, restauration ancienne à la lèvre', en: 'Chip at the neck; old repair at the rim' },
    description: {
      fr: 'Grande jarre en porcelaine bleu et blanc.\nDeux dragons à cinq griffes.',
      en: 'Large blue-and-white porcelain jar.\nTwo five-clawed dragons.',
      es: 'Gran jarra de porcelana azul y blanca.',
    },
    relatedWrittenMaterial: ['Catalogue of the 1935 exhibition, no. 1412', 'https://example.org/archives/jar-1977-20'],
    places: [
      { name: 'Jingdezhen', country: 'CN', kind: 'origin' },
      { name: 'Shipwreck off Belitung', country: 'ID', kind: 'discovery' },
      { name: 'Jiangxi' },
    ],
    crossReferences: ['INV 1977.21 (lid)', 'https://egide.example.org/api/v1/objects/0000000000000001'],
    dateDocumented: '2024-03-05',
  };
}

export function fullPhotos(): PhotoView[] {
  return [
    { id: 'p1aaaaaaaaaaaaaa', width: 4000, height: 3000, mime: 'image/jpeg', caption: 'Overall view, "front" & side', url: '/media/photos/p1aaaaaaaaaaaaaa', thumbnailUrl: '/media/photos/p1aaaaaaaaaaaaaa/thumbnail' },
    { id: 'p2bbbbbbbbbbbbbb', width: 1200, height: 1600, mime: 'image/png', caption: null, url: '/media/photos/p2bbbbbbbbbbbbbb', thumbnailUrl: '/media/photos/p2bbbbbbbbbbbbbb/thumbnail' },
  ];
}

export function fullObject(): ExportableObject {
  return {
    id: '3k9x2m7q1w8e4r5t',
    organisation: { slug: 'musee-guimet', name: 'Musée national des arts asiatiques – Guimet' },
    status: 'stolen',
    description: fullDescription(),
    photos: fullPhotos(),
    createdAt: '2024-03-05T10:00:00.000Z',
    updatedAt: '2024-06-01T08:30:15.123Z',
  };
}

/** Only an inventory number: every optional LIDO and Linked Art part must then be left out cleanly. */
export function minimalObject(): ExportableObject {
  return {
    id: 'm1nimal0000000000',
    organisation: { slug: 'prado', name: 'Museo del Prado' },
    status: 'in-collection',
    description: emptyDescription('P-1'),
    photos: [],
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
  };
}

/** A typical painting record, from the vocabulary. */
export function paintingObject(): ExportableObject {
  return {
    id: 'p4int1ng00000000',
    organisation: { slug: 'louvre', name: 'Musée du Louvre' },
    status: 'missing',
    description: {
      ...emptyDescription('RF 1942-31'),
      objectType: [
        { label: { fr: 'œuvres visuelles', en: 'visual works', es: 'obras visuales' }, aat: '300191086' },
        { label: { fr: 'peintures', en: 'paintings', es: 'pinturas' }, aat: '300033618' },
        { label: { fr: "peintures à l'huile", en: 'oil paintings', es: 'pinturas al óleo' }, aat: '300033799' },
      ],
      title: { en: 'Portrait of a bishop' },
      materials: [
        { label: { fr: "peinture à l'huile", en: 'oil paint', es: 'óleo' }, aat: '300015050' },
        { label: { fr: 'toile', en: 'canvas', es: 'lienzo' }, aat: '300014078' },
      ],
      measurements: [
        { dimension: 'height', value: 73, unit: 'cm' },
        { dimension: 'width', value: 60, unit: 'cm' },
        { dimension: 'height', value: 91, unit: 'cm', part: 'frame' },
      ],
      dating: { display: 'c. 1650', earliest: 1645, latest: 1655 },
      makers: [{ name: 'Philippe de Champaigne', role: 'painter' }],
    },
    photos: fullPhotos().slice(0, 1),
    createdAt: '2024-02-01T00:00:00.000Z',
    updatedAt: '2024-02-02T00:00:00.000Z',
  };
}

/** Antiquity: dates before the common era. */
export function antiquityObject(): ExportableObject {
  return {
    ...minimalObject(),
    id: 'ant1qu1ty0000000',
    description: {
      ...emptyDescription('ANT-7'),
      title: { fr: 'Denier républicain' },
      objectType: [{ label: { en: 'coins', fr: 'monnaies', es: 'monedas' }, aat: '300037222' }],
      dating: { display: '83 av. J.-C.', earliest: -83, latest: -83 },
      places: [{ name: 'Rome', country: 'IT' }],
    },
  };
}
