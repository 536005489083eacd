/**
 * The observatory's demo data as a plan: fictional objects, each with its theft or loss and perhaps
 * a sighting abroad and a recovery, spread over 2019–2026 and about thirty countries the way real
 * figures spread (a few countries and kinds of object most of the time, a long tail below 5).
 * Drawn from a seeded generator: the same plan every run, so tests can rely on it. Pure; the writer
 * (demo-observatory.ts) records it through the registry's services.
 */
import type { IncidentMethod } from '../../registry/status.js';
import { seededRandom, type Random } from '../../util/seeded-random.js';
import type { PlaceKind } from '../observatory-figures.js';

export const DEMO_OBSERVATORY_SEED = 15;
/** The demo's first and last days: whole years up to the last full month before the demo was written. */
export const DEMO_FIRST_DAY = '2019-01-01';
export const DEMO_LAST_DAY = '2026-11-30';

/** Objects a year: reports grow as more museums join, with the 2020 lockdown's dip. ~780 in all keeps `egide demo` a few seconds longer. */
const PER_YEAR: Record<number, number> = { 2019: 60, 2020: 48, 2021: 72, 2022: 88, 2023: 100, 2024: 112, 2025: 124, 2026: 116 };

/** Where thefts happen (weights): heritage-rich countries first, a long tail of countries with a handful a year. */
const THEFT_COUNTRIES: ReadonlyArray<[string, number]> = [
  ['IT', 16], ['FR', 13], ['ES', 8], ['DE', 7], ['GR', 6], ['GB', 5], ['BE', 4], ['NL', 3], ['PT', 3], ['PL', 3],
  ['AT', 2], ['CZ', 2], ['RO', 2], ['HU', 1.5], ['BG', 1.5], ['HR', 1.5], ['TR', 3], ['EG', 3], ['MA', 1.5], ['TN', 1.5],
  ['SY', 2], ['IQ', 2], ['LB', 1], ['PE', 3], ['MX', 2.5], ['CO', 1.5], ['IN', 1.5], ['KH', 1], ['ML', 1], ['NG', 1],
];

/** Where stolen objects resurface: the art market's hubs, and transit countries. */
const MARKET_COUNTRIES: ReadonlyArray<[string, number]> = [
  ['GB', 10], ['US', 9], ['DE', 7], ['FR', 7], ['CH', 6], ['BE', 4], ['NL', 4], ['AE', 3], ['JP', 2], ['HK', 2], ['AT', 2], ['IT', 3], ['ES', 2], ['TR', 2],
];

/** The market most objects from a country turn up on (neighbours, former trade routes): routes that stand out on the flow map. */
const USUAL_MARKET: Record<string, string> = {
  IT: 'CH', FR: 'BE', ES: 'GB', GR: 'DE', DE: 'NL', GB: 'US', BE: 'NL', NL: 'DE', PT: 'FR', PL: 'DE', TR: 'DE', EG: 'GB', SY: 'TR', IQ: 'AE', LB: 'AE',
  PE: 'US', MX: 'US', CO: 'US', IN: 'GB', KH: 'US', ML: 'FR', NG: 'FR', MA: 'FR', TN: 'FR',
};
/** How often an object resurfaces on its country's usual market rather than elsewhere. */
const USUAL_SHARE = 0.8;
/** Share of taken objects seen again before any recovery (higher than real life, so that the flow map has routes to show). */
const SIGHTED_SHARE = 0.5;
/** Share of events that take a series of objects rather than one to three. */
const SERIES_SHARE = 0.6;

export interface Archetype {
  /** Object type key (src/registry/vocabulary.ts). */
  type: string;
  materials: readonly string[];
  /** Years (BCE negative) its objects date from. */
  from: number;
  to: number;
  title: { en: string; fr: string; es: string };
  places: readonly PlaceKind[];
  methods: readonly IncidentMethod[];
  weight: number;
}

/** Kinds of object stolen, with where they are kept and how they are taken. */
export const ARCHETYPES: readonly Archetype[] = [
  { type: 'icons', materials: ['tempera', 'panel', 'gold-leaf'], from: 1500, to: 1850, title: { en: 'Icon of a saint', fr: 'Icône d’un saint', es: 'Icono de un santo' }, places: ['place-of-worship', 'museum', 'private-home'], methods: ['theft', 'burglary'], weight: 8 },
  { type: 'liturgical-objects', materials: ['silver', 'gilding'], from: 1550, to: 1850, title: { en: 'Chalice', fr: 'Calice', es: 'Cáliz' }, places: ['place-of-worship'], methods: ['theft', 'burglary'], weight: 8 },
  { type: 'statues', materials: ['wood', 'pigment'], from: 1300, to: 1750, title: { en: 'Polychrome statue of the Virgin', fr: 'Vierge en bois polychrome', es: 'Virgen de madera policromada' }, places: ['place-of-worship', 'museum'], methods: ['theft', 'burglary'], weight: 7 },
  { type: 'oil-paintings', materials: ['oil-paint', 'canvas'], from: 1600, to: 1920, title: { en: 'Landscape with figures', fr: 'Paysage animé', es: 'Paisaje con figuras' }, places: ['museum', 'private-home', 'in-transit'], methods: ['theft', 'burglary', 'fraud'], weight: 9 },
  { type: 'drawings', materials: ['paper', 'chalk'], from: 1500, to: 1900, title: { en: 'Study of a head', fr: 'Étude de tête', es: 'Estudio de cabeza' }, places: ['museum', 'storage'], methods: ['theft', 'loss'], weight: 4 },
  { type: 'etchings', materials: ['paper', 'ink'], from: 1600, to: 1900, title: { en: 'View of a harbour', fr: 'Vue d’un port', es: 'Vista de un puerto' }, places: ['museum', 'storage', 'private-home'], methods: ['theft', 'loss'], weight: 3 },
  { type: 'coins', materials: ['silver'], from: -450, to: 400, title: { en: 'Silver coin', fr: 'Monnaie d’argent', es: 'Moneda de plata' }, places: ['archaeological-site', 'museum', 'private-home'], methods: ['illegal-excavation', 'theft', 'burglary'], weight: 8 },
  { type: 'amphorae', materials: ['terracotta'], from: -500, to: 300, title: { en: 'Amphora', fr: 'Amphore', es: 'Ánfora' }, places: ['archaeological-site', 'storage'], methods: ['illegal-excavation', 'looting'], weight: 5 },
  { type: 'figurines', materials: ['terracotta'], from: -700, to: 200, title: { en: 'Terracotta figurine', fr: 'Figurine en terre cuite', es: 'Figurilla de terracota' }, places: ['archaeological-site', 'museum'], methods: ['illegal-excavation', 'looting', 'theft'], weight: 6 },
  { type: 'grave-goods', materials: ['bronze'], from: -1200, to: -300, title: { en: 'Bronze grave goods', fr: 'Mobilier funéraire en bronze', es: 'Ajuar funerario de bronce' }, places: ['archaeological-site'], methods: ['illegal-excavation', 'looting'], weight: 4 },
  { type: 'stone-tools', materials: ['stone'], from: -9000, to: -3000, title: { en: 'Stone hand axe', fr: 'Biface en pierre', es: 'Bifaz de piedra' }, places: ['archaeological-site', 'storage'], methods: ['illegal-excavation', 'loss'], weight: 2 },
  { type: 'reliefs', materials: ['limestone'], from: -1500, to: 300, title: { en: 'Carved relief fragment', fr: 'Fragment de relief sculpté', es: 'Fragmento de relieve tallado' }, places: ['archaeological-site', 'museum'], methods: ['looting', 'illegal-export', 'theft'], weight: 4 },
  { type: 'illuminated-manuscripts', materials: ['parchment', 'ink', 'gold-leaf'], from: 1100, to: 1500, title: { en: 'Leaf of an illuminated book of hours', fr: 'Feuillet d’un livre d’heures enluminé', es: 'Hoja de un libro de horas iluminado' }, places: ['museum', 'place-of-worship', 'storage'], methods: ['theft', 'fraud', 'loss'], weight: 3 },
  { type: 'jewellery', materials: ['gold', 'gemstone'], from: -300, to: 1800, title: { en: 'Gold pendant', fr: 'Pendentif en or', es: 'Colgante de oro' }, places: ['museum', 'private-home'], methods: ['burglary', 'theft'], weight: 4 },
  { type: 'clocks', materials: ['brass', 'wood'], from: 1680, to: 1900, title: { en: 'Bracket clock', fr: 'Pendule de cheminée', es: 'Reloj de sobremesa' }, places: ['private-home', 'museum'], methods: ['burglary', 'theft'], weight: 3 },
  { type: 'tapestries', materials: ['wool', 'silk'], from: 1450, to: 1750, title: { en: 'Tapestry with a hunting scene', fr: 'Tapisserie à scène de chasse', es: 'Tapiz con escena de caza' }, places: ['museum', 'storage', 'in-transit'], methods: ['theft', 'loss'], weight: 2 },
  { type: 'masks', materials: ['wood'], from: 1850, to: 1960, title: { en: 'Ceremonial mask', fr: 'Masque cérémoniel', es: 'Máscara ceremonial' }, places: ['museum', 'private-home', 'in-transit'], methods: ['theft', 'illegal-export'], weight: 3 },
  { type: 'swords', materials: ['steel', 'iron'], from: 1400, to: 1800, title: { en: 'Sword with a decorated hilt', fr: 'Épée à garde ornée', es: 'Espada con empuñadura decorada' }, places: ['museum', 'storage'], methods: ['theft', 'burglary'], weight: 2 },
  { type: 'vases', materials: ['porcelain'], from: 1600, to: 1900, title: { en: 'Porcelain vase', fr: 'Vase en porcelaine', es: 'Jarrón de porcelana' }, places: ['museum', 'private-home', 'in-transit'], methods: ['theft', 'burglary', 'damage'], weight: 3 },
  { type: 'busts', materials: ['marble'], from: -100, to: 1850, title: { en: 'Marble bust', fr: 'Buste en marbre', es: 'Busto de mármol' }, places: ['museum', 'private-home', 'other'], methods: ['theft', 'burglary'], weight: 2 },
];

export interface PlannedObject {
  inventoryNumber: string;
  archetype: Archetype;
  year: number;
  incident: {
    method: IncidentMethod;
    placeKind: PlaceKind;
    country: string;
    discoveredOn: string;
    reportedOn: string;
    publish: boolean;
  };
  /** Seen again (after the report, before any recovery), in the country of the art market where it turned up. */
  sighting?: { on: string; country: string };
  /** Recovered (stolen) or found (missing), on that day. */
  recovery?: { on: string };
}

function weighted<T>(next: Random, entries: ReadonlyArray<readonly [T, number]>): T {
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let left = next() * total;
  for (const [value, weight] of entries) {
    left -= weight;
    if (left < 0) return value;
  }
  return entries.at(-1)![0];
}

const DAY_MS = 86_400_000;
const dayOf = (time: number) => new Date(time).toISOString().slice(0, 10);
const LAST = Date.parse(DEMO_LAST_DAY);

/**
 * The plan: the same objects, dates and places for the same seed. Thefts come as events, as they
 * do: a burglary of a church takes several icons at once, a looted site yields a batch of coins,
 * and the batch turns up together at one auction and is recovered in one police operation. About
 * two events in three are such series (5 to 12 objects); the others take one to three objects,
 * the long tail that public figures leave out (observatory-privacy.ts counts groups of 5 or more).
 */
export function demoObservatoryPlan(seed = DEMO_OBSERVATORY_SEED): PlannedObject[] {
  const next = seededRandom(seed);
  const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)]!;
  const archetypes = ARCHETYPES.map((archetype) => [archetype, archetype.weight] as const);
  const plan: PlannedObject[] = [];
  for (const [yearText, target] of Object.entries(PER_YEAR)) {
    const year = Number(yearText);
    const start = Date.UTC(year, 0, 1);
    const end = Math.min(Date.UTC(year + 1, 0, 1) - DAY_MS, LAST);
    let index = 0;
    while (index < target) {
      const size = Math.min(target - index, next() < SERIES_SHARE ? 5 + Math.floor(next() * 8) : 1 + Math.floor(next() * 3));
      const archetype = weighted(next, archetypes);
      const method = pick(archetype.methods);
      const discovered = start + Math.floor(next() * ((end - start) / DAY_MS + 1)) * DAY_MS;
      // Most reports the same day or the next; a few after an inventory or an insurer's question.
      const delay = next() < 0.7 ? Math.floor(next() * 2) : 2 + Math.floor(next() * 12);
      const reported = Math.min(discovered + delay * DAY_MS, LAST);
      const country = weighted(next, THEFT_COUNTRIES);
      const incident = { method, placeKind: pick(archetype.places), country, discoveredOn: dayOf(discovered), reportedOn: dayOf(reported), publish: next() < 0.6 };
      let after = reported;
      let sighting: PlannedObject['sighting'];
      const taken = method !== 'loss' && method !== 'damage';
      if (taken && next() < SIGHTED_SHARE) {
        const on = after + (20 + Math.floor(next() * 300)) * DAY_MS;
        if (on <= LAST) {
          // Mostly abroad, on the usual market; sometimes elsewhere, or at home (a dealer in the same country).
          const usual = USUAL_MARKET[country];
          const roll = next();
          const seenIn = usual && roll < USUAL_SHARE ? usual : roll < 0.9 ? weighted(next, MARKET_COUNTRIES.filter(([code]) => code !== country)) : country;
          sighting = { on: dayOf(on), country: seenIn };
          after = on;
        }
      }
      let recovery: PlannedObject['recovery'];
      if (next() < (sighting ? 0.55 : method === 'loss' ? 0.45 : 0.2)) {
        const on = after + (5 + Math.floor(next() ** 2 * 900)) * DAY_MS;
        if (on <= LAST) recovery = { on: dayOf(on) };
      }
      for (let item = 0; item < size; item++) {
        index += 1;
        plan.push({
          inventoryNumber: `DEMO-OBS-${year}-${String(index).padStart(3, '0')}`,
          archetype,
          year,
          incident,
          ...(sighting && { sighting }),
          ...(recovery && { recovery }),
        });
      }
    }
  }
  return plan;
}
