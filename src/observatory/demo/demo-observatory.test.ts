import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryByKey } from '../../registry/vocabulary.js';
import { INCIDENT_METHODS } from '../../registry/status.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { PLACE_KINDS, type ObservatoryChart } from '../observatory-figures.js';
import { ARCHETYPES, DEMO_FIRST_DAY, DEMO_LAST_DAY, demoObservatoryPlan } from './demo-observatory-plan.js';
import { createDemoObservatory, DEMO_OBSERVATORY_SLUG, type DemoObservatoryReport } from './demo-observatory.js';
import { DEMO_DATASET_SLUG, DEMO_LIBRARY_SOURCE } from './demo-observatory-resources.js';
import { levantList, publishLists } from '../../redlists/red-list-public.test-support.js';

describe('the observatory demo plan', () => {
  const plan = demoObservatoryPlan();

  it('is the same for the same seed, and another for another seed', () => {
    expect(demoObservatoryPlan()).toEqual(plan);
    expect(demoObservatoryPlan(16).map((object) => object.incident)).not.toEqual(plan.map((object) => object.incident));
  });

  it('spreads hundreds of incidents over 2019–2026 and about thirty countries', () => {
    expect(plan.length).toBeGreaterThan(500);
    expect(new Set(plan.map((object) => object.year))).toEqual(new Set([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]));
    expect(new Set(plan.map((object) => object.incident.country)).size).toBeGreaterThanOrEqual(25);
    expect(plan.filter((object) => !object.incident.publish).length).toBeGreaterThan(100);
    expect(plan.filter((object) => object.sighting && object.sighting.country !== object.incident.country).length).toBeGreaterThan(20);
  });

  it('keeps every date in order: discovered ≤ reported ≤ seen ≤ recovered, all within the demo’s years', () => {
    for (const { incident, sighting, recovery } of plan) {
      const dates = [incident.discoveredOn, incident.reportedOn, sighting?.on, recovery?.on].filter((date): date is string => date !== undefined);
      expect([...dates].sort(), JSON.stringify(dates)).toEqual(dates);
      expect(dates[0]! >= DEMO_FIRST_DAY && dates.at(-1)! <= DEMO_LAST_DAY).toBe(true);
    }
  });

  it('uses the vocabularies’ types, materials, methods and kinds of place', () => {
    for (const archetype of ARCHETYPES) {
      expect(entryByKey('objectType', archetype.type), archetype.type).toBeDefined();
      for (const material of archetype.materials) expect(entryByKey('material', material), material).toBeDefined();
      for (const method of archetype.methods) expect(INCIDENT_METHODS).toContain(method);
      for (const place of archetype.places) expect(PLACE_KINDS).toContain(place);
    }
  });
});

// Through the registry's services, on both engines: what `egide demo` adds for the observatory.
describe('the observatory demo data', () => {
  let t: TestApp;
  let first: DemoObservatoryReport;
  const chart = (id: Parameters<TestApp['context']['observatory']['chart']>[0], filters: Parameters<TestApp['context']['observatory']['chart']>[1] = {}, exact = false) =>
    t.context.observatory.chart(id, filters, exact ? { userId: 0, displayName: 'admin', role: 'admin', organisationId: 0, organisationSlug: '', via: 'token' } : null, 'en');
  const valueOf = (chart: ObservatoryChart) => ('value' in chart.total ? chart.total.value : -1);

  beforeAll(async () => {
    t = await createTestApp();
    // A published Red List, as `egide demo` publishes its own first: the demo's law comes from its legal section.
    await publishLists(t, [levantList()]);
    first = await createDemoObservatory(t.context);
  }, 120_000);
  afterAll(() => t.close());

  it('records every planned incident, sighting and recovery, dated as planned', async () => {
    const plan = demoObservatoryPlan();
    expect(first).toMatchObject({
      objects: { created: plan.length, unchanged: 0 },
      incidents: plan.length,
      sightings: plan.filter((object) => object.sighting).length,
      recoveries: plan.filter((object) => object.recovery).length,
      alreadyRecorded: 0,
      years: { from: 2019, to: 2026 },
    });
    const byYear = await chart('by-year', { measure: 'reported' }, true);
    expect(byYear.rows.map((row) => row.key)).toEqual(['2019', '2020', '2021', '2022', '2023', '2024', '2025', '2026']);
    expect(valueOf(byYear)).toBe(plan.length);
    const recovered = await chart('by-year', { measure: 'recovered' }, true);
    expect(valueOf(recovered)).toBe(first.recoveries);
    expect(recovered.rows.length).toBeGreaterThan(3);
  });

  it('gives every public chart of 2026 something to show, leaves out the small groups, and has flows between countries', async () => {
    const year = { from: 2026, to: 2026 };
    const charts: ObservatoryChart[] = [];
    for (const id of ['by-country', 'by-month', 'by-type', 'by-material', 'by-period', 'by-place-kind', 'by-method'] as const) {
      const published = await chart(id, { ...year, measure: 'reported' });
      expect(published.rows.some((row) => 'value' in row.count && row.count.value >= 5), id).toBe(true);
      charts.push(published);
    }
    // Small groups are left out of public figures: countries investigators see that the public does not.
    const exact = await chart('by-country', { ...year, measure: 'reported' }, true);
    const shown = new Set(charts[0]!.rows.map((row) => row.key));
    expect(exact.rows.filter((row) => !shown.has(row.key)).length).toBeGreaterThan(3);
    const flows = await chart('flows', {}, true);
    expect(flows.rows.filter((row) => row.from !== row.to).length).toBeGreaterThan(5);
  });

  it('changes nothing when run again', async () => {
    const before = await chart('by-year', { measure: 'reported' }, true);
    const again = await createDemoObservatory(t.context);
    expect(again).toMatchObject({
      objects: { created: 0, unchanged: first.objects.created },
      incidents: 0,
      sightings: 0,
      recoveries: 0,
      alreadyRecorded: first.incidents,
      resources: { dataset: 'unchanged', library: { created: 0, unchanged: 4 } },
    });
    expect((await t.context.library.search(null, { q: DEMO_LIBRARY_SOURCE })).total).toBe(4);
    expect((await t.context.externalDatasets.list()).filter((dataset) => dataset.slug === DEMO_DATASET_SLUG)).toHaveLength(1);
    expect(await chart('by-year', { measure: 'reported' }, true)).toEqual(before);
  });

  it('shows each fictional sighting with its placeholder photo, as notifications and histories link it', async () => {
    const sighting = await t.context.db.selectFrom('sightings').select('id').limit(1).executeTakeFirstOrThrow();
    const headers = { Authorization: `Bearer ${await t.token('investigator')}` };
    const thumbnail = await t.app.request(`/media/sightings/${sighting.id}/thumbnail`, { headers });
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get('Content-Type')).toBe('image/webp');
    expect((await t.app.request(`/media/sightings/${sighting.id}`, { headers })).headers.get('Content-Type')).toBe('image/jpeg');
  });

  it('adds an illustrative external dataset, labelled fictional, whose totals add up', async () => {
    expect(first.resources.dataset).toBe('created');
    const dataset = await t.context.externalDatasets.get(DEMO_DATASET_SLUG);
    expect(dataset.title).toMatch(/illustrative, fictional/);
    expect(dataset.caveats).toMatch(/^Illustrative figures invented for the demonstration/);
    expect(dataset.shape).toEqual({ area: 'region', year: true });
    expect(dataset.rows.filter((row) => row.year === 2026).length).toBeGreaterThan(3);
  });

  it('adds a document, a Red List’s law, a case study of a recovered demo object and a news item, in three languages, for everyone to read', async () => {
    expect(first.resources.library).toEqual({ created: 4, unchanged: 0 });
    const { items } = await t.context.library.search(null, { q: DEMO_LIBRARY_SOURCE });
    expect(items.map((item) => item.kind).sort()).toEqual(['case-study', 'document', 'law', 'news']);
    for (const item of items) {
      expect(item.source).toBe(DEMO_LIBRARY_SOURCE);
      expect(Object.keys(item.texts).sort(), item.texts.en?.title).toEqual(['en', 'es', 'fr']);
      expect(item.texts.en?.body).toContain('Demonstration content written for Egide');
      expect(item.texts.fr?.body).toContain('Contenu de démonstration');
    }
    const law = items.find((item) => item.kind === 'law')!;
    expect(law.countries).toEqual(['LB']);
    expect(law.texts.en?.body).toMatch(/^Decree 166\/1933.*From the legal section of the Red List/);
    const study = items.find((item) => item.kind === 'case-study')!;
    expect(study.listed).toBe(true);
    const object = await t.context.objects.get(await t.context.accounts.servicePrincipal('secretariat', 'admin'), study.objectId!);
    expect(['recovered', 'found']).toContain(object.status);
    expect(object.organisation.slug).toBe(DEMO_OBSERVATORY_SLUG);
  });

  it('labels its organisation and objects as fictional', async () => {
    const organisation = await t.context.organisations.findBySlug(DEMO_OBSERVATORY_SLUG);
    expect(organisation?.name).toMatch(/^Demo .*fictional/);
    const row = await t.context.objectRepository.findByInventoryNumber(organisation!.id, 'DEMO-OBS-2026-001');
    expect(JSON.parse(row!.description).description).toMatchObject({ en: expect.stringMatching(/^Fictional record for the demonstration/), fr: expect.stringMatching(/^Fiche fictive/) });
  });
});
