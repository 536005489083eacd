/**
 * Measurements: conversion to a common unit and reading of the dimension strings museums write
 * ("H 30 x W 40 cm", "support: 597 × 749 mm", "haut. 30 cm ; larg. 40 cm", "Diam. 12 cm", "peso 3 kg").
 *
 * Reading is deliberately strict: text that cannot be read with certainty is returned in
 * `unparsed` (never guessed, never thrown) so that the user sees it and fixes it by hand.
 */
import { foldForSearch } from '../i18n/fold.js';
import { LENGTH_UNITS, WEIGHT_UNITS, type Dimension, type Measurement, type MeasurementUnit } from './object-record.js';

type LengthUnit = (typeof LENGTH_UNITS)[number];
type WeightUnit = (typeof WEIGHT_UNITS)[number];

export function isLengthUnit(unit: string): unit is LengthUnit {
  return (LENGTH_UNITS as readonly string[]).includes(unit);
}

export function isWeightUnit(unit: string): unit is WeightUnit {
  return (WEIGHT_UNITS as readonly string[]).includes(unit);
}

/**
 * Exact factors as fractions (numerator / denominator), so that the result is the correctly
 * rounded double of the exact product for the common cases: 1 in = 2.54 cm, 1 ft = 30.48 cm,
 * 1 lb = 0.45359237 kg (international pound), 1 oz = 1/16 lb = 0.028349523125 kg.
 */
const TO_CM: Record<LengthUnit, readonly [number, number]> = {
  mm: [1, 10],
  cm: [1, 1],
  m: [100, 1],
  in: [254, 100],
  ft: [3048, 100],
};
const TO_KG: Record<WeightUnit, readonly [number, number]> = {
  g: [1, 1000],
  kg: [1, 1],
  lb: [45_359_237, 100_000_000],
  oz: [28_349_523_125, 1_000_000_000_000],
};

export interface NormalisedMeasurement {
  value: number;
  unit: 'cm' | 'kg';
}

/**
 * The measurement in centimetres (length units) or kilograms (weight units). The unit decides,
 * not the dimension. The result is rounded to 15 significant digits, which removes binary
 * floating-point noise (1.1 in gives 2.794 cm, not 2.7940000000000005) and nothing else.
 */
export function normaliseMeasurement(m: Measurement): NormalisedMeasurement {
  if (isLengthUnit(m.unit)) {
    const [num, den] = TO_CM[m.unit];
    return { value: clean((m.value * num) / den), unit: 'cm' };
  }
  const [num, den] = TO_KG[m.unit];
  return { value: clean((m.value * num) / den), unit: 'kg' };
}

function clean(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(15)) : value;
}

export interface ParsedMeasurements {
  measurements: Measurement[];
  /** Pieces of the input that could not be read, as written (with their "part:" prefix if any). */
  unparsed: string[];
}

export interface ParseOptions {
  /**
   * Unit for numbers written without one (e.g. a Tate record "frame: 760 x 913 x 85" whose
   * export carries `units: "mm"` separately). Without it, such numbers are left unparsed.
   */
  defaultUnit?: MeasurementUnit | undefined;
}

// ---------------------------------------------------------------------------------------------
// Words. Matching is done on lower-case text without accents and without trailing dots.

const UNIT_WORDS: Record<string, MeasurementUnit> = {};
function units(unit: MeasurementUnit, ...words: string[]): void {
  for (const w of words) UNIT_WORDS[w] = unit;
}
units('mm', 'mm', 'millimetre', 'millimetres', 'millimeter', 'millimeters', 'milimetro', 'milimetros');
units('cm', 'cm', 'cms', 'centimetre', 'centimetres', 'centimeter', 'centimeters', 'centimetro', 'centimetros');
units('m', 'm', 'metre', 'metres', 'meter', 'meters', 'metro', 'metros');
// Not "pouce"/"pied": in older French catalogues they are Paris units (2.707 cm, 32.48 cm).
units('in', 'in', 'inch', 'inches', 'pulgada', 'pulgadas', 'pulg');
units('ft', 'ft', 'foot', 'feet');
units('g', 'g', 'gr', 'gramme', 'grammes', 'gram', 'grams', 'gramo', 'gramos');
units('kg', 'kg', 'kgs', 'kilo', 'kilos', 'kilogramme', 'kilogrammes', 'kilogram', 'kilograms', 'kilogramo', 'kilogramos');
// Not "libra"/"onza": historical Spanish units differ from the avoirdupois pound and ounce.
units('lb', 'lb', 'lbs', 'pound', 'pounds');
units('oz', 'oz', 'ounce', 'ounces');

const DIMENSION_WORDS: Record<string, Dimension> = {};
function dims(dimension: Dimension, ...words: string[]): void {
  for (const w of words) DIMENSION_WORDS[w] = dimension;
}
dims('height', 'h', 'ht', 'hgt', 'height', 'high', 'tall', 'haut', 'hauteur', 'alt', 'alto', 'altura');
dims('width', 'w', 'wd', 'width', 'wide', 'larg', 'largeur', 'ancho', 'anchura');
// "p." is the French catalogue abbreviation of profondeur.
dims('depth', 'd', 'dp', 'depth', 'deep', 'p', 'prof', 'profondeur', 'profundidad', 'fondo');
// "l." is read as length (English usage); in French catalogues "L." often means largeur: check.
dims('length', 'l', 'len', 'length', 'long', 'longueur', 'largo', 'longitud');
dims('diameter', 'diam', 'dia', 'diameter', 'diametre', 'diametro', 'ø', '⌀');
dims('thickness', 'th', 'thick', 'thickness', 'ep', 'epaisseur', 'espesor', 'grosor');
dims('weight', 'wt', 'weight', 'weighs', 'poids', 'peso');

const TIMES_WORDS = new Set(['x', 'by', 'por', 'sur']);

/** Labels before a colon that mean the whole object: no `part`. */
const WHOLE_OBJECT_LABELS = new Set([
  'object', 'objects', 'overall', 'whole', 'total', 'size', 'dimensions', 'dimension', 'measurements',
  'displayed', 'display', 'unframed', 'unconfirmed', 'objet', 'ensemble', 'hors tout', 'dimensions hors tout',
  'sans cadre', 'objeto', 'medidas', 'dimensiones', 'sin marco',
]);

/** Labels naming a part, mapped to one English name. Other labels are kept as written. */
const PART_LABELS: Record<string, string> = {
  support: 'support', soporte: 'support',
  frame: 'frame', framed: 'frame', 'with frame': 'frame', cadre: 'frame', encadre: 'frame', 'avec cadre': 'frame',
  marco: 'frame', enmarcado: 'frame', 'con marco': 'frame',
  image: 'image', imagen: 'image',
  sheet: 'sheet', feuille: 'sheet', hoja: 'sheet',
  mount: 'mount', montage: 'mount', 'passe partout': 'mount', paspartu: 'mount',
  plate: 'plate', plaque: 'plate', plancha: 'plate',
  base: 'base', plinth: 'base', socle: 'base', pedestal: 'base', piedestal: 'base', peana: 'base', zocalo: 'base',
};

function fold(text: string): string {
  return foldForSearch(text).replace(/[\s-]+/g, ' ').trim();
}

function wordKey(word: string): string {
  return fold(word).replace(/\.+$/, '');
}

/** `undefined` part for the whole object, the English name for known parts, else the label. */
function partFromLabel(label: string): string | undefined {
  const key = wordKey(label);
  if (WHOLE_OBJECT_LABELS.has(key)) return undefined;
  return PART_LABELS[key] ?? label.trim().toLowerCase().replace(/\s+/g, ' ');
}

function isPartOrWholeWord(key: string): boolean {
  return WHOLE_OBJECT_LABELS.has(key) || key in PART_LABELS;
}

// ---------------------------------------------------------------------------------------------
// Tokens.

type Token =
  | { t: 'num'; value: number }
  | { t: 'unit'; unit: MeasurementUnit }
  | { t: 'dim'; dimension: Dimension }
  | { t: 'times' }
  | { t: 'colon' }
  | { t: 'word'; key: string };

const VULGAR_FRACTIONS: Record<string, number> = {
  '½': 1 / 2, '¼': 1 / 4, '¾': 3 / 4, '⅓': 1 / 3, '⅔': 2 / 3, '⅛': 1 / 8, '⅜': 3 / 8, '⅝': 5 / 8, '⅞': 7 / 8,
};
const MIXED_FRACTION = /(\d+)\s+(\d+)\/(\d+)(?![\d.,/])/y;
const SIMPLE_FRACTION = /(\d+)\/(\d+)(?![\d.,/])/y;
// "1,234.5" (thousands separator followed by a decimal point), otherwise "12.5" or "12,5".
const DECIMAL = /(\d{1,3}(?:,\d{3})+\.\d+|\d+(?:[.,]\d+)?)(?:\s?([½¼¾⅓⅔⅛⅜⅝⅞]))?/y;
const WORD = /[\p{L}][\p{L}.]*/uy;

function parseDecimal(text: string): number {
  if (text.includes(',') && text.includes('.')) return Number(text.replace(/,/g, ''));
  return Number(text.replace(',', '.'));
}

function tokenise(text: string): Token[] | null {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (/\d/.test(ch)) {
      MIXED_FRACTION.lastIndex = i;
      SIMPLE_FRACTION.lastIndex = i;
      DECIMAL.lastIndex = i;
      let m: RegExpExecArray | null;
      if ((m = MIXED_FRACTION.exec(text))) {
        const den = Number(m[3]);
        if (den === 0) return null;
        tokens.push({ t: 'num', value: Number(m[1]) + Number(m[2]) / den });
        i = MIXED_FRACTION.lastIndex;
      } else if ((m = SIMPLE_FRACTION.exec(text))) {
        const den = Number(m[2]);
        if (den === 0) return null;
        tokens.push({ t: 'num', value: Number(m[1]) / den });
        i = SIMPLE_FRACTION.lastIndex;
      } else if ((m = DECIMAL.exec(text))) {
        const fraction = m[2] === undefined ? 0 : (VULGAR_FRACTIONS[m[2]] ?? 0);
        tokens.push({ t: 'num', value: parseDecimal(m[1] as string) + fraction });
        i = DECIMAL.lastIndex;
      } else {
        return null;
      }
      continue;
    }
    if (ch in VULGAR_FRACTIONS) {
      tokens.push({ t: 'num', value: VULGAR_FRACTIONS[ch] as number });
      i++;
      continue;
    }
    if (ch === '×' || ch === '*') {
      tokens.push({ t: 'times' });
      i++;
      continue;
    }
    if (ch === ':') {
      tokens.push({ t: 'colon' });
      i++;
      continue;
    }
    if (ch === '⌀') {
      tokens.push({ t: 'dim', dimension: 'diameter' });
      i++;
      continue;
    }
    if (ch === '"' || ch === '″' || ch === '”' || ch === "'" || ch === '′' || ch === '’') {
      // Inch and foot marks only right after a number.
      if (tokens.at(-1)?.t !== 'num') return null;
      tokens.push({ t: 'unit', unit: ch === '"' || ch === '″' || ch === '”' ? 'in' : 'ft' });
      i++;
      continue;
    }
    WORD.lastIndex = i;
    const w = WORD.exec(text);
    if (!w) return null;
    i = WORD.lastIndex;
    const key = wordKey(w[0]);
    const unit = UNIT_WORDS[key];
    const dimension = DIMENSION_WORDS[key];
    const prev = tokens.at(-1);
    if (TIMES_WORDS.has(key)) tokens.push({ t: 'times' });
    // A unit word right after a number is a unit ("30 m"), otherwise a dimension ("l. 40").
    else if (unit !== undefined && (prev?.t === 'num' || dimension === undefined)) tokens.push({ t: 'unit', unit });
    else if (dimension !== undefined) tokens.push({ t: 'dim', dimension });
    else tokens.push({ t: 'word', key });
  }
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Parsing one piece ("H 30 x W 40 cm", "12 kg"): chains of numbers joined by "x".

interface Item {
  dimension: Dimension | undefined;
  value: number;
  unit: MeasurementUnit | undefined;
}

interface Piece {
  /** As written, for `unparsed`. */
  source: string;
  part: string | undefined;
  chains: Item[][];
}

const POSITIONAL: readonly Dimension[] = ['height', 'width', 'depth'];

function parseChains(tokens: Token[]): Item[][] | null {
  const chains: Item[][] = [];
  let current: Item[] | null = null;
  let pending: Dimension | undefined;
  let afterTimes = false;
  let last: Item | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] as Token;
    const prev = tokens[i - 1];
    switch (tok.t) {
      case 'dim': {
        const next = tokens[i + 1];
        const nextNext = tokens[i + 2];
        if (next?.t === 'num' || (next?.t === 'colon' && nextNext?.t === 'num')) {
          if (pending !== undefined) return null;
          pending = tok.dimension;
          if (next.t === 'colon') i++;
        } else if (last && last.dimension === undefined && !afterTimes && (prev?.t === 'num' || prev?.t === 'unit')) {
          last.dimension = tok.dimension; // "30 cm high"
        } else {
          return null;
        }
        break;
      }
      case 'num': {
        const item: Item = { dimension: pending, value: tok.value, unit: undefined };
        pending = undefined;
        if (afterTimes && current) current.push(item);
        else chains.push((current = [item]));
        afterTimes = false;
        last = item;
        break;
      }
      case 'unit':
        if (!last || prev?.t !== 'num' || last.unit !== undefined) return null;
        last.unit = tok.unit;
        break;
      case 'times':
        if (!last || afterTimes || pending !== undefined || !(prev?.t === 'num' || prev?.t === 'unit' || prev?.t === 'dim')) {
          return null;
        }
        afterTimes = true;
        break;
      case 'colon':
      case 'word':
        return null;
    }
  }
  if (pending !== undefined || afterTimes || chains.length === 0) return null;
  return chains;
}

/** Parenthesised equivalents such as "(11 3/4 x 15 3/4 in.)" are dropped when they read. */
function dropEquivalents(text: string): string {
  return text.replace(/\(([^()]*)\)/g, (whole, inner: string) => {
    const tokens = tokenise(inner);
    const chains = tokens && parseChains(tokens);
    return chains && chains.every((c) => c.at(-1)?.unit !== undefined) ? ' ' : whole;
  });
}

function readPiece(source: string, text: string, part: string | undefined): Piece | null {
  const tokens = tokenise(dropEquivalents(text));
  if (!tokens) return null;
  let partHere = part;
  // A part word without a colon at the start: "frame 760 x 913 mm", "overall 30 x 40 cm".
  const first = tokens[0];
  if (first?.t === 'word' && isPartOrWholeWord(first.key)) {
    partHere = partFromLabel(first.key);
    tokens.shift();
  }
  const chains = parseChains(tokens);
  return chains ? { source, part: partHere, chains } : null;
}

/**
 * "support: 597 x 749 mm" → ["support", "597 x 749 mm"]. A label starts with a letter and is not
 * itself a measurement ("frame 2:" is a label, "h 30 cm:" is not).
 */
function splitLabel(text: string): { label: string | undefined; rest: string } {
  const m = /^\s*(\p{L}[^:]*?)\s*:\s*([\s\S]*)$/u.exec(text);
  if (!m) return { label: undefined, rest: text.trim() };
  const label = m[1] as string;
  const rest = (m[2] as string).trim();
  if (/\d/.test(label)) {
    const tokens = tokenise(label);
    if (tokens && parseChains(tokens)) return { label: undefined, rest: text.trim() };
  }
  // "Height: 30 cm" is a dimension, not a part.
  if (DIMENSION_WORDS[wordKey(label)] !== undefined) return { label: undefined, rest: `${label} ${rest}` };
  return { label, rest };
}

/**
 * Reads a museum dimension statement. Pieces are separated by new lines, ";" and ", " (a comma
 * followed by a space; "12,5" is a decimal comma). A "label:" prefix names the part measured
 * ("support", "frame", "image"…; "object"/"overall" mean the whole object). Unlabelled numbers
 * joined by "x" are height × width × depth; a single unlabelled length is a height, a single
 * weight is a weight. A unit written once applies to the numbers before it ("30 x 40 cm"), and to
 * earlier unit-less pieces of the same part ("H. 65 ; L. 54 cm").
 */
export function parseMeasurements(text: string, options: ParseOptions = {}): ParsedMeasurements {
  const pieces: Piece[] = [];
  const unparsed: string[] = [];
  for (const segment of text.split(/\r\n|\r|\n|;/)) {
    if (segment.trim() === '') continue;
    const { label: segmentLabel, rest } = splitLabel(segment);
    const segmentPart = segmentLabel === undefined ? undefined : partFromLabel(segmentLabel);
    for (const raw of rest.split(/,\s+/)) {
      const pieceText = raw.replace(/[\s,]+$/, '').trim();
      if (pieceText === '') continue;
      const { label: ownLabel, rest: body } = splitLabel(pieceText);
      const part = ownLabel === undefined ? segmentPart : partFromLabel(ownLabel);
      const source = ownLabel === undefined && segmentLabel !== undefined ? `${segmentLabel.trim()}: ${pieceText}` : pieceText;
      const piece = readPiece(source, body, part);
      if (piece) pieces.push(piece);
      else unparsed.push(source);
    }
  }

  // Units: within a chain, from the next number that has one; then from later pieces of the same part.
  for (let p = pieces.length - 1; p >= 0; p--) {
    const piece = pieces[p] as Piece;
    for (let c = piece.chains.length - 1; c >= 0; c--) {
      const chain = piece.chains[c] as Item[];
      let carry: MeasurementUnit | undefined = chainUnitAfter(pieces, p, c);
      for (let k = chain.length - 1; k >= 0; k--) {
        const item = chain[k] as Item;
        if (item.unit !== undefined) carry = item.unit;
        else item.unit = carry;
      }
    }
  }

  const measurements: Measurement[] = [];
  for (const piece of pieces) {
    const out = toMeasurements(piece, options.defaultUnit);
    if (out) measurements.push(...out);
    else unparsed.push(piece.source);
  }
  return { measurements, unparsed };
}

/** The first unit written after chain `c` of piece `p`, among later chains of the same part. */
function chainUnitAfter(pieces: Piece[], p: number, c: number): MeasurementUnit | undefined {
  const part = (pieces[p] as Piece).part;
  for (let q = p; q < pieces.length; q++) {
    const piece = pieces[q] as Piece;
    if (piece.part !== part) return undefined;
    for (let d = q === p ? c + 1 : 0; d < piece.chains.length; d++) {
      const first = (piece.chains[d] as Item[]).find((item) => item.unit !== undefined);
      if (first) return first.unit;
    }
  }
  return undefined;
}

function toMeasurements(piece: Piece, defaultUnit: MeasurementUnit | undefined): Measurement[] | null {
  const out: Measurement[] = [];
  for (const chain of piece.chains) {
    for (let k = 0; k < chain.length; k++) {
      const item = chain[k] as Item;
      const unit = item.unit ?? defaultUnit;
      if (unit === undefined || !Number.isFinite(item.value)) return null;
      let dimension = item.dimension;
      if (dimension === undefined) {
        if (isWeightUnit(unit)) {
          if (chain.length > 1) return null; // "30 x 40 kg" means nothing
          dimension = 'weight';
        } else {
          dimension = POSITIONAL[k];
          if (dimension === undefined) return null; // a fourth unlabelled number
        }
      }
      if ((dimension === 'weight') !== isWeightUnit(unit)) return null; // "weight 30 cm", "h. 2 kg"
      out.push(piece.part === undefined ? { dimension, value: item.value, unit } : { dimension, value: item.value, unit, part: piece.part });
    }
  }
  return out;
}
