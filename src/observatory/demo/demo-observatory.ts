/**
 * Records the observatory's demo plan (demo-observatory-plan.ts) in the registry: a clearly labelled
 * demo organisation, its fictional objects (the bulk writer), and each object's theft or loss,
 * sighting and recovery through the registry's services, as a registrar would have entered them on
 * those days: the services run on the demo's clock, so histories, sightings and the observatory's
 * figures are dated as the events were; then the external dataset and library items shown beside
 * the figures (demo-observatory-resources.ts). Running it again changes nothing.
 */
import sharp from 'sharp';
import type { AccountService } from '../../accounts/account.service.js';
import type { OrganisationRepository } from '../../accounts/organisation.repository.js';
import type { AuditTrail } from '../../audit/audit.service.js';
import type { EgideConfig } from '../../config/config.js';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import type { IdentificationRepository } from '../../identify/identification.repository.js';
import type { IdentifyService } from '../../identify/identify.service.js';
import { SightingService } from '../../identify/sightings.service.js';
import { SECRETARIAT_SLUG } from '../../network/partner.service.js';
import { newPublicId } from '../../registry/ids.js';
import { emptyDescription, type ObjectDescription } from '../../registry/object-record.js';
import type { ObjectRepository } from '../../registry/object.repository.js';
import { ObjectDescriptionSchema } from '../../registry/object.schemas.js';
import { ObjectService } from '../../registry/object.service.js';
import type { DerivedImages } from '../../registry/photos/photo-image.js';
import { PhotoStorage } from '../../registry/photos/photo-storage.js';
import { openPhotoStores } from '../../registry/photos/photo-stores.js';
import { statusAfterIncident } from '../../registry/status.js';
import { entryByKey, toTerm, typePath } from '../../registry/vocabulary.js';
import type { Principal } from '../../roles.js';
import type { PlaceKind } from '../observatory-figures.js';
import { demoObservatoryPlan, type PlannedObject } from './demo-observatory-plan.js';
import { createDemoResources, type DemoResourcesContext, type DemoResourcesReport } from './demo-observatory-resources.js';

export const DEMO_OBSERVATORY_SLUG = 'demo-observatory';
export const DEMO_OBSERVATORY_NAME = 'Demo observatory records (fictional incidents, for the demonstration)';

const FICTIONAL = {
  en: 'Fictional record for the demonstration: this object, its theft and what followed were invented for Egide’s observatory.',
  fr: 'Fiche fictive pour la démonstration : cet objet, son vol et ce qui a suivi ont été inventés pour l’observatoire d’Egide.',
  es: 'Registro ficticio para la demostración: este objeto, su robo y lo que siguió se inventaron para el observatorio de Egide.',
};
const REPORTER = 'Demo registrar (fictional)';
const PLACES: Record<PlaceKind, string> = {
  museum: 'Exhibition room (fictional)',
  'place-of-worship': 'Parish church (fictional)',
  'archaeological-site': 'Excavation area (fictional)',
  'private-home': 'Private residence (fictional)',
  storage: 'Storage depot (fictional)',
  'in-transit': 'In transit between two venues (fictional)',
  other: 'Other place (fictional)',
};
/**
 * Objects recorded at once, as several registrars would: on PostgreSQL the 720 objects took 44 s one
 * at a time and 24 s four at a time (eight: no better), on SQLite 12 s either way — measured on two
 * cores shared with a test load of 17; an idle machine is several times faster.
 */
const CONCURRENCY = 4;
/** Objects written per batch of the bulk writer. */
const BATCH = 200;
/** The placeholder photo's size, as identifications record the photo they saw. */
const PLACEHOLDER = { width: 800, height: 600 };

export interface DemoObservatoryContext extends DemoResourcesContext {
  organisations: OrganisationRepository;
  accounts: AccountService;
  audit: AuditTrail;
  objects: ObjectService;
  objectRepository: ObjectRepository;
  identify: IdentifyService;
  transact: UnitOfWork<{ objects: ObjectRepository; identifications: IdentificationRepository }>;
  repositories: { identifications: IdentificationRepository };
  config: Pick<EgideConfig, 'photoStorage'>;
}

export interface DemoObservatoryReport {
  objects: { created: number; unchanged: number };
  incidents: number;
  sightings: number;
  recoveries: number;
  alreadyRecorded: number;
  years: { from: number; to: number };
  countries: number;
  /** The external dataset and library items beside the figures. */
  resources: DemoResourcesReport;
}

/** The description of a planned object: its type (with the broader ones), materials, dates, and the fictional label in three languages. */
export function demoObjectDescription(object: PlannedObject): ObjectDescription {
  const { archetype } = object;
  const label = (lang: 'en' | 'fr' | 'es') => `${archetype.title[lang]} — ${object.inventoryNumber}`;
  const era = (year: number) => (year < 0 ? `${-year} BCE` : String(year));
  return ObjectDescriptionSchema.parse({
    ...emptyDescription(object.inventoryNumber),
    title: { en: label('en'), fr: label('fr'), es: label('es') },
    objectType: typePath(archetype.type).map(toTerm),
    materials: archetype.materials.flatMap((key) => {
      const entry = entryByKey('material', key);
      return entry ? [toTerm(entry)] : [];
    }),
    dating: { display: `${era(archetype.from)}–${era(archetype.to)}`, earliest: archetype.from, latest: archetype.to },
    description: FICTIONAL,
  });
}

/**
 * Creates (or completes) the demo organisation's objects and records each one's events in date
 * order, object by object; an object already reported was recorded by an earlier run and is left alone.
 */
export async function createDemoObservatory(context: DemoObservatoryContext, plan: readonly PlannedObject[] = demoObservatoryPlan()): Promise<DemoObservatoryReport> {
  const organisation = await context.organisations.ensure(DEMO_OBSERVATORY_SLUG, DEMO_OBSERVATORY_NAME, 'museum');
  const actor = await context.accounts.servicePrincipal(DEMO_OBSERVATORY_SLUG, 'registrar');
  const report: DemoObservatoryReport = {
    objects: { created: 0, unchanged: 0 },
    incidents: 0,
    sightings: 0,
    recoveries: 0,
    alreadyRecorded: 0,
    years: { from: Math.min(...plan.map((object) => object.year)), to: Math.max(...plan.map((object) => object.year)) },
    countries: new Set(plan.map((object) => object.incident.country)).size,
    resources: { dataset: 'unchanged', library: { created: 0, unchanged: 0 } },
  };
  const ids = new Map<string, string>();
  for (let start = 0; start < plan.length; start += BATCH) {
    const batch = plan.slice(start, start + BATCH);
    const written = await context.objects.upsertMany(actor, organisation.id, batch.map((object) => ({ description: demoObjectDescription(object) })), 'demo observatory: fictional records');
    report.objects.created += written.created;
    report.objects.unchanged += written.unchanged + written.updated;
    written.results.forEach((result, index) => {
      if (result.outcome !== 'rejected') ids.set(batch[index]!.inventoryNumber, result.id);
    });
  }
  const stored = await context.objectRepository.findByInventoryNumbers(organisation.id, [...ids.keys()]);

  // The registry's services on the demo's clock: each event is recorded on its own day.
  const on = (day: string) => {
    const at = atNoon(day);
    return {
      at,
      objects: new ObjectService(context.transact, context.objectRepository, context.organisations, context.audit, () => at),
      sightings: new SightingService(context.transact, context.identify, context.repositories.identifications, context.objectRepository, () => at),
    };
  };
  const photos = { storage: new PhotoStorage(openPhotoStores(context.config.photoStorage).identifications), images: await placeholderPhoto() };
  const record = async (object: PlannedObject) => {
    const id = ids.get(object.inventoryNumber);
    const row = stored.get(object.inventoryNumber)?.[0];
    if (!id || !row) return;
    if (row.reported === 1) {
      report.alreadyRecorded += 1;
      return;
    }
    const { incident } = object;
    await on(incident.reportedOn).objects.reportIncident(actor, id, {
      method: incident.method,
      placeKind: incident.placeKind,
      discoveredOn: incident.discoveredOn,
      reportedOn: incident.reportedOn,
      reporter: REPORTER,
      circumstances: FICTIONAL.en,
      policeReportNumber: `${object.inventoryNumber}-P`,
      place: PLACES[incident.placeKind],
      country: incident.country,
      publish: incident.publish,
    });
    report.incidents += 1;
    if (object.sighting) {
      const { at, sightings } = on(object.sighting.on);
      await recordSighting(context, sightings, photos, actor, id, object.sighting, at);
      report.sightings += 1;
    }
    if (object.recovery) {
      const status = statusAfterIncident(incident.method) === 'missing' ? 'found' : 'recovered';
      await on(object.recovery.on).objects.changeStatus(actor, id, status, `${FICTIONAL.en} ${status === 'found' ? 'Found again' : 'Recovered'} on ${object.recovery.on}.`);
      report.recoveries += 1;
    }
  };
  // Several registrars at work at once, as on a server: each object's events in order, objects side by side.
  let nextObject = 0;
  const worker = async () => {
    while (nextObject < plan.length) await record(plan[nextObject++]!);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const recovered = plan.find((object) => object.recovery && ids.has(object.inventoryNumber));
  const admin = await context.accounts.servicePrincipal(SECRETARIAT_SLUG, 'admin');
  report.resources = await createDemoResources(context, admin, actor, recovered && { id: ids.get(recovered.inventoryNumber)!, object: recovered });
  return report;
}

/** The photo of every fictional sighting: a card saying so, where a real sighting has the photo identified. */
async function placeholderPhoto(): Promise<DerivedImages> {
  const card = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${PLACEHOLDER.width}" height="${PLACEHOLDER.height}"><rect width="100%" height="100%" fill="#e8e8e8"/>` +
      `<text x="50%" y="50%" font-family="DejaVu Sans, sans-serif" font-size="28" text-anchor="middle" fill="#333">Fictional sighting — demonstration, no photo</text></svg>`,
  );
  return {
    display: await sharp(card).jpeg({ quality: 80 }).toBuffer(),
    thumbnail: await sharp(card).resize({ width: 400 }).webp({ quality: 80 }).toBuffer(),
  };
}

/**
 * A sighting as the demo's registrar confirms it: the identification it confirms is fictional too
 * (the demo's objects have no photos to match), stored with its placeholder photo where the
 * identification service keeps photos, so that notifications and histories show it as any other.
 */
async function recordSighting(
  context: DemoObservatoryContext,
  sightings: SightingService,
  photos: { storage: PhotoStorage; images: DerivedImages },
  actor: Principal,
  objectId: string,
  sighting: NonNullable<PlannedObject['sighting']>,
  at: Date,
): Promise<void> {
  const identificationId = newPublicId();
  const paths = photos.storage.relativePaths(identificationId, 'jpg');
  await photos.storage.writeDerived(paths, photos.images);
  await context.repositories.identifications.insert({
    id: identificationId,
    userId: actor.userId,
    createdAt: at.toISOString(),
    verdict: 'match',
    photoFile: paths.display,
    ...PLACEHOLDER,
    candidates: [{ objectId, photoId: '', verdict: 'match', score: 1, inliers: 0, reference: PLACEHOLDER, points: [] }],
  });
  await sightings.record(actor, identificationId, objectId, { place: 'Auction house catalogue (fictional)', country: sighting.country, note: FICTIONAL.en });
}

/** Noon UTC of a day: the same calendar day in every time zone the network works in. */
function atNoon(day: string): Date {
  return new Date(`${day}T12:00:00.000Z`);
}
