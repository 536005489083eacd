/**
 * Data for the search benchmark: the real Tate records, and a synthetic scale-up that recombines
 * them (titles spliced from two records, makers, media, subjects, dimensions and dates taken from
 * different records, dimensions scaled and dates shifted at random, some titles also given in French
 * or Spanish, an origin country), so that the index grows like a real one instead of repeating
 * the same documents. Everything is streamed; only the pools of parts are kept in memory.
 */
import { TATE_MAPPING } from '../src/interop/import/demo-museum.js';
import { openJsonlSource } from '../src/interop/import/jsonl-source.js';
import { jsonMapping } from '../src/interop/import/mapping-import.js';
import type { ObjectDescription, Place } from '../src/registry/object-record.js';
import { ObjectDescriptionSchema } from '../src/registry/object.schemas.js';

/** A maker of a Tate record. */
interface TateContributor {
  fc: string;
  role?: string | null;
}

/** The fields of a Tate record that the synthetic records recombine (mappings/tate.json reads them). */
interface TateRecord {
  acno: string;
  title?: string | null;
  contributors?: TateContributor[] | null;
  classification?: string | null;
  medium?: string | null;
  dimensions?: string | null;
  units?: string | null;
  dateText?: string | null;
  dateRange?: { startYear?: number | null; endYear?: number | null } | null;
  creditLine?: string | null;
  inscription?: string | null;
}

/** Tate records as descriptions, through the demo's mapping file. */
const tate = jsonMapping({ lang: 'en', mapping: TATE_MAPPING });


/** The parts synthetic records are made of, one entry per Tate record. */
export interface Pools {
  titles: string[];
  makers: TateContributor[][];
  media: Array<{ classification: string | null; medium: string | null }>;
  subjects: string[][];
  dimensions: Array<{ text: string; units: string | null }>;
  dates: Array<{ text: string | null; start: number | null; end: number | null }>;
  credits: string[];
}

export function emptyPools(): Pools {
  return { titles: [], makers: [], media: [], subjects: [], dimensions: [], dates: [], credits: [] };
}

export function addToPools(pools: Pools, record: TateRecord, description: ObjectDescription): void {
  if (record.title) pools.titles.push(record.title);
  if (record.contributors?.length) pools.makers.push(record.contributors.map(({ fc, role }) => ({ fc, role: role ?? null })));
  pools.media.push({ classification: record.classification ?? null, medium: record.medium ?? null });
  // The subject's leaves, as the mapping joins them.
  if (description.subject.en) pools.subjects.push(description.subject.en.split(', '));
  if (record.dimensions) pools.dimensions.push({ text: record.dimensions, units: record.units || null });
  if (record.dateText || record.dateRange) {
    pools.dates.push({ text: record.dateText ?? null, start: record.dateRange?.startYear ?? null, end: record.dateRange?.endYear ?? null });
  }
  if (record.creditLine) pools.credits.push(record.creditLine);
}

/** Streams the Tate export as valid descriptions (as an import keeps them), filling the pools. */
export async function* tateWithPools(path: string, pools: Pools): AsyncGenerator<ObjectDescription> {
  for await (const item of openJsonlSource(path).records()) {
    if (!('record' in item)) continue;
    let parsed;
    try {
      parsed = ObjectDescriptionSchema.safeParse(tate.map(item.record).description);
    } catch {
      continue; // a record the mapping cannot read
    }
    if (!parsed.success) continue;
    const description = parsed.data as ObjectDescription;
    addToPools(pools, item.record as unknown as TateRecord, description);
    yield description;
  }
}

const TRANSLATIONS: Record<string, [fr: string, es: string]> = {
  portrait: ['Portrait', 'Retrato'],
  landscape: ['Paysage', 'Paisaje'],
  study: ['Étude', 'Estudio'],
  head: ['Tête', 'Cabeza'],
  woman: ['Femme', 'Mujer'],
  man: ['Homme', 'Hombre'],
  church: ['Église', 'Iglesia'],
  river: ['Rivière', 'Río'],
  bishop: ['Évêque', 'Obispo'],
  view: ['Vue', 'Vista'],
  sea: ['Mer', 'Mar'],
  castle: ['Château', 'Castillo'],
  bridge: ['Pont', 'Puente'],
  tree: ['Arbre', 'Árbol'],
  trees: ['Arbres', 'Árboles'],
  mountain: ['Montagne', 'Montaña'],
  mountains: ['Montagnes', 'Montañas'],
  figure: ['Figure', 'Figura'],
  figures: ['Figures', 'Figuras'],
  of: ['de', 'de'],
  the: ['le', 'el'],
  a: ['un', 'un'],
  and: ['et', 'y'],
  with: ['avec', 'con'],
  in: ['dans', 'en'],
  at: ['à', 'en'],
  near: ['près de', 'cerca de'],
  'self-portrait': ['Autoportrait', 'Autorretrato'],
  boats: ['Bateaux', 'Barcos'],
  sketch: ['Esquisse', 'Boceto'],
  cathedral: ['Cathédrale', 'Catedral'],
  abbey: ['Abbaye', 'Abadía'],
  girl: ['Jeune fille', 'Niña'],
  horse: ['Cheval', 'Caballo'],
  night: ['Nuit', 'Noche'],
  evening: ['Soir', 'Tarde'],
  winter: ['Hiver', 'Invierno'],
  garden: ['Jardin', 'Jardín'],
  still: ['Nature', 'Naturaleza'],
  life: ['morte', 'muerta'],
};

const ORIGINS: Array<[name: string, country: string, weight: number]> = [
  ['London', 'GB', 20], ['Paris', 'FR', 14], ['Rome', 'IT', 8], ['Florence', 'IT', 4], ['Madrid', 'ES', 6], ['Sevilla', 'ES', 3],
  ['Amsterdam', 'NL', 5], ['Antwerp', 'BE', 3], ['Berlin', 'DE', 5], ['Munich', 'DE', 3], ['Vienna', 'AT', 3], ['Zürich', 'CH', 2],
  ['New York', 'US', 8], ['Mexico City', 'MX', 2], ['Buenos Aires', 'AR', 1], ['Lisboa', 'PT', 2], ['Athens', 'GR', 2], ['Cairo', 'EG', 1],
  ['Kyoto', 'JP', 2], ['Dakar', 'SN', 1], ['Bamako', 'ML', 1], ['Kraków', 'PL', 2], ['Praha', 'CZ', 1], ['Québec', 'CA', 2],
];
const ORIGIN_TOTAL = ORIGINS.reduce((sum, [, , weight]) => sum + weight, 0);

function pick<T>(items: readonly T[], rnd: () => number): T {
  return items[Math.floor(rnd() * items.length)] as T;
}

function translate(title: string, lang: 0 | 1): string | undefined {
  let translated = 0;
  const words = title.split(' ').map((word) => {
    const entry = TRANSLATIONS[word.toLowerCase()];
    if (!entry) return word;
    translated += 1;
    return entry[lang];
  });
  return translated >= 2 ? words.join(' ') : undefined;
}

function splice(a: string, b: string, rnd: () => number): string {
  const left = a.split(' ');
  const right = b.split(' ');
  const cut = 1 + Math.floor(rnd() * left.length);
  const from = Math.floor(rnd() * right.length);
  const title = [...left.slice(0, cut), ...right.slice(from)].join(' ').trim();
  return title || a;
}

const QUALIFIERS = [' (Study)', ' II', ' III', ', Second State', ', Sketch', ' (Unfinished)', ' – Variant', ', Evening', ', Morning'];

/**
 * The `n`-th synthetic record (deterministic for a seed). `index` makes its inventory number
 * unique; every part comes from a different random Tate record, with perturbations.
 */
export function syntheticDescription(pools: Pools, index: number, rnd: () => number): ObjectDescription {
  let title = pick(pools.titles, rnd);
  if (rnd() < 0.6) title = splice(title, pick(pools.titles, rnd), rnd);
  if (rnd() < 0.1) title += pick(QUALIFIERS, rnd);
  const media = pick(pools.media, rnd);
  const subjects = new Set(pick(pools.subjects, rnd));
  if (rnd() < 0.5) for (const leaf of pick(pools.subjects, rnd).slice(0, 4)) subjects.add(leaf);
  const dims = pick(pools.dimensions, rnd);
  const scale = 0.7 + rnd() * 0.7;
  const dimensions = dims.text.replace(/\d+(\.\d+)?/g, (number) => String(Math.max(1, Math.round(Number(number) * scale))));
  const date = pick(pools.dates, rnd);
  const shift = Math.round((rnd() - 0.5) * 80);
  const shiftYear = (year: number | null) => (year === null ? null : Math.min(2024, year + shift));
  const makers = rnd() < 0.85 ? pick(pools.makers, rnd) : [...pick(pools.makers, rnd), ...pick(pools.makers, rnd)].slice(0, 3);
  const record: TateRecord = {
    acno: `S${String(index).padStart(7, '0')}`,
    title,
    contributors: makers,
    classification: media.classification,
    medium: media.medium,
    dimensions,
    units: dims.units,
    dateText: date.text?.replace(/\b(1[0-9]{3}|20[0-2][0-9])\b/g, (year) => String(Math.min(2024, Number(year) + shift))) ?? null,
    dateRange: date.start === null ? null : { startYear: shiftYear(date.start), endYear: shiftYear(date.end ?? date.start) },
    creditLine: pick(pools.credits, rnd).replace(/\b(1[89][0-9]{2}|20[0-2][0-9])\b/, () => String(1900 + Math.floor(rnd() * 125))),
    inscription: rnd() < 0.09 ? 'date inscribed' : null,
  };
  const description = tate.map(record).description as ObjectDescription;
  description.subject = subjects.size > 0 ? { en: [...subjects].slice(0, 10).join(', ') } : {};
  const translation = rnd();
  if (translation < 0.08) {
    const fr = translate(title, 0);
    if (fr) description.title = { ...description.title, fr };
  } else if (translation < 0.14) {
    const es = translate(title, 1);
    if (es) description.title = { ...description.title, es };
  }
  if (rnd() < 0.7) {
    let roll = rnd() * ORIGIN_TOTAL;
    const origin = ORIGINS.find(([, , weight]) => (roll -= weight) < 0) ?? ORIGINS[0]!;
    const place: Place = { name: origin[0], country: origin[1], kind: 'origin' };
    description.places = [place];
  }
  return description;
}

/** Who runs a benchmark query: the public, a registrar of the Tate or of another museum, an investigator, an admin. */
export type BenchCaller = 'public' | 'tate registrar' | 'museum registrar' | 'investigator' | 'admin';
export const BENCH_CALLERS: readonly BenchCaller[] = ['admin', 'tate registrar', 'museum registrar', 'investigator', 'public'];

export interface BenchQuery {
  kind: 'words' | 'phrase' | 'prefix' | 'typo' | 'accents' | 'facets' | 'words+facets' | 'measurements' | 'browse' | 'alerts';
  caller: BenchCaller;
  query: import('../src/registry/search/search.types.js').SearchQuery;
}

/**
 * The 100 benchmark queries: single words and phrases (English, French, Spanish, with or without
 * accents), prefixes as typed, typos, facet filters, measurement ranges with tolerance, browsing
 * and the alert list, spread over the five kinds of caller.
 */
export function benchQueries(): BenchQuery[] {
  const out: BenchQuery[] = [];
  let turn = 0;
  const add = (kind: BenchQuery['kind'], query: Partial<import('../src/registry/search/search.types.js').SearchQuery>) => {
    const caller = BENCH_CALLERS[turn++ % BENCH_CALLERS.length]!;
    out.push({ kind, caller, query: { limit: 20, offset: 0, ...query } });
  };
  const words = [
    'portrait', 'landscape', 'study', 'river', 'church', 'venice', 'castle', 'bridge', 'mountain', 'sea', 'head', 'figure',
    'woman', 'abbey', 'cathedral', 'london', 'rome', 'tree', 'boat', 'night', 'sketch', 'sunset', 'harbour', 'dog', 'horse',
    'garden', 'ship', 'flowers', 'nude', 'abstract', 'composition', 'untitled', 'pier', 'storm', 'valley', 'lake', 'interior',
    'street', 'village', 'moon', 'snow', 'ruins',
  ];
  for (const q of words) add('words', { q });
  for (const q of ['river thames', 'study of a head', 'view of london', 'portrait of a woman', 'venice grand canal', 'turner venice', 'constable cloud', 'sketch for a painting', 'bronze head', 'self portrait']) {
    add('phrase', { q });
  }
  for (const q of ['portr', 'lands', 'cathed', 'venic', 'turn', 'gainsb', 'consta', 'moun', 'bridg', 'abst']) add('prefix', { q });
  for (const q of ['portrat', 'catedral', 'mountian', 'venise', 'chruch', 'abbay']) add('typo', { q });
  for (const q of ['évêque', 'eveque', 'église', 'paysage', 'retrato', 'château']) add('accents', { q });
  add('facets', { type: ['paintings'] });
  add('facets', { type: ['prints'], material: ['paper'] });
  add('facets', { material: ['oil-paint'] });
  add('facets', { period: ['1800'] });
  add('facets', { status: ['stolen'] });
  add('facets', { country: ['FR'] });
  add('facets', { type: ['sculpture'], material: ['bronze'] });
  add('facets', { period: ['1700'], type: ['drawings'] });
  add('facets', { alertsOnly: true, type: ['paintings'] });
  add('facets', { country: ['IT'], period: ['1600'] });
  add('words+facets', { q: 'portrait', type: ['paintings'] });
  add('words+facets', { q: 'landscape', period: ['1800'] });
  add('words+facets', { q: 'venice', material: ['watercolour'] });
  add('words+facets', { q: 'head', type: ['sculpture'], offset: 20 });
  add('measurements', { height: { min: 30, max: 40 }, tolerance: 0.05 });
  add('measurements', { q: 'portrait', height: { min: 50, max: 80 }, width: { min: 40, max: 70 }, tolerance: 0.1 });
  add('measurements', { type: ['paintings'], height: { max: 20 } });
  add('measurements', { width: { min: 200 }, tolerance: 0.05 });
  add('measurements', { q: 'landscape', height: { min: 20, max: 30 }, width: { min: 30, max: 45 }, tolerance: 0.05, offset: 40 });
  for (let i = 0; i < 5; i++) add('browse', { offset: i * 20 });
  add('alerts', { alertsOnly: true, sort: 'newest' });
  add('alerts', { alertsOnly: true, sort: 'newest', offset: 20 });
  return out;
}
