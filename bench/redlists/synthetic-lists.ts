/**
 * Red Lists at the scale of the network's catalogue, made from the demonstration list
 * (src/redlists/demo): each list keeps the demonstration's top-level categories and fills the rest
 * with variants of its types — another workshop or area named in the three languages, a shifted
 * period, an extra material — illustrated by the demonstration's photos of the same kind, and gets
 * its region from a pool of real countries (so that filters and origin rules have something to read).
 * Deterministic: the same sizes give the same lists.
 */
import type { Category, RedListDocument, Texts } from '../../src/redlists/red-list-document.js';
import { seededRandom, type Random } from '../seeded-random.js';

export interface ListSizes {
  lists: number;
  /** Categories per list, the demonstration's top-level ones included. */
  categories: number;
  examplesPerCategory: number;
}

/** Regions of the synthetic lists: pairs of neighbouring countries, in turn. */
const REGIONS: ReadonlyArray<readonly [string, string]> = [
  ['IQ', 'SY'], ['AF', 'PK'], ['PE', 'BO'], ['ML', 'NE'], ['KH', 'LA'], ['YE', 'OM'], ['LY', 'TN'], ['MN', 'CN'],
  ['GT', 'HN'], ['NG', 'CM'], ['KR', 'JP'], ['EG', 'SD'], ['IR', 'TM'], ['MX', 'BZ'], ['ET', 'ER'],
];

/** Where a variant comes from, in the list's three languages. */
const QUALIFIERS: readonly Texts[] = [
  { en: 'northern workshops', fr: 'ateliers du Nord', es: 'talleres del norte' },
  { en: 'coastal sites', fr: 'sites côtiers', es: 'sitios costeros' },
  { en: 'highland tombs', fr: 'tombes des hautes terres', es: 'tumbas de las tierras altas' },
  { en: 'river valley', fr: 'vallée du fleuve', es: 'valle del río' },
  { en: 'provincial production', fr: 'production provinciale', es: 'producción provincial' },
  { en: 'court workshops', fr: 'ateliers de la cour', es: 'talleres de la corte' },
  { en: 'monastery treasuries', fr: 'trésors de monastères', es: 'tesoros de monasterios' },
  { en: 'late period', fr: 'époque tardive', es: 'época tardía' },
];

const EXTRA_MATERIALS = ['clay', 'bronze', 'gold', 'silver', 'jade', 'wood', 'lacquer', 'silk', 'paper', 'stone'];

const qualified = (texts: Texts, qualifier: Texts): Texts => Object.fromEntries(Object.entries(texts).map(([lang, text]) => [lang, `${text} (${qualifier[lang] ?? qualifier.en})`]));

/** The lists, from the demonstration list `demo`. */
export function syntheticLists(demo: RedListDocument, sizes: ListSizes): RedListDocument[] {
  return Array.from({ length: sizes.lists }, (_, n) => syntheticList(demo, n, sizes, seededRandom(7_001 + n)));
}

function syntheticList(demo: RedListDocument, n: number, sizes: ListSizes, random: Random): RedListDocument {
  const [first, second] = REGIONS[n % REGIONS.length]!;
  const country = (code: string) => (code === demo.region.countries[0] ? first : second);
  const tops = demo.categories.filter((category) => category.parent === undefined);
  const leaves = demo.categories.filter((category) => category.parent !== undefined);
  const categories: Category[] = [...tops];
  // Variants of each demonstration category, by its id: what an export rule naming it covers.
  const variants = new Map<string, string[]>(tops.map((top) => [top.id, [top.id]]));
  for (let k = 0; categories.length < sizes.categories; k++) {
    const base = leaves[k % leaves.length]!;
    const round = Math.floor(k / leaves.length);
    const qualifier = QUALIFIERS[(k + n) % QUALIFIERS.length]!;
    const id = round === 0 ? base.id : `${base.id}-${round + 1}`;
    const shift = Math.round((random() * 2 - 1) * 100);
    const period = base.period && { ...base.period, from: base.period.from + shift, to: Math.min(2000, base.period.to + shift) };
    // The demonstration's photos of this kind first, then of its siblings.
    const pool = [base, ...leaves.filter((other) => other.parent === base.parent && other !== base)].flatMap((category) => category.examples);
    categories.push({
      ...base,
      id,
      name: round === 0 ? base.name : qualified(base.name, qualifier),
      ...(period ? { period } : {}),
      materials: random() < 0.5 ? [...base.materials, EXTRA_MATERIALS[Math.floor(random() * EXTRA_MATERIALS.length)]!] : base.materials,
      examples: Array.from({ length: sizes.examplesPerCategory }, (_, e) => pool[(e + round) % pool.length]!),
    });
    variants.set(base.id, [...(variants.get(base.id) ?? []), id]);
  }
  const suffix: Texts = { en: `benchmark list ${n + 1}`, fr: `liste de test ${n + 1}`, es: `lista de prueba ${n + 1}` };
  return {
    ...demo,
    slug: `bench-list-${n + 1}`,
    title: qualified(demo.title, suffix),
    region: { name: qualified(demo.region.name, suffix), countries: [first, second] },
    legal: {
      conventions: demo.legal.conventions.map((convention) => ({ ...convention, country: country(convention.country) })),
      laws: demo.legal.laws.map((law) => ({ ...law, country: country(law.country) })),
      exportRules: demo.legal.exportRules.map((rule) => ({
        ...rule,
        country: country(rule.country),
        ...(rule.categories ? { categories: rule.categories.flatMap((id) => variants.get(id) ?? []) } : {}),
      })),
    },
    contacts: demo.contacts.map((contact) => ({ ...contact, country: country(contact.country) })),
    categories,
  };
}

/** The pool's countries, for search filters. */
export const regionCountries = (n: number): readonly string[] => REGIONS[n % REGIONS.length]!;
