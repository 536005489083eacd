import { searchTokens } from '../../i18n/search-text.js';

/**
 * The words an officer declares and a category is described with, made comparable: folded as the
 * registry search folds them (case, accents, ligatures), function words dropped, and a crude stem
 * that makes singular and plural meet in English, French and Spanish (`bowls` → `bowl`, `bijoux` →
 * `bijou`, `vasos` / `vase` → `vas`).
 */
const FUNCTION_WORDS = new Set(
  'a an and the of with from for in on or to de des du la le les et en un une aux au avec pour par sur el los las y con del al por para una unos unas'.split(' '),
);

export function stem(word: string): string {
  let s = word;
  if (s.length > 4 && s.endsWith('ies')) return `${s.slice(0, -3)}y`;
  if (s.length > 3 && s.endsWith('s') && !s.endsWith('ss')) s = s.slice(0, -1);
  if (s.length > 4 && /(?:au|eu|ou)x$/.test(s)) s = s.slice(0, -1);
  if (s.length > 3 && s.endsWith('e')) s = s.slice(0, -1);
  return s;
}

/** The stems of a text's content words. */
export function keywordStems(text: string): string[] {
  return contentWords(text).map(stem);
}

/** Each stem of the texts' content words with the first word (folded) it came from, to show as a reason. */
export function keywordIndex(texts: readonly string[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const word of texts.flatMap(contentWords)) {
    const key = stem(word);
    if (!index.has(key)) index.set(key, word);
  }
  return index;
}

const contentWords = (text: string) => searchTokens(text).filter((word) => word.length > 1 && !FUNCTION_WORDS.has(word));

/**
 * Simple synonyms and translations, by group: a word of a group matches the others more weakly
 * than itself (a `statuette` is not quite a `statue`, but the officer may say one for the other).
 */
const SYNONYM_GROUPS: readonly string[] = [
  'bowl dish cup basin bol coupe cuenco taza plato',
  'vase jar pot vessel jug ewer amphora jarre cruche aiguiere vaso jarron jarra vasija anfora',
  'figurine statuette statue idol sculpture figure estatuilla estatua escultura idolo',
  'bust head buste tete busto cabeza',
  'relief plaque panel stele tablet relieve placa estela tablette',
  'coin money medal monnaie moneda medaille medalla',
  'manuscript codex book scroll manuscrit livre rouleau manuscrito libro rollo',
  'jewel jewellery jewelry ornament necklace bracelet earring ring bijou parure collier joya joyeria collar pendiente anillo bague',
  'weapon sword dagger blade arme epee poignard arma espada punal',
  'lamp lampe lampara',
  'seal cylinder sceau cylindre sello cilindro',
  'mask masque mascara',
  'textile fabric cloth carpet rug tissu tapis tejido alfombra',
  'icon icone icono',
  'bell cloche campana',
  'mirror miroir espejo',
  'tile carreau azulejo baldosa',
  'painting picture paint peinture tableau pintura cuadro',
  'pottery ceramic ceramics earthenware terracotta clay stoneware porcelain celadon poterie ceramique terre cuite argile gres porcelaine ceramica alfareria barro arcilla porcelana',
  'bronze copper brass cuivre laiton cobre laton',
  'gold oro',
  'silver argent plata',
  'iron fer hierro',
  'stone marble limestone sandstone granite alabaster basalt pierre marbre calcaire gres granit albatre piedra marmol caliza arenisca granito alabastro',
  'wood wooden bois madera',
  'ivory bone ivoire os marfil hueso',
  'glass verre vidrio',
  'paper parchment papyrus papier parchemin papel pergamino papiro',
  'lacquer laque laca',
];

const GROUP_STEMS = SYNONYM_GROUPS.map((group) => group.split(' ').map(stem));
const GROUPS_OF = new Map<string, number[]>();
GROUP_STEMS.forEach((group, index) => {
  for (const key of group) GROUPS_OF.set(key, [...(GROUPS_OF.get(key) ?? []), index]);
});

/** The other words of a word's synonym groups, as written (for measuring the ranking with an officer's words). */
export function synonymsOf(word: string): string[] {
  const key = stem(word);
  return (GROUPS_OF.get(key) ?? []).flatMap((group) => SYNONYM_GROUPS[group]!.split(' ').filter((other) => stem(other) !== key));
}

/** How well a synonym matches, against 1 for the word itself. */
export const SYNONYM_STRENGTH = 0.7;

/**
 * How strongly a declared stem matches a set of stems: 1 for the same stem, SYNONYM_STRENGTH for a
 * synonym, 0 otherwise; with the stem of the set that matched.
 */
export function bestMatch(declared: readonly string[], described: { has(stem: string): boolean }): { strength: number; word: string } | undefined {
  let best: { strength: number; word: string } | undefined;
  for (const word of declared) {
    if (described.has(word)) return { strength: 1, word };
    for (const group of GROUPS_OF.get(word) ?? []) {
      const synonym = GROUP_STEMS[group]!.find((other) => described.has(other));
      if (synonym && !best) best = { strength: SYNONYM_STRENGTH, word: synonym };
    }
  }
  return best;
}
