/**
 * A small built-in vocabulary for describing objects: object types (a hierarchy, so that a type
 * can be given "at two levels or more" as Object ID asks), materials and techniques, each labelled
 * in French, English and Spanish and linked to the Getty Art & Architecture Thesaurus (AAT) where
 * the concept id is known.
 *
 * AAT ids are only given where they were checked against Getty's own code (cromulent), library and
 * museum mappings that carry the AAT label (MODS genre mappings, LIDO records, Europeana/EDM lists,
 * the V&A API) or an AAT hierarchy export. Where no source agreed, `aat` is left out rather than
 * guessed: a wrong id is worse than none when records are exchanged across borders.
 *
 * Free text stays allowed: when `findTerm` finds nothing, callers keep a `Term` holding only the
 * label the user typed (see `termFor`).
 */
import { foldForSearch } from '../i18n/fold.js';
import type { Term } from './object-record.js';

export interface VocabularyLabel {
  fr: string;
  en: string;
  es: string;
}

export interface VocabularyEntry {
  /** Stable identifier, kebab-case English. */
  key: string;
  /** Getty AAT concept id (numeric string), when known. */
  aat?: string;
  /** Object types only: the broader type. */
  parent?: string;
  label: VocabularyLabel;
  /** Other names people write for the same concept (synonyms, spellings), any language. */
  alt?: readonly string[];
}

export type VocabularyKind = 'objectType' | 'material' | 'technique';

interface Extra {
  aat?: string;
  parent?: string;
  alt?: readonly string[];
}

function entry(key: string, fr: string, en: string, es: string, extra: Extra = {}): VocabularyEntry {
  return Object.freeze({
    key,
    ...(extra.aat === undefined ? {} : { aat: extra.aat }),
    ...(extra.parent === undefined ? {} : { parent: extra.parent }),
    label: Object.freeze({ fr, en, es }),
    ...(extra.alt === undefined ? {} : { alt: Object.freeze([...extra.alt]) }),
  });
}

// ---------------------------------------------------------------------------------------------
// Object types: broad to narrow. Labels are plural, as in the AAT and in museum classifications.

export const OBJECT_TYPES: readonly VocabularyEntry[] = Object.freeze([
  entry('visual-works', 'œuvres visuelles', 'visual works', 'obras visuales', { aat: '300191086' }),
  entry('paintings', 'peintures', 'paintings', 'pinturas', { aat: '300033618', parent: 'visual-works', alt: ['tableaux', 'cuadros'] }),
  entry('oil-paintings', "peintures à l'huile", 'oil paintings', 'pinturas al óleo', { aat: '300033799', parent: 'paintings', alt: ['óleos'] }),
  entry('watercolours', 'aquarelles', 'watercolours', 'acuarelas', { aat: '300078925', parent: 'paintings', alt: ['watercolors'] }),
  entry('gouaches', 'gouaches', 'gouaches', 'guaches', { aat: '300078928', parent: 'paintings' }),
  entry('tempera-paintings', 'peintures à la détrempe', 'tempera paintings', 'pinturas al temple', { aat: '300389785', parent: 'paintings' }),
  entry('acrylic-paintings', 'peintures acryliques', 'acrylic paintings', 'pinturas acrílicas', { aat: '300181918', parent: 'paintings' }),
  entry('frescoes', 'fresques', 'frescoes', 'frescos', { aat: '300177433', parent: 'paintings' }),
  entry('miniatures', 'miniatures', 'miniatures', 'miniaturas', { aat: '300033936', parent: 'paintings' }),
  entry('drawings', 'dessins', 'drawings', 'dibujos', { aat: '300033973', parent: 'visual-works' }),
  entry('prints', 'estampes', 'prints', 'estampas', { aat: '300041273', parent: 'visual-works', alt: ['gravures', 'grabados'] }),
  entry('engravings', 'gravures au burin', 'engravings', 'grabados a buril', { aat: '300041341', parent: 'prints' }),
  entry('etchings', 'eaux-fortes', 'etchings', 'aguafuertes', { aat: '300041365', parent: 'prints' }),
  entry('lithographs', 'lithographies', 'lithographs', 'litografías', { aat: '300041379', parent: 'prints' }),
  entry('woodcuts', 'gravures sur bois', 'woodcuts', 'xilografías', { aat: '300041405', parent: 'prints', alt: ['xylographies', 'grabados en madera'] }),
  entry('screenprints', 'sérigraphies', 'screenprints', 'serigrafías', { parent: 'prints', alt: ['screen prints', 'silkscreens', 'serigraphs'] }),
  entry('photographs', 'photographies', 'photographs', 'fotografías', { aat: '300046300', parent: 'visual-works', alt: ['photos', 'fotos'] }),
  entry('daguerreotypes', 'daguerréotypes', 'daguerreotypes', 'daguerrotipos', { parent: 'photographs' }),
  entry('sculpture', 'sculptures', 'sculpture', 'esculturas', { aat: '300047090', parent: 'visual-works' }),
  entry('statues', 'statues', 'statues', 'estatuas', { aat: '300047600', parent: 'sculpture' }),
  entry('busts', 'bustes', 'busts', 'bustos', { aat: '300047457', parent: 'sculpture' }),
  entry('reliefs', 'reliefs', 'reliefs', 'relieves', { aat: '300047230', parent: 'sculpture', alt: ['bas-reliefs', 'bajorrelieves'] }),
  entry('figurines', 'figurines', 'figurines', 'figurillas', { parent: 'sculpture', alt: ['statuettes', 'estatuillas'] }),
  entry('mosaics', 'mosaïques', 'mosaics', 'mosaicos', { aat: '300015342', parent: 'visual-works' }),

  entry('ceramics', 'céramiques', 'ceramics', 'cerámicas', { aat: '300151343', alt: ['poterie', 'pottery', 'alfarería'] }),
  entry('vases', 'vases', 'vases', 'jarrones', { aat: '300132254', parent: 'ceramics', alt: ['vasos'] }),
  entry('jars', 'jarres', 'jars', 'tarros', { parent: 'ceramics', alt: ['pots', 'tinajas'] }),
  entry('bowls', 'bols', 'bowls', 'cuencos', { parent: 'ceramics' }),
  entry('plates', 'assiettes', 'plates', 'platos', { parent: 'ceramics', alt: ['plats', 'dishes'] }),
  entry('tiles', 'carreaux', 'tiles', 'azulejos', { parent: 'ceramics', alt: ['carreaux de faïence', 'baldosas'] }),
  entry('amphorae', 'amphores', 'amphorae', 'ánforas', { parent: 'ceramics', alt: ['amphoras'] }),

  entry('glassware', 'verrerie', 'glassware', 'objetos de vidrio', { alt: ['glass objects', 'objets en verre', 'cristalería'] }),
  entry('stained-glass', 'vitraux', 'stained glass', 'vidrieras', { parent: 'glassware', alt: ['vitrales', 'stained-glass windows'] }),

  entry('metalwork', 'objets en métal', 'metalwork', 'objetos de metal', { alt: ['metalware'] }),
  entry('silverware', 'argenterie', 'silverware', 'platería', { parent: 'metalwork', alt: ['orfèvrerie', 'orfebrería', "goldsmiths' work"] }),
  entry('candlesticks', 'chandeliers', 'candlesticks', 'candeleros', { parent: 'metalwork', alt: ['bougeoirs', 'candelabros'] }),

  entry('numismatic-objects', 'objets numismatiques', 'numismatic objects', 'objetos numismáticos', { alt: ['numismatique', 'numismatics', 'numismática'] }),
  entry('coins', 'monnaies', 'coins', 'monedas', { aat: '300037222', parent: 'numismatic-objects', alt: ['pièces de monnaie'] }),
  entry('medals', 'médailles', 'medals', 'medallas', { aat: '300046025', parent: 'numismatic-objects' }),

  entry('jewellery', 'bijoux', 'jewellery', 'joyas', { aat: '300209286', alt: ['jewelry', 'bijouterie', 'joaillerie', 'joyería'] }),
  entry('rings', 'bagues', 'rings', 'anillos', { parent: 'jewellery', alt: ['sortijas'] }),
  entry('necklaces', 'colliers', 'necklaces', 'collares', { parent: 'jewellery' }),
  entry('brooches', 'broches', 'brooches', 'broches', { parent: 'jewellery' }),
  entry('earrings', "boucles d'oreilles", 'earrings', 'pendientes', { parent: 'jewellery', alt: ['aretes'] }),

  entry('textiles', 'textiles', 'textiles', 'textiles', { alt: ['tissus', 'tejidos'] }),
  entry('tapestries', 'tapisseries', 'tapestries', 'tapices', { aat: '300205002', parent: 'textiles' }),
  entry('carpets', 'tapis', 'carpets', 'alfombras', { parent: 'textiles', alt: ['rugs'] }),
  entry('embroideries', 'broderies', 'embroideries', 'bordados', { aat: '300264024', parent: 'textiles' }),
  entry('clothing', 'vêtements', 'clothing', 'indumentaria', { aat: '300266639', parent: 'textiles', alt: ['costumes', 'vestimenta', 'ropa'] }),

  entry('furniture', 'mobilier', 'furniture', 'mobiliario', { aat: '300037680', alt: ['meubles', 'muebles'] }),
  entry('chairs', 'chaises', 'chairs', 'sillas', { parent: 'furniture', alt: ['sièges'] }),
  entry('tables', 'tables', 'tables', 'mesas', { parent: 'furniture' }),
  entry('chests', 'coffres', 'chests', 'arcones', { parent: 'furniture', alt: ['arcas', 'coffers'] }),

  entry('clocks-and-watches', 'horlogerie', 'clocks and watches', 'relojería', { alt: ['timepieces'] }),
  entry('clocks', 'horloges', 'clocks', 'relojes', { aat: '300041575', parent: 'clocks-and-watches', alt: ['pendules'] }),
  entry('watches', 'montres', 'watches', 'relojes de bolsillo', { parent: 'clocks-and-watches', alt: ['relojes de pulsera'] }),

  entry('documents', 'documents', 'documents', 'documentos'),
  entry('manuscripts', 'manuscrits', 'manuscripts', 'manuscritos', { aat: '300028569', parent: 'documents' }),
  entry('illuminated-manuscripts', 'manuscrits enluminés', 'illuminated manuscripts', 'manuscritos iluminados', { parent: 'manuscripts' }),
  entry('books', 'livres', 'books', 'libros', { aat: '300028051', parent: 'documents' }),
  entry('maps', 'cartes', 'maps', 'mapas', { aat: '300028094', parent: 'documents', alt: ['cartes géographiques'] }),

  entry('archaeological-objects', 'objets archéologiques', 'archaeological objects', 'objetos arqueológicos', { alt: ['antiquités', 'antiquities', 'antigüedades'] }),
  entry('stone-tools', 'outils lithiques', 'stone tools', 'útiles líticos', { parent: 'archaeological-objects', alt: ['herramientas de piedra', 'industrie lithique', 'industria lítica'] }),
  entry('grave-goods', 'mobilier funéraire', 'grave goods', 'ajuares funerarios', { parent: 'archaeological-objects' }),
  entry('seals', 'sceaux', 'seals', 'sellos', { parent: 'archaeological-objects', alt: ['seal matrices', 'matrices de sceau'] }),

  entry('arms-and-armour', 'armes et armures', 'arms and armour', 'armas y armaduras', { alt: ['arms and armor'] }),
  entry('weapons', 'armes', 'weapons', 'armas', { aat: '300036926', parent: 'arms-and-armour' }),
  entry('swords', 'épées', 'swords', 'espadas', { parent: 'weapons' }),
  entry('firearms', 'armes à feu', 'firearms', 'armas de fuego', { parent: 'weapons' }),
  entry('armour', 'armures', 'armour', 'armaduras', { aat: '300036745', parent: 'arms-and-armour', alt: ['armor'] }),

  entry('musical-instruments', 'instruments de musique', 'musical instruments', 'instrumentos musicales', { aat: '300041620' }),
  entry('string-instruments', 'instruments à cordes', 'string instruments', 'instrumentos de cuerda', { parent: 'musical-instruments', alt: ['cordophones', 'chordophones', 'cordófonos'] }),
  entry('wind-instruments', 'instruments à vent', 'wind instruments', 'instrumentos de viento', { parent: 'musical-instruments', alt: ['aérophones', 'aerophones', 'aerófonos'] }),
  entry('percussion-instruments', 'instruments à percussion', 'percussion instruments', 'instrumentos de percusión', { parent: 'musical-instruments' }),

  entry('religious-objects', 'objets religieux', 'religious objects', 'objetos religiosos'),
  entry('icons', 'icônes', 'icons', 'iconos', { parent: 'religious-objects' }),
  entry('altarpieces', 'retables', 'altarpieces', 'retablos', { aat: '300075940', parent: 'religious-objects' }),
  entry('liturgical-objects', 'objets liturgiques', 'liturgical objects', 'objetos litúrgicos', { parent: 'religious-objects' }),
  entry('reliquaries', 'reliquaires', 'reliquaries', 'relicarios', { parent: 'religious-objects' }),

  entry('ethnographic-objects', 'objets ethnographiques', 'ethnographic objects', 'objetos etnográficos'),
  entry('masks', 'masques', 'masks', 'máscaras', { parent: 'ethnographic-objects' }),
]);

// ---------------------------------------------------------------------------------------------
// Materials.

export const MATERIALS: readonly VocabularyEntry[] = Object.freeze([
  // Paints, drawing and colouring media
  entry('oil-paint', "peinture à l'huile", 'oil paint', 'óleo', { aat: '300015050', alt: ['huile', 'oil', 'pintura al óleo'] }),
  entry('tempera', 'détrempe', 'tempera', 'temple', { aat: '300015062' }),
  entry('watercolour', 'aquarelle', 'watercolour', 'acuarela', { aat: '300015045', alt: ['watercolor'] }),
  entry('gouache', 'gouache', 'gouache', 'guache', { aat: '300070114' }),
  entry('acrylic-paint', 'peinture acrylique', 'acrylic paint', 'pintura acrílica', { aat: '300015058', alt: ['acrylique', 'acrylic', 'acrílico'] }),
  entry('ink', 'encre', 'ink', 'tinta', { aat: '300015012' }),
  entry('graphite', 'graphite', 'graphite', 'grafito', { aat: '300011098', alt: ['mine de plomb', 'pencil', 'crayon graphite'] }),
  entry('chalk', 'craie', 'chalk', 'tiza', { aat: '300011727' }),
  entry('charcoal', 'fusain', 'charcoal', 'carboncillo', { alt: ['charbon de bois'] }),
  entry('pastel', 'pastel', 'pastel', 'pastel'),
  entry('pigment', 'pigment', 'pigment', 'pigmento', { aat: '300013109' }),
  // Supports
  entry('canvas', 'toile', 'canvas', 'lienzo', { aat: '300014078', alt: ['tela'] }),
  entry('panel', 'panneau', 'panel', 'tabla', { aat: '300014657' }),
  entry('paper', 'papier', 'paper', 'papel', { aat: '300014109' }),
  entry('cardboard', 'carton', 'cardboard', 'cartón', { aat: '300014224' }),
  entry('parchment', 'parchemin', 'parchment', 'pergamino', { aat: '300011851', alt: ['vellum', 'vélin', 'vitela'] }),
  entry('papyrus', 'papyrus', 'papyrus', 'papiro', { aat: '300014127' }),
  // Wood
  entry('wood', 'bois', 'wood', 'madera', { aat: '300011914' }),
  entry('oak', 'chêne', 'oak', 'roble', { aat: '300012264' }),
  // Metals
  entry('metal', 'métal', 'metal', 'metal', { aat: '300010900' }),
  entry('gold', 'or', 'gold', 'oro', { aat: '300011021' }),
  entry('silver', 'argent', 'silver', 'plata', { aat: '300011029' }),
  entry('bronze', 'bronze', 'bronze', 'bronce', { aat: '300010957' }),
  entry('brass', 'laiton', 'brass', 'latón', { aat: '300010946' }),
  entry('copper', 'cuivre', 'copper', 'cobre', { aat: '300011020' }),
  entry('iron', 'fer', 'iron', 'hierro', { aat: '300011002' }),
  entry('steel', 'acier', 'steel', 'acero', { aat: '300133751' }),
  entry('lead', 'plomb', 'lead', 'plomo'),
  entry('gold-leaf', "feuille d'or", 'gold leaf', 'pan de oro', { aat: '300264831', alt: ["feuilles d'or", 'oro en hoja'] }),
  entry('gilding', 'dorure', 'gilding', 'dorado', { alt: ['gilt', 'doré', 'dorure à la feuille'] }),
  // Stone
  entry('stone', 'pierre', 'stone', 'piedra', { aat: '300011176' }),
  entry('marble', 'marbre', 'marble', 'mármol', { aat: '300011443' }),
  entry('limestone', 'calcaire', 'limestone', 'piedra caliza', { aat: '300011286', alt: ['pierre calcaire', 'caliza'] }),
  entry('alabaster', 'albâtre', 'alabaster', 'alabastro'),
  entry('jade', 'jade', 'jade', 'jade'),
  entry('gemstone', 'pierre précieuse', 'gemstone', 'piedra preciosa', { alt: ['gemme', 'pierre fine', 'gem', 'gema'] }),
  // Ceramics and glass
  entry('clay', 'argile', 'clay', 'arcilla', { aat: '300010439', alt: ['barro'] }),
  entry('terracotta', 'terre cuite', 'terracotta', 'terracota', { aat: '300010669', alt: ['terra cotta', 'barro cocido'] }),
  entry('earthenware', 'terre cuite vernissée', 'earthenware', 'loza', { alt: ['terre vernissée'] }),
  entry('faience', 'faïence', 'faience', 'loza estannífera', { alt: ['tin-glazed earthenware', 'maiolica', 'majolica', 'mayólica'] }),
  entry('stoneware', 'grès', 'stoneware', 'gres'),
  entry('porcelain', 'porcelaine', 'porcelain', 'porcelana', { aat: '300010662' }),
  entry('glass', 'verre', 'glass', 'vidrio', { aat: '300010797' }),
  entry('enamel', 'émail', 'enamel', 'esmalte', { alt: ['vitreous enamel'] }),
  entry('plaster', 'plâtre', 'plaster', 'yeso', { aat: '300014922' }),
  // Animal materials
  entry('ivory', 'ivoire', 'ivory', 'marfil', { aat: '300011857' }),
  entry('bone', 'os', 'bone', 'hueso', { aat: '300011798' }),
  entry('shell', 'coquillage', 'shell', 'concha', { aat: '300011829' }),
  entry('mother-of-pearl', 'nacre', 'mother-of-pearl', 'nácar', { alt: ['madreperla'] }),
  entry('feathers', 'plumes', 'feathers', 'plumas'),
  entry('leather', 'cuir', 'leather', 'cuero', { aat: '300011845' }),
  // Fibres
  entry('silk', 'soie', 'silk', 'seda', { aat: '300243428' }),
  entry('wool', 'laine', 'wool', 'lana', { aat: '300243430' }),
  entry('cotton', 'coton', 'cotton', 'algodón', { aat: '300014067' }),
  entry('linen', 'lin', 'linen', 'lino'),
  // Other
  entry('lacquer', 'laque', 'lacquer', 'laca'),
  entry('wax', 'cire', 'wax', 'cera', { aat: '300014585' }),
  entry('plastic', 'plastique', 'plastic', 'plástico', { aat: '300014570', alt: ['matière plastique'] }),
]);

// ---------------------------------------------------------------------------------------------
// Techniques.

export const TECHNIQUES: readonly VocabularyEntry[] = Object.freeze([
  entry('painting', 'peinture', 'painting', 'pintura', { aat: '300054216' }),
  entry('drawing', 'dessin', 'drawing', 'dibujo', { aat: '300054196' }),
  entry('engraving', 'gravure au burin', 'engraving', 'grabado a buril', { aat: '300053225', alt: ['gravure', 'taille-douce', 'grabado', 'grabado calcográfico'] }),
  entry('etching', 'eau-forte', 'etching', 'aguafuerte', { aat: '300053241' }),
  entry('lithography', 'lithographie', 'lithography', 'litografía', { aat: '300053271' }),
  entry('woodcut', 'gravure sur bois', 'woodcut', 'xilografía', { aat: '300053296', alt: ['xylographie', 'grabado en madera'] }),
  entry('screenprinting', 'sérigraphie', 'screenprinting', 'serigrafía', { alt: ['screen printing', 'silkscreen', 'serigraphy'] }),
  entry('photography', 'photographie', 'photography', 'fotografía', { aat: '300054225' }),
  entry('casting', 'fonte', 'casting', 'fundición', { aat: '300053104', alt: ['vaciado'] }),
  entry('lost-wax-casting', 'fonte à la cire perdue', 'lost-wax casting', 'fundición a la cera perdida', { alt: ['cire perdue', 'lost wax'] }),
  entry('carving', 'taille', 'carving', 'talla', { aat: '300053149', alt: ['sculpture en taille directe'] }),
  entry('modelling', 'modelage', 'modelling', 'modelado', { alt: ['modeling'] }),
  entry('weaving', 'tissage', 'weaving', 'tejido', { aat: '300053642', alt: ['tejeduría'] }),
  entry('embroidery', 'broderie', 'embroidery', 'bordado'),
  entry('glazing', 'glaçure', 'glazing', 'vidriado', { alt: ['vernissage'] }),
  entry('gilding', 'dorure', 'gilding', 'dorado', { aat: '300053789' }),
  entry('enamelling', 'émaillage', 'enamelling', 'esmaltado', { alt: ['enameling'] }),
  entry('forging', 'forge', 'forging', 'forja', { alt: ['forgeage'] }),
  entry('repousse', 'repoussé', 'repoussé', 'repujado'),
  entry('marquetry', 'marqueterie', 'marquetry', 'marquetería'),
]);

const VOCABULARIES: Record<VocabularyKind, readonly VocabularyEntry[]> = {
  objectType: OBJECT_TYPES,
  material: MATERIALS,
  technique: TECHNIQUES,
};

// ---------------------------------------------------------------------------------------------
// Matching free text.

/** Lower case, no accents or ligatures, punctuation and apostrophes as single spaces. */
function normalise(text: string): string {
  return foldForSearch(text.replace(/œ/gi, 'oe').replace(/æ/gi, 'ae'))
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * One form for the singular and the simple plurals of English, French and Spanish words
 * ("bronzes"/"bronze", "vitraux"/"vitrail", "tapices"/"tapiz", "reliquaries"/"reliquary",
 * "jarrones"/"jarrón"). It is a matching key, not a word: it is applied to both sides.
 */
function singularKey(word: string): string {
  let w = word;
  if (w.endsWith('eaux')) w = w.slice(0, -1); // panneaux → panneau
  else if (w.length > 4 && w.endsWith('aux')) w = `${w.slice(0, -3)}al`; // métaux → métal, émaux → émal
  else if (w.length > 4 && (w.endsWith('oux') || w.endsWith('eux'))) w = w.slice(0, -1); // bijoux → bijou
  if (w.length > 4 && w.endsWith('ail')) w = `${w.slice(0, -3)}al`; // vitrail, émail (as vitraux, émaux)
  while (w.length > 3) {
    if (w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
    else if (w.endsWith('e')) w = w.slice(0, -1);
    else break;
  }
  if (w.endsWith('z')) w = `${w.slice(0, -1)}c`; // tapiz / tapices
  if (w.endsWith('y')) w = `${w.slice(0, -1)}i`; // reliquary / reliquaries
  return w;
}

function singularForm(normalised: string): string {
  return normalised.split(' ').map(singularKey).join(' ');
}

interface Index {
  exact: Map<string, VocabularyEntry>;
  singular: Map<string, VocabularyEntry>;
  byAat: Map<string, VocabularyEntry>;
}

const indexes = new Map<VocabularyKind, Index>();

function indexOf(kind: VocabularyKind): Index {
  let index = indexes.get(kind);
  if (!index) {
    index = { exact: new Map(), singular: new Map(), byAat: new Map() };
    for (const e of VOCABULARIES[kind]) {
      for (const name of [e.label.en, e.label.fr, e.label.es, ...(e.alt ?? []), e.key]) {
        const n = normalise(name);
        if (n === '') continue;
        if (!index.exact.has(n)) index.exact.set(n, e);
        const s = singularForm(n);
        if (!index.singular.has(s)) index.singular.set(s, e);
      }
      if (e.aat !== undefined && !index.byAat.has(e.aat)) index.byAat.set(e.aat, e);
    }
    indexes.set(kind, index);
  }
  return index;
}

const AAT_REFERENCE = /^(?:aat:|https?:\/\/vocab\.getty\.edu\/(?:page\/)?aat\/)?(3\d{8})$/i;

/**
 * The entry that free text names, in any of the three languages, ignoring case, accents and
 * simple plurals ("Oil paint", "peinture à l’huile", "óleo", "bronzes"), or an AAT reference
 * ("300015050", "aat:300015050", "http://vocab.getty.edu/aat/300015050"). `undefined` when nothing
 * matches: the caller then keeps the text as a free-text term.
 */
export function findTerm(kind: VocabularyKind, text: string): VocabularyEntry | undefined {
  const index = indexOf(kind);
  const aat = AAT_REFERENCE.exec(text.trim());
  if (aat) return index.byAat.get(aat[1] as string);
  const n = normalise(text);
  if (n === '') return undefined;
  return index.exact.get(n) ?? index.singular.get(singularForm(n));
}

/** The entry with this key in a vocabulary. */
export function entryByKey(kind: VocabularyKind, key: string): VocabularyEntry | undefined {
  return VOCABULARIES[kind].find((e) => e.key === key);
}

/**
 * The object types from the root down to `key` inclusive (e.g. visual works › paintings › oil
 * paintings), or an empty array for an unknown key. Object ID asks for two levels or more.
 */
export function typePath(key: string): VocabularyEntry[] {
  const path: VocabularyEntry[] = [];
  const seen = new Set<string>();
  let current = entryByKey('objectType', key);
  while (current && !seen.has(current.key)) {
    seen.add(current.key);
    path.unshift(current);
    current = current.parent === undefined ? undefined : entryByKey('objectType', current.parent);
  }
  return path;
}

/** The `Term` of object-record.ts for an entry: its three labels and its AAT id when known. */
export function toTerm(entry: VocabularyEntry): Term {
  const label = { fr: entry.label.fr, en: entry.label.en, es: entry.label.es };
  return entry.aat === undefined ? { label } : { label, aat: entry.aat };
}

/**
 * The vocabulary term for free text, or a free-text term holding only what was typed, in the
 * language it was typed in. Blank text gives `undefined`.
 */
export function termFor(kind: VocabularyKind, text: string, language: string): Term | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const found = findTerm(kind, trimmed);
  return found ? toTerm(found) : { label: { [language]: trimmed } };
}
