/**
 * A demo museum for trying Egide out: a clearly labelled organisation holding records of the Tate
 * collection (open data, CC0), imported through the same pipeline and mapping file engine as any
 * import (mappings/tate.json), works with real photos (demo-photos.ts), and incidents that are
 * invented and say so. Running it again changes nothing.
 */
import { fileURLToPath } from 'node:url';
import type { ObjectRepository } from '../../registry/object.repository.js';
import type { IncidentInput } from '../../registry/object.schemas.js';
import type { ImportContext } from './import-file.js';
import type { ImportProgress, ImportReport, ImportSource, RowIssue } from './import-pipeline.js';
import { createDemoPhotos, type DemoPhotosContext, type DemoPhotosReport } from './demo-photos.js';
import { runImport } from './import-writer.js';
import { openMappedJsonl } from './mapping-import.js';

export const DEMO_SLUG = 'demo-museum';
export const DEMO_NAME = 'Demo museum (sample data from Tate, The Met and the National Museum of Korea)';
export const DEFAULT_DEMO_RECORDS = 3000;

export interface DemoOptions {
  /** The Tate export, `.jsonl` or `.jsonl.gz`. */
  tate: string;
  records: number;
  batchSize?: number;
  onProgress?: (progress: ImportProgress) => void;
  /** Each warning and failure of the Tate import, as it happens (`egide demo --report FILE`). */
  onIssue?: (issue: RowIssue) => void;
  /** Indexing of the photos for identification: photos done, and still queued. */
  onIndexProgress?: (done: number, remaining: number) => void;
}

export interface DemoReport {
  import: ImportReport;
  incidents: { reported: number; alreadyReported: number; published: number };
  photographed: DemoPhotosReport;
}

const FICTIONAL = 'FICTIONAL DEMO INCIDENT, invented for the demo museum: this never happened.';

/** Invented thefts and losses, spread over the demo records. Dates are fixed so that re-runs match. */
export const DEMO_INCIDENTS: readonly IncidentInput[] = [
  {
    method: 'theft',
    reference: 'DEMO-INC-1',
    discoveredOn: '2024-03-14',
    reportedOn: '2024-03-14',
    reporter: 'Demo museum registrar (fictional)',
    circumstances: `${FICTIONAL} Removed from its frame in a temporary exhibition room during opening hours; the empty frame was found in a service stairwell.`,
    policeReportNumber: 'DEMO-2024-0314',
    place: 'Temporary exhibition, room 4',
    country: 'GB',
    publish: true,
  },
  {
    method: 'burglary',
    reference: 'DEMO-INC-2',
    discoveredOn: '2024-06-02',
    reportedOn: '2024-06-02',
    reporter: 'Demo museum registrar (fictional)',
    circumstances: `${FICTIONAL} Night-time break-in through a skylight of the storage wing; the alarm went off but the intruders left before the guards arrived.`,
    policeReportNumber: 'DEMO-2024-0602',
    place: 'Storage wing',
    country: 'GB',
    publish: true,
  },
  {
    method: 'loss',
    reference: 'DEMO-INC-3',
    discoveredOn: '2024-09-20',
    reportedOn: '2024-09-23',
    reporter: 'Demo museum registrar (fictional)',
    circumstances: `${FICTIONAL} Not at its recorded location during the annual inventory check; possibly misplaced when the galleries were rehung.`,
    place: 'Works on paper store',
    country: 'GB',
    publish: false,
  },
  {
    method: 'theft',
    reference: 'DEMO-INC-4',
    discoveredOn: '2025-01-17',
    reportedOn: '2025-01-17',
    reporter: 'Demo museum registrar (fictional)',
    circumstances: `${FICTIONAL} The crate was found opened on arrival at the borrowing museum after a road transport; the work was missing.`,
    policeReportNumber: 'DEMO-2025-0117',
    place: 'In transit between the demo museum and a partner museum',
    country: 'FR',
    publish: true,
  },
  {
    method: 'theft',
    reference: 'DEMO-INC-5',
    discoveredOn: '2025-04-05',
    reportedOn: '2025-04-05',
    reporter: 'Demo museum registrar (fictional)',
    circumstances: `${FICTIONAL} A visitor was seen leaving with a small work under a coat; the police were called at once.`,
    policeReportNumber: 'DEMO-2025-0405',
    place: 'Prints and drawings room',
    country: 'GB',
    publish: false,
  },
];

/** How Tate's export reads as Object ID descriptions: a mapping file, as any museum's export would have. */
export const TATE_MAPPING = fileURLToPath(new URL('../../../mappings/tate.json', import.meta.url));

/** The first `limit` records of a source, noting those worth showing on the alert list. */
function firstRecords(source: ImportSource<Record<string, unknown>>, limit: number, showcase: string[]): ImportSource<Record<string, unknown>> {
  let read = 0;
  return {
    progress: () => Math.min(1, read / limit),
    async *records() {
      if (limit <= 0) return;
      for await (const item of source.records()) {
        read += 1;
        if ('record' in item && typeof item.record.acno === 'string' && isShowcase(item.record)) showcase.push(item.record.acno);
        yield item;
        if (read >= limit) return;
      }
    },
  };
}

/** Records worth putting on the alert list: a real title and a date, so the demo reads like a real alert. */
function isShowcase(record: Record<string, unknown>): boolean {
  const title = typeof record.title === 'string' ? record.title : '';
  return title.length > 3 && !title.startsWith('[') && !/^untitled/i.test(title) && record.dateRange != null;
}

/**
 * Creates (or completes) the demo museum: its organisation, `records` Tate records, the photographed
 * works and the fictional incidents, every photo indexed for identification.
 */
export async function createDemoMuseum(context: ImportContext & DemoPhotosContext & { objectRepository: ObjectRepository }, options: DemoOptions): Promise<DemoReport> {
  const organisation = await context.organisations.ensure(DEMO_SLUG, DEMO_NAME, 'museum');
  const actor = await context.accounts.servicePrincipal(DEMO_SLUG, 'registrar');
  const showcase: string[] = [];
  const tate = openMappedJsonl(options.tate, { lang: 'en', mapping: TATE_MAPPING });
  const report = await runImport({
    objects: context.objects,
    actor,
    organisationId: organisation.id,
    source: firstRecords(tate.source, options.records, showcase),
    map: tate.map,
    ...(tate.keep ? { keep: tate.keep } : {}),
    reason: 'demo museum: Tate collection sample (CC0)',
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.onIssue ? { onIssue: options.onIssue } : {}),
  });

  const incidents = { reported: 0, alreadyReported: 0, published: 0 };
  const count = Math.min(DEMO_INCIDENTS.length, showcase.length);
  for (let i = 0; i < count; i++) {
    const incident = DEMO_INCIDENTS[i]!;
    // Spread over the records: the first, then evenly.
    const inventoryNumber = showcase[Math.floor((i * showcase.length) / count)]!;
    const row = await context.objectRepository.findByInventoryNumber(organisation.id, inventoryNumber);
    if (!row) continue; // a record that failed to import
    if (row.reported === 1 || row.status !== 'in-collection') {
      incidents.alreadyReported += 1;
      if (row.published === 1) incidents.published += 1;
      continue;
    }
    await context.objects.reportIncident(actor, row.id, incident);
    incidents.reported += 1;
    if (incident.publish) incidents.published += 1;
  }
  const photographed = await createDemoPhotos(context, actor, organisation.id, options.onIndexProgress ? { onIndexProgress: options.onIndexProgress } : {});
  return { import: report, incidents, photographed };
}
