import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { writeDemoFieldPhotos, type DemoFieldPhoto } from './demo-field-photos.js';
import { createDemoMuseum, DEMO_NAME, DEMO_SLUG, type DemoReport } from './demo-museum.js';
import { DEMO_PHOTO_WORKS, workKey } from './demo-photo-catalogue.js';
import { DEMO_ALERT_WORKS, demoInventoryNumber } from './demo-photos.js';

const TATE = fileURLToPath(new URL('../../../../shared/datasets/tate/tate-artworks.jsonl.gz', import.meta.url));
const TATE_RECORDS = 50;

interface AlertHit {
  id: string;
  inventoryNumber: string;
  thumbnailUrl: string | null;
}

// The Tate export lives in ../shared, beside every checkout and CI clone: its absence is a failure, not a skip.
it('finds the Tate export', () => expect(existsSync(TATE), TATE).toBe(true));

// One demo run on a fresh data folder (indexing every photo takes a while): what a newcomer gets.
describe('demo museum', () => {
  let t: TestApp;
  let first: DemoReport;
  let fieldPhotos: DemoFieldPhoto[];
  beforeAll(async () => {
    t = await createTestApp();
    first = await createDemoMuseum(t.context, { tate: TATE, records: TATE_RECORDS, batchSize: 20 });
    fieldPhotos = await writeDemoFieldPhotos(t.dataDir);
  }, 240_000);
  afterAll(() => t.close());

  /** The demo museum's Tate records (the photographed works have DEMO- numbers). */
  const tateObjects = async () => {
    const organisation = await t.context.organisations.findBySlug(DEMO_SLUG);
    return t.context.db
      .selectFrom('objects')
      .selectAll()
      .where('organisation_id', '=', organisation!.id)
      .where('inventory_number', 'not like', 'DEMO-%')
      .orderBy('seq')
      .execute();
  };

  it('creates the labelled organisation, imports the Tate records and reports fictional incidents, some on the public alert list', async () => {
    expect(first.import).toMatchObject({ rows: TATE_RECORDS, created: TATE_RECORDS, failed: 0 });
    expect(first.incidents).toEqual({ reported: 5, alreadyReported: 0, published: 3 });
    expect(await t.context.organisations.findBySlug(DEMO_SLUG)).toMatchObject({ name: DEMO_NAME, kind: 'museum' });
    const objects = await tateObjects();
    expect(objects).toHaveLength(TATE_RECORDS);
    expect(objects[0]).toMatchObject({ inventory_number: 'A00001' });
    expect(objects.filter((object) => object.status !== 'in-collection').map((object) => object.status).sort()).toEqual(['missing', 'stolen', 'stolen', 'stolen', 'stolen']);
    // The public sees the published ones only: three Tate records and the ten photographed alert works.
    const alerts = await t.context.objectRepository.page(null, { publishedOnly: true, limit: 10, offset: 0 });
    expect(alerts.total).toBe(3 + DEMO_ALERT_WORKS.length);
    const incidents = await t.context.db.selectFrom('incidents').selectAll().execute();
    expect(incidents).toHaveLength(5 + DEMO_ALERT_WORKS.length);
    expect(incidents.every((incident) => incident.circumstances?.startsWith('FICTIONAL DEMO INCIDENT'))).toBe(true);
  });

  it('registers every work with its photo, credit line and Object ID fields, and indexes every photo', async () => {
    expect(first.photographed.objects).toEqual({ created: DEMO_PHOTO_WORKS.length, updated: 0, unchanged: 0, rejected: 0 });
    expect(first.photographed.photos).toEqual({ added: DEMO_PHOTO_WORKS.length, alreadyThere: 0 });
    expect(first.photographed.indexed).toEqual({ indexed: DEMO_PHOTO_WORKS.length, failed: 0 });
    expect(await t.context.identifyRepository.counts()).toMatchObject({ indexed: DEMO_PHOTO_WORKS.length, pending: 0, failed: 0 });

    const vanGogh = await t.context.db.selectFrom('objects').selectAll().where('inventory_number', '=', 'DEMO-MET-436525').executeTakeFirstOrThrow();
    const view = await t.context.objects.get(null, vanGogh.id);
    expect(view.description).toMatchObject({
      title: { en: 'Bouquet of Flowers in a Vase' },
      makers: [{ name: 'Vincent van Gogh' }],
      dating: { display: '1890', earliest: 1890, latest: 1890 },
    });
    expect(view.description.objectType.map((term) => term.label.en)).toEqual(['visual works', 'paintings']);
    expect(view.description.description.en).toContain('https://www.metmuseum.org/art/collection/search/436525');
    const photo = await t.context.db.selectFrom('object_photos').selectAll().where('object_seq', '=', vanGogh.seq).executeTakeFirstOrThrow();
    expect(photo.caption).toContain('Public Domain (The Met Open Access, CC0)');

    const crown = await t.context.db.selectFrom('objects').select('description').where('inventory_number', '=', 'DEMO-NMK-638').executeTakeFirstOrThrow();
    expect(JSON.parse(crown.description)).toMatchObject({
      materials: [{ label: { en: 'gold' } }],
      dating: { display: 'Silla (57 BC–676)', earliest: -57, latest: 676 },
      places: [{ name: 'Korea', country: 'KR' }],
      description: { en: expect.stringContaining('KOGL Type 1 (Attribution)') },
    });
  });

  it('puts the ten alert works on the public alert list with their photos, each incident labelled as invented', async () => {
    expect(first.photographed.incidents).toEqual({ reported: DEMO_ALERT_WORKS.length, alreadyReported: 0 });
    const response = await t.app.request('/api/v1/alerts?limit=50');
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as { items: AlertHit[] };
    const alertNumbers = DEMO_ALERT_WORKS.map((key) => demoInventoryNumber(DEMO_PHOTO_WORKS.find((work) => workKey(work) === key)!));
    const photographed = items.filter((item) => alertNumbers.includes(item.inventoryNumber));
    expect(photographed.map((item) => item.inventoryNumber).sort()).toEqual([...alertNumbers].sort());
    for (const item of photographed) {
      expect(item.thumbnailUrl, item.inventoryNumber).toMatch(/^\/media\/photos\/.+\/thumbnail$/);
      expect((await t.app.request(item.thumbnailUrl!)).status, item.inventoryNumber).toBe(200);
    }
    const incidents = await t.context.db.selectFrom('incidents').select(['reference', 'circumstances']).where('reference', 'like', 'DEMO-ALERT-%').execute();
    expect(incidents).toHaveLength(DEMO_ALERT_WORKS.length);
    expect(incidents.every((incident) => incident.circumstances?.startsWith('FICTIONAL DEMO INCIDENT'))).toBe(true);
  });

  it('writes field photos of alert works that the public identifies as a match with the right object', async () => {
    expect(fieldPhotos.length).toBeGreaterThanOrEqual(3);
    expect(new Set(fieldPhotos.map((photo) => photo.variant))).toEqual(new Set(['angle', 'table', 'light']));
    for (const photo of fieldPhotos) {
      expect(DEMO_ALERT_WORKS).toContain(workKey(photo.work));
      const identification = await t.context.identify.identify(null, await readFile(photo.path), 'field.jpg');
      const top = identification.candidates[0];
      expect(top?.object.inventoryNumber, photo.path).toBe(demoInventoryNumber(photo.work));
      expect(top?.verdict, `${photo.path}: ${top?.inliers} inliers`).toBe('match');
      expect(identification.verdict).toBe('match');
    }
  }, 120_000);

  it('changes nothing when run again', async () => {
    const again = await createDemoMuseum(t.context, { tate: TATE, records: TATE_RECORDS });
    expect(again.import).toMatchObject({ rows: TATE_RECORDS, created: 0, updated: 0, unchanged: TATE_RECORDS, failed: 0 });
    expect(again.incidents).toEqual({ reported: 0, alreadyReported: 5, published: 3 });
    expect(again.photographed).toEqual({
      objects: { created: 0, updated: 0, unchanged: DEMO_PHOTO_WORKS.length, rejected: 0 },
      photos: { added: 0, alreadyThere: DEMO_PHOTO_WORKS.length },
      incidents: { reported: 0, alreadyReported: DEMO_ALERT_WORKS.length },
      indexed: { indexed: 0, failed: 0 },
    });
    expect(await t.context.db.selectFrom('incidents').select('id').execute()).toHaveLength(5 + DEMO_ALERT_WORKS.length);
    expect(await t.context.db.selectFrom('objects').select('seq').execute()).toHaveLength(TATE_RECORDS + DEMO_PHOTO_WORKS.length);
    expect(await t.context.db.selectFrom('object_photos').select('id').execute()).toHaveLength(DEMO_PHOTO_WORKS.length);
  }, 60_000);
});
