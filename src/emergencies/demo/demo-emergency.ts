import type { AccountService } from '../../accounts/account.service.js';
import type { OrganisationRepository } from '../../accounts/organisation.repository.js';
import { SECRETARIAT_SLUG } from '../../network/partner.service.js';
import { CreateObjectSchema } from '../../registry/object.schemas.js';
import type { ObjectService } from '../../registry/object.service.js';
import type { Principal } from '../../roles.js';
import { EmergencyInputSchema } from '../emergency.schemas.js';
import type { EmergencyService } from '../emergency.service.js';
import type { AssessmentPhase, Condition, DamageExtent, HeritagePlaceKind } from '../heritage-place-contract.js';
import { PlanInputSchema } from '../plans/evacuation-plan.schemas.js';
import type { EvacuationPlanService } from '../plans/evacuation-plan.service.js';
import { PlaceInputSchema } from '../places/heritage-place.schemas.js';
import type { HeritagePlaceService } from '../places/heritage-place.service.js';

/** Every name says it: nothing here happened. */
export const DEMO_EMERGENCY_NAME = 'Fictional earthquake in the “Valle Immaginaria” (demo)';
const FICTIONAL = ' (fictional, demo)';
/** A made-up area of central Italy: a box around a fictional valley. */
const AREA = { west: 12.3, south: 42.7, east: 13.1, north: 43.2 };

const PLACES: ReadonlyArray<{ name: string; kind: HeritagePlaceKind; lon: number; lat: number; then: Condition; now: Condition; extent: DamageExtent }> = [
  { name: 'Chiesa di San Fittizio', kind: 'place-of-worship', lon: 12.42, lat: 42.81, then: 'good', now: 'poor', extent: '31-60' },
  { name: 'Torre dei Sogni', kind: 'monument', lon: 12.55, lat: 42.95, then: 'fair', now: 'very-bad', extent: '61-90' },
  { name: 'Necropoli della Valle', kind: 'archaeological-site', lon: 12.61, lat: 42.88, then: 'fair', now: 'fair', extent: '1-10' },
  { name: 'Archivio comunale di Borgo Finto', kind: 'archive', lon: 12.7, lat: 43.02, then: 'good', now: 'poor', extent: '11-30' },
  { name: 'Biblioteca del Chiostro', kind: 'library', lon: 12.76, lat: 43.1, then: 'good', now: 'good', extent: 'none' },
  { name: 'Santuario della Roccia', kind: 'place-of-worship', lon: 12.83, lat: 42.76, then: 'fair', now: 'destroyed', extent: '91-100' },
  { name: 'Villa romana di Campo Immaginario', kind: 'archaeological-site', lon: 12.9, lat: 42.99, then: 'poor', now: 'poor', extent: '11-30' },
  { name: 'Ponte dei Pellegrini', kind: 'monument', lon: 12.97, lat: 43.05, then: 'good', now: 'fair', extent: '1-10' },
  { name: 'Oratorio di Santa Inventata', kind: 'place-of-worship', lon: 13.02, lat: 42.85, then: 'good', now: 'very-bad', extent: '61-90' },
  { name: 'Castello di Monte Finto', kind: 'monument', lon: 12.48, lat: 43.12, then: 'fair', now: 'poor', extent: '31-60' },
  { name: 'Museo civico di Borgo Finto', kind: 'museum', lon: 12.68, lat: 43.0, then: 'good', now: 'fair', extent: '1-10' },
  { name: 'Museo diocesano della Valle', kind: 'museum', lon: 12.58, lat: 42.9, then: 'good', now: 'poor', extent: '11-30' },
];

const MUSEUMS = [
  {
    slug: 'demo-museo-borgo-finto',
    name: 'Museo civico di Borgo Finto (fictional, demo)',
    objects: [
      ['BF-001', 'Altarpiece panel, tempera on wood', 1, ['M1', '1', '12', 'A', '1'], ['crate', 'two-people', 'climate-control']],
      ['BF-002', 'Processional cross, gilded copper', 1, ['M1', '1', '12', 'B', '2'], ['padded-box', 'fragile']],
      ['BF-003', 'Illuminated gradual', 1, ['M1', '0', '3', 'C', '1'], ['padded-box', 'climate-control']],
      ['BF-004', 'Terracotta votive head', 2, ['M1', '0', '4', 'A', '3'], ['padded-box', 'fragile']],
      ['BF-005', 'Embroidered chasuble', 2, ['M1', '2', '21', 'D', '1'], ['tube', 'climate-control']],
      ['BF-006', 'Bronze mortar', 3, ['M2', '-1', '2', 'A', '5'], ['crate', 'lifting-equipment']],
    ],
  },
  {
    slug: 'demo-museo-diocesano',
    name: 'Museo diocesano della Valle (fictional, demo)',
    objects: [
      ['DV-01', 'Reliquary bust, silver', 1, ['D', '1', '2', 'V', '1'], ['crate', 'two-people', 'fragile']],
      ['DV-02', 'Madonna and Child, panel', 1, ['D', '1', '3', 'W', '2'], ['crate', 'climate-control', 'keep-upright']],
      ['DV-03', 'Chalice and paten', 2, ['D', '0', '1', 'S', '4'], ['padded-box']],
      ['DV-04', 'Antiphonary, leather binding', 3, ['D', '0', '1', 'S', '6'], ['padded-box', 'climate-control']],
    ],
  },
] as const;

/** What the demo needs of the application's context (the context itself is the composition root, imported by nothing). */
export interface DemoEmergencyContext {
  accounts: AccountService;
  organisations: OrganisationRepository;
  objects: ObjectService;
  heritagePlaces: HeritagePlaceService;
  emergencies: EmergencyService;
  evacuationPlans: EvacuationPlanService;
}

export interface DemoEmergency {
  name: string;
  places: number;
  assessments: number;
  plans: number;
  movements: number;
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/**
 * A fictional earthquake in a made-up valley of central Italy, labelled as such everywhere: a dozen
 * heritage places assessed before and after it (some damaged, one destroyed), two fictional museums'
 * evacuation plans and the first objects moved to safety. Changes nothing when run again.
 */
export async function createDemoEmergency(context: DemoEmergencyContext): Promise<DemoEmergency> {
  const admin = await context.accounts.servicePrincipal(SECRETARIAT_SLUG, 'admin');
  const existing = (await context.emergencies.list()).find((emergency) => Object.values(emergency.names).includes(DEMO_EMERGENCY_NAME));
  if (existing) return { name: DEMO_EMERGENCY_NAME, places: 0, assessments: 0, plans: 0, movements: 0 };
  let assessments = 0;
  for (const place of PLACES) {
    const museum = place.kind === 'museum' ? MUSEUMS.find((candidate) => candidate.name.startsWith(place.name)) : undefined;
    if (museum) await context.organisations.ensure(museum.slug, museum.name, 'museum');
    const created = await context.heritagePlaces.create(
      admin,
      PlaceInputSchema.parse({ names: { it: `${place.name}${FICTIONAL}`, en: `${place.name}${FICTIONAL}` }, kind: place.kind, geometry: { type: 'Point', coordinates: [place.lon, place.lat] }, country: 'IT', organisation: museum?.slug, description: 'Fictional place of the Egide demo.' }),
    );
    const visits: Array<[AssessmentPhase, Condition, DamageExtent, string]> = [
      ['situation-analysis', place.then, 'unknown', daysAgo(1)],
      ['damage-and-risk', place.now, place.extent, daysAgo(0)],
    ];
    for (const [phase, condition, damageExtent, assessedOn] of visits) {
      const damaged = damageExtent !== 'none' && damageExtent !== 'unknown';
      await context.heritagePlaces.assess(
        admin,
        created.id,
        {
          assessedOn,
          phase,
          condition,
          damageExtent,
          threats: damaged ? [{ category: 'natural-hazard', type: 'aftershocks', probability: 'high' }] : [],
          recommendation: damaged ? 'Shore up the walls; keep visitors out; move movable heritage to the regional store.' : 'Monitor after each aftershock.',
          priority: damaged ? 'immediate' : 'low',
          notes: 'Fictional assessment (demo).',
        },
        [],
      );
      assessments += 1;
    }
  }
  await context.emergencies.declare(
    admin,
    EmergencyInputSchema.parse({
      kind: 'earthquake',
      names: { en: DEMO_EMERGENCY_NAME, fr: 'Séisme fictif dans la « Valle Immaginaria » (démo)', es: 'Terremoto ficticio en la «Valle Immaginaria» (demo)' },
      descriptions: { en: 'A fictional emergency of the Egide demo: no such earthquake happened.' },
      countries: [],
      area: { type: 'Polygon', coordinates: [[[AREA.west, AREA.south], [AREA.east, AREA.south], [AREA.east, AREA.north], [AREA.west, AREA.north], [AREA.west, AREA.south]]] },
      startsOn: daysAgo(2),
    }),
  );
  let plans = 0;
  let movements = 0;
  for (const museum of MUSEUMS) {
    await context.organisations.ensure(museum.slug, museum.name, 'museum');
    const registrar: Principal = await context.accounts.servicePrincipal(museum.slug, 'registrar');
    for (const [inventoryNumber, title, priority, [building, floor, room, unit, shelf], packing] of museum.objects) {
      const { id } = await context.objects.create(registrar, CreateObjectSchema.parse({ description: { inventoryNumber, title: { en: `${title}${FICTIONAL}` } } }));
      await context.evacuationPlans.set(registrar, id, PlanInputSchema.parse({ priority, location: { building, floor, room, unit, shelf }, packing, handling: 'Gloves; two hands under the object.' }));
      plans += 1;
    }
    // The priority-1 objects went first, to the regional store.
    const firsts = museum.objects.filter((object) => object[2] === 1).map((object) => object[0]);
    movements += (await context.evacuationPlans.moveBatch(registrar, firsts, { to: { building: 'Regional store (demo)', floor: '0', room: 'Bay 4', unit: '', shelf: '' }, condition: 'good', note: 'Fictional movement (demo).' })).length;
  }
  return { name: DEMO_EMERGENCY_NAME, places: PLACES.length, assessments, plans, movements };
}
