import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../roles.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { registryTokens, type RegistryTokens } from '../test-support/registry.js';
import type { ObservatoryChart } from './observatory-figures.js';
import { recover, reportObject, sight } from './observatory.test-support.js';
import { ObservatoryRepository } from './observatory.repository.js';
import { ObservatoryService } from './observatory.service.js';

let t: TestApp;
let tokens: RegistryTokens;
const admin: Principal = { userId: 1, displayName: 'Admin', role: 'admin', organisationId: 1, organisationSlug: 'secretariat', via: 'token' };

const exact = (chart: ObservatoryChart) => Object.fromEntries(chart.rows.map((row) => [row.key, 'value' in row.count ? row.count.value : -1]));
const total = (chart: ObservatoryChart) => ('value' in chart.total ? chart.total.value : -1);

beforeAll(async () => {
  t = await createTestApp();
  tokens = await registryTokens(t);
});
afterAll(() => t.close());

describe('the aggregate follows the registry', () => {
  it('counts a reported incident by country, type (with broader types), period, place, method and month', async () => {
    const observatory = t.context.observatory;
    const id = await reportObject(t, tokens.louvre, { type: 'oil paintings', material: 'oil paint', earliest: 1850, latest: 1870, country: 'FR', placeKind: 'museum', method: 'burglary', reportedOn: '2024-03-15' });
    expect(id).toBeTruthy();
    const filters = { from: 2024, to: 2024 };
    expect(exact(await observatory.chart('by-country', filters, admin, 'en'))).toEqual({ FR: 1 });
    expect(exact(await observatory.chart('by-region', filters, admin, 'en'))).toEqual({ '150': 1 });
    expect(exact(await observatory.chart('by-month', filters, admin, 'en'))).toEqual({ '2024-03': 1 });
    expect(exact(await observatory.chart('by-period', filters, admin, 'en'))).toEqual({ 'century-19': 1 });
    expect(exact(await observatory.chart('by-place-kind', filters, admin, 'en'))).toEqual({ museum: 1 });
    expect(exact(await observatory.chart('by-method', filters, admin, 'en'))).toEqual({ burglary: 1 });
    // Oil paintings count under visual works at the top level, under paintings when filtered on them.
    expect(exact(await observatory.chart('by-type', filters, admin, 'en'))).toEqual({ 'visual-works': 1 });
    expect(exact(await observatory.chart('by-type', { ...filters, type: 'paintings' }, admin, 'en'))).toEqual({ 'oil-paintings': 1 });
    expect(total(await observatory.chart('by-country', { ...filters, type: 'visual-works' }, admin, 'en'))).toBe(1);
    expect(total(await observatory.chart('by-country', { ...filters, type: 'sculpture' }, admin, 'en'))).toBe(0);
  });

  it('moves the figures when the object is recovered, sighted, and when a sighting or incident is deleted', async () => {
    const observatory = t.context.observatory;
    const filters = { from: 2023, to: 2023 };
    const id = await reportObject(t, tokens.prado, { country: 'ES', reportedOn: '2023-01-01' });
    expect(total(await observatory.chart('by-country', { ...filters, status: 'stolen' }, admin, 'en'))).toBe(1);
    await recover(t, tokens.prado, id);
    expect(total(await observatory.chart('by-country', { ...filters, status: 'stolen' }, admin, 'en'))).toBe(0);
    expect(total(await observatory.chart('by-country', { ...filters, status: 'recovered' }, admin, 'en'))).toBe(1);
    const recovered = await observatory.chart('by-country', { measure: 'recovered' }, admin, 'en');
    expect(exact(recovered)['ES']).toBe(1);
    const outcomes = await observatory.chart('outcomes', { country: 'ES' }, admin, 'en');
    expect(outcomes.outcome?.shareRecovered).toBe(1);
    expect(outcomes.outcome?.medianDaysToRecovery).toBeGreaterThan(300);

    await sight(t, id, 'DE');
    expect(exact(await observatory.chart('flows', {}, admin, 'en'))).toMatchObject({ 'ES>DE': 1 });
    const flows = await observatory.chart('flows', {}, admin, 'en');
    expect(flows.rows.find((row) => row.key === 'ES>DE')).toMatchObject({ from: 'ES', to: 'DE' });
    expect(exact(await observatory.chart('by-country', { measure: 'sightings' }, admin, 'en'))).toEqual({ DE: 1 });

    // The registry deletes nothing; a correction made in the database is followed all the same.
    const seq = (await t.context.db.selectFrom('objects').select('seq').where('id', '=', id).executeTakeFirstOrThrow()).seq;
    await t.context.db.deleteFrom('sightings').where('object_seq', '=', seq).execute();
    expect(await observatory.chart('flows', {}, admin, 'en')).toMatchObject({ rows: [] });
    await t.context.db.deleteFrom('incidents').where('object_seq', '=', seq).execute();
    expect(total(await observatory.chart('by-country', filters, admin, 'en'))).toBe(0);
  });

  it('follows a reported object whose materials are edited, and ignores the materials of objects never reported', async () => {
    const observatory = t.context.observatory;
    const filters = { from: 2021, to: 2021 };
    const id = await reportObject(t, tokens.louvre, { material: 'oil paint', reportedOn: '2021-06-01' });
    expect(exact(await observatory.chart('by-material', filters, admin, 'en'))).toEqual({ 'oil-paint': 1 });
    const registrar = (await t.context.accounts.principalFromApiToken(tokens.louvre))!;
    const stored = await t.context.objects.get(registrar, id);
    await t.context.objects.update(registrar, id, { description: { materials: [{ label: { en: 'bronze' } }] } }, stored.version);
    expect(exact(await observatory.chart('by-material', filters, admin, 'en'))).toEqual({ bronze: 1 });
    const dirty = async () => Number((await t.context.db.selectFrom('observatory_dirty').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await dirty();
    await t.context.objects.upsertMany(registrar, registrar.organisationId, [{ description: { ...stored.description, inventoryNumber: 'OBS never reported', materials: [{ label: { en: 'wood' } }] } }], 'test import');
    expect(await dirty()).toBe(before);
  });

  it('moves the version (and so the cache) only when a count changes', async () => {
    const observatory = t.context.observatory;
    const before = await observatory.chart('by-year', {}, admin, 'en');
    expect((await observatory.chart('by-year', {}, admin, 'en')).updatedAt).toBe(before.updatedAt);
    await reportObject(t, tokens.louvre, { country: 'IT', reportedOn: '2022-05-01' });
    const after = await observatory.chart('by-year', {}, admin, 'en');
    expect(exact(after)['2022']).toBe((exact(before)['2022'] ?? 0) + 1);
  });

  it('brings another process up to date with the objects changed since, whatever wrote them', async () => {
    // Another process: a service of its own on the same database, its facts loaded before the writes.
    const other = new ObservatoryService(new ObservatoryRepository(t.context.db));
    const before = total(await other.chart('by-country', { country: 'PT' }, admin, 'en'));
    const id = await reportObject(t, tokens.louvre, { country: 'PT', reportedOn: '2020-02-02' });
    // An import writing incidents straight into the database is followed too (triggers mark the object).
    const seq = (await t.context.db.selectFrom('objects').select('seq').where('id', '=', id).executeTakeFirstOrThrow()).seq;
    await t.context.db
      .insertInto('incidents')
      .values({ id: 'imported-incident', object_seq: seq, reference: 'IMP-1', method: 'looting', discovered_on: null, reported_on: '2020-03-03', reporter: 'Import', reporter_contact: null, circumstances: null, police_report_number: null, place: null, country: 'PT', place_kind: 'archaeological-site', publish: 0, created_at: '2020-03-03T00:00:00.000Z', created_by: null, emergency_id: null })
      .execute();
    expect(total(await other.chart('by-country', { country: 'PT' }, admin, 'en'))).toBe(before + 2);
    expect(exact(await other.chart('by-place-kind', { country: 'PT' }, admin, 'en'))).toMatchObject({ 'archaeological-site': 1 });
    expect(total(await t.context.observatory.chart('by-country', { country: 'PT' }, admin, 'en'))).toBe(before + 2);
  });

  it('loads every fact ahead of the first chart, so that the first visitor reads nothing more', async () => {
    const repository = new ObservatoryRepository(t.context.db);
    const service = new ObservatoryService(repository);
    let sourceReads = 0;
    const everySource = repository.everySource.bind(repository);
    repository.everySource = (...args) => {
      sourceReads += 1;
      return everySource(...args);
    };
    await service.load();
    expect(sourceReads).toBe(1);
    await service.chart('by-country', {}, admin, 'en');
    expect(sourceReads).toBe(1);
  });

  it('shows the public only groups of 5 or more, rounded', async () => {
    const observatory = t.context.observatory;
    for (let i = 0; i < 7; i += 1) await reportObject(t, tokens.louvre, { country: 'BE', reportedOn: '2021-06-01' });
    await reportObject(t, tokens.louvre, { country: 'NL', reportedOn: '2021-06-01' });
    const chart = await observatory.chart('by-country', { from: 2021, to: 2021 }, null, 'fr');
    expect(chart.exact).toBe(false);
    // 7 Belgian paintings stolen in 2021 (one group, rounded to 5); the Dutch one is in a group under 5.
    expect(chart.rows).toEqual([{ key: 'BE', label: 'Belgique', count: { value: 5 } }]);
    expect(chart.total).toEqual({ value: 5 });
    expect((await observatory.chart('by-country', { from: 2021, to: 2021, country: 'NL' }, null, 'fr')).total).toEqual({ fewerThan: 5 });
    expect(observatory.drillThrough(null, {})).toBeNull();
    expect(observatory.drillThrough(admin, { from: 2021 }, { chart: 'by-country', key: 'BE' }, 'fr')).toBe('/fr/search?country=BE&status=stolen&status=missing');
  });
});
