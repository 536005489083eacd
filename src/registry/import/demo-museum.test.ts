import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { createDemoMuseum, DEMO_NAME, DEMO_SLUG } from './demo-museum.js';

const TATE = fileURLToPath(new URL('../../../../shared/datasets/tate/tate-artworks.jsonl.gz', import.meta.url));

// The Tate export lives in ../shared, beside every checkout and CI clone: its absence is a failure, not a skip.
describe('demo museum', () => {
  it('finds the Tate export', () => expect(existsSync(TATE), TATE).toBe(true));

  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('creates the labelled organisation, imports the records and reports fictional incidents, some on the public alert list', async () => {
    const report = await createDemoMuseum(t.context, { tate: TATE, records: 50, batchSize: 20 });
    expect(report.import).toMatchObject({ rows: 50, created: 50, failed: 0 });
    expect(report.incidents).toEqual({ reported: 5, alreadyReported: 0, published: 3 });

    const organisation = await t.context.organisations.findBySlug(DEMO_SLUG);
    expect(organisation).toMatchObject({ name: DEMO_NAME, kind: 'museum' });
    const objects = await t.context.db.selectFrom('objects').selectAll().where('organisation_id', '=', organisation!.id).orderBy('seq').execute();
    expect(objects).toHaveLength(50);
    expect(objects[0]).toMatchObject({ inventory_number: 'A00001' });

    // The public sees the published ones only, and each incident says it is invented.
    const alerts = await t.context.objectRepository.page(null, { publishedOnly: true, limit: 10, offset: 0 });
    expect(alerts.total).toBe(3);
    const incidents = await t.context.db.selectFrom('incidents').selectAll().execute();
    expect(incidents).toHaveLength(5);
    expect(incidents.every((incident) => incident.circumstances?.startsWith('FICTIONAL DEMO INCIDENT'))).toBe(true);
    expect(objects.filter((object) => object.status !== 'in-collection').map((object) => object.status).sort()).toEqual(['missing', 'stolen', 'stolen', 'stolen', 'stolen']);
  });

  it('changes nothing when run again', async () => {
    const report = await createDemoMuseum(t.context, { tate: TATE, records: 50 });
    expect(report.import).toMatchObject({ rows: 50, created: 0, updated: 0, unchanged: 50, failed: 0 });
    expect(report.incidents).toEqual({ reported: 0, alreadyReported: 5, published: 3 });
    expect(await t.context.db.selectFrom('incidents').select('id').execute()).toHaveLength(5);
    expect(await t.context.db.selectFrom('objects').select('seq').execute()).toHaveLength(50);
  });
});
