import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../../http/problem.js';
import { registryTokens, type RegistryTokens } from '../../test-support/registry.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { makeObject, principalOf } from './evacuation.test-support.js';

const BASE = '/api/v1';
let t: TestApp;
let tokens: RegistryTokens;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  tokens = await registryTokens(t);
  const louvre = await principalOf(t, tokens.louvre);
  for (const number of ['EV-1', 'EV-2', 'EV-3', 'EV-4']) ids[number] = await makeObject(t, louvre, number, `Vase ${number}`);
});
afterAll(() => t.close());

function call(method: string, path: string, token: string | undefined, body?: unknown) {
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return t.app.request(`${BASE}${path}`, { method, headers, body: body === undefined ? null : JSON.stringify(body) });
}

async function ok<T>(response: Response, status = 200): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

async function problemFields(response: Response): Promise<string[]> {
  expect(response.status).toBe(400);
  return ((await response.json()) as Problem).errors?.map((issue) => issue.field) ?? [];
}

const b1 = { building: 'B1', floor: '2', room: '204', unit: 'C', shelf: '3' };

describe('an object’s evacuation plan', () => {
  it('is set by the museum’s registrar and read back with its location code', async () => {
    const plan = await ok<{ priority: number; locationCode: string; packing: string[] }>(
      await call('PUT', `/objects/${ids['EV-1']}/evacuation-plan`, tokens.louvre, { priority: 1, location: b1, handling: 'By the base', packing: ['crate', 'fragile', 'crate'] }),
    );
    expect([plan.priority, plan.locationCode, plan.packing]).toEqual([1, 'B1-2-204-C-3', ['crate', 'fragile']]);
    const read = await ok<{ plan: { handling: string } | null; inventoryNumber: string }>(await call('GET', `/objects/${ids['EV-1']}/evacuation-plan`, tokens.admin));
    expect([read.inventoryNumber, read.plan?.handling]).toEqual(['EV-1', 'By the base']);
    expect((await ok<{ plan: unknown }>(await call('GET', `/objects/${ids['EV-2']}/evacuation-plan`, tokens.louvre))).plan).toBeNull();
  });

  it('names each invalid field: priority out of range, building missing, a part too long, an unknown packing need', async () => {
    const fields = await problemFields(
      await call('PUT', `/objects/${ids['EV-2']}/evacuation-plan`, tokens.louvre, { priority: 4, location: { building: ' ', room: 'x'.repeat(41) }, packing: ['bubble-wrap'] }),
    );
    expect(fields.sort()).toEqual(['location.building', 'location.room', 'packing.0', 'priority']);
    expect(await problemFields(await call('PUT', `/objects/${ids['EV-2']}/evacuation-plan`, tokens.louvre, { priority: 0, location: b1 }))).toEqual(['priority']);
  });

  it('is never shown to or changed by another museum, investigators or the public', async () => {
    const path = `/objects/${ids['EV-1']}/evacuation-plan`;
    // Another museum does not see a private object at all: as if it did not exist.
    expect((await call('GET', path, tokens.prado)).status).toBe(404);
    expect((await call('PUT', path, tokens.prado, { priority: 3, location: b1 })).status).toBe(404);
    expect((await call('POST', `/objects/${ids['EV-1']}/movements`, tokens.prado, { to: { building: 'X' }, condition: 'good' })).status).toBe(404);
    expect((await call('GET', path, tokens.investigator)).status).toBe(403);
    expect((await call('GET', path, undefined)).status).toBe(401);
    const plans = await ok<{ items: Array<{ objectId: string }> }>(await call('GET', '/evacuation/plans', tokens.prado));
    expect(plans.items.map((item) => item.objectId)).not.toContain(ids['EV-1']);
    expect((await call('GET', '/evacuation/plans?organisation=louvre', tokens.prado)).status).toBe(403);
    // Nothing they tried changed it.
    expect((await ok<{ plan: { priority: number } }>(await call('GET', path, tokens.louvre))).plan.priority).toBe(1);
  });

  it('is removed, and the removal enters the history', async () => {
    await ok(await call('PUT', `/objects/${ids['EV-4']}/evacuation-plan`, tokens.louvre, { priority: 3, location: { building: 'B9' } }));
    expect((await call('DELETE', `/objects/${ids['EV-4']}/evacuation-plan`, tokens.louvre)).status).toBe(204);
    expect((await call('DELETE', `/objects/${ids['EV-4']}/evacuation-plan`, tokens.louvre)).status).toBe(404);
    const { items: history } = await ok<{ items: Array<{ action: string }> }>(await call('GET', `/objects/${ids['EV-4']}/history`, tokens.louvre));
    expect(history.map((entry) => entry.action).slice(0, 2)).toEqual(['evacuation-plan-removed', 'evacuation-plan-set']);
  });
});

describe('plans in bulk', () => {
  it('imports a CSV all or nothing, naming each wrong line, and lists the museum’s objects by priority and location', async () => {
    const send = (csv: string, token = tokens.louvre) => {
      const form = new FormData();
      form.append('file', new File([csv], 'plans.csv', { type: 'text/csv' }));
      return t.app.request(`${BASE}/evacuation/plans/import`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
    };
    const refused = await send('inventory_number,priority,building,room\nEV-2,1,B1,10\nEV-9,2,B1,1\nEV-3,5,B1,2\n');
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as Problem).errors?.map((issue) => issue.field)).toEqual(['line 4: priority', 'line 3: inventory_number']);
    expect((await ok<{ plan: unknown }>(await call('GET', `/objects/${ids['EV-2']}/evacuation-plan`, tokens.louvre))).plan).toBeNull();
    const done = await ok<{ updated: number; warnings: Array<{ field: string }> }>(await send('inventory_number;priority;building;floor;room;packing\nEV-2;1;B1;2;10;tube|gift wrap\nEV-3;1;B1;2;9;\n'));
    expect([done.updated, done.warnings.map((w) => w.field)]).toEqual([2, ['line 2: packing']]);
    const list = await ok<{ items: Array<{ inventoryNumber: string; plan: { locationCode: string } | null }>; counts: Record<string, number> }>(await call('GET', '/evacuation/plans', tokens.louvre));
    // Priority 1 in walking order (room 9 before 10 before 204), then the object without a plan.
    expect(list.items.map((item) => [item.inventoryNumber, item.plan?.locationCode ?? null])).toEqual([
      ['EV-3', 'B1-2-9'],
      ['EV-2', 'B1-2-10'],
      ['EV-1', 'B1-2-204-C-3'],
      ['EV-4', null],
    ]);
    expect(list.counts).toEqual({ 1: 3, 2: 0, 3: 0, none: 1 });
    const filtered = await ok<{ items: Array<{ inventoryNumber: string }> }>(await call('GET', '/evacuation/plans?priority=none', tokens.louvre));
    expect(filtered.items.map((item) => item.inventoryNumber)).toEqual(['EV-4']);
    expect(await problemFields(await call('GET', '/evacuation/plans?priority=7', tokens.louvre))).toEqual(['priority']);
  });
});

describe('movements', () => {
  it('records a movement into the object’s history and moves its plan', async () => {
    const movement = await ok<{ from: string; to: string; condition: string; mover: string }>(
      await call('POST', `/objects/${ids['EV-1']}/movements`, tokens.louvre, { to: { building: 'Depot', room: '4' }, condition: 'minor-damage', note: 'Corner chipped' }),
      201,
    );
    expect([movement.from, movement.to, movement.condition]).toEqual(['B1-2-204-C-3', 'Depot-4', 'minor-damage']);
    const read = await ok<{ plan: { locationCode: string }; movements: Array<{ to: string }> }>(await call('GET', `/objects/${ids['EV-1']}/evacuation-plan`, tokens.louvre));
    expect([read.plan.locationCode, read.movements.map((m) => m.to)]).toEqual(['Depot-4', ['Depot-4']]);
    const { items: history } = await ok<{ items: Array<{ action: string; reason: string; changes: Record<string, unknown> }> }>(await call('GET', `/objects/${ids['EV-1']}/history`, tokens.louvre));
    expect(history[0]).toMatchObject({ action: 'evacuation-moved', reason: 'B1-2-204-C-3 → Depot-4 — Corner chipped', changes: { location: ['B1-2-204-C-3', 'Depot-4'], condition: 'minor-damage' } });
    const audit = await ok<{ items: Array<{ targetId: string; details: Record<string, unknown> }> }>(await call('GET', `/audit?action=evacuation.move&target=${ids['EV-1']}`, tokens.admin));
    expect(audit.items.map((entry) => entry.details)).toEqual([{ objects: [ids['EV-1']], to: 'Depot-4', condition: 'minor-damage', movedAt: expect.any(String) }]);
  });

  it('records a batch all or nothing, naming inventory numbers no object has', async () => {
    const fields = await problemFields(await call('POST', '/evacuation/movements', tokens.louvre, { inventoryNumbers: ['EV-2', 'EV-404'], to: { building: 'Truck 1' }, condition: 'good' }));
    expect(fields).toEqual(['inventoryNumbers.1']);
    const { items } = await ok<{ items: Array<{ inventoryNumber: string; from: string | null }> }>(
      await call('POST', '/evacuation/movements', tokens.louvre, { inventoryNumbers: ['EV-2', 'EV-4'], to: { building: 'Truck 1' }, condition: 'good' }),
      201,
    );
    expect(items.map((m) => [m.inventoryNumber, m.from])).toEqual([
      ['EV-2', 'B1-2-10'],
      ['EV-4', null],
    ]);
    // One audit entry for the batch, naming both objects; the refused batch left none.
    const audit = await ok<{ items: Array<{ details: { objects: string[]; to: string } }> }>(await call('GET', '/audit?action=evacuation.move', tokens.admin));
    expect(audit.items.filter((entry) => entry.details.to === 'Truck 1').map((entry) => entry.details.objects)).toEqual([[ids['EV-2'], ids['EV-4']]]);
    const listed = await ok<{ total: number; items: Array<{ inventoryNumber: string }> }>(await call('GET', '/evacuation/movements', tokens.louvre));
    expect(listed.total).toBe(3);
    expect((await ok<{ total: number }>(await call('GET', '/evacuation/movements', tokens.prado))).total).toBe(0);
  });

  it('refuses a movement dated in the future, naming movedAt', async () => {
    const future = new Date(Date.now() + 24 * 3600 * 1000).toISOString();
    expect(await problemFields(await call('POST', `/objects/${ids['EV-3']}/movements`, tokens.louvre, { to: { building: 'X' }, condition: 'good', movedAt: future }))).toEqual(['movedAt']);
    expect(await problemFields(await call('POST', `/objects/${ids['EV-3']}/movements`, tokens.louvre, { to: { building: 'X' }, condition: 'lost' }))).toEqual(['condition']);
  });

  it('counts the objects evacuated per museum since a date, once each, for the emergency dashboard', async () => {
    const louvre = (await t.context.organisations.findBySlug('louvre'))!.id;
    const prado = (await t.context.organisations.findBySlug('prado'))!.id;
    expect(await t.context.evacuationPlans.countEvacuated([louvre, prado], '2000-01-01')).toBe(3);
    expect(await t.context.evacuationPlans.countEvacuated([prado], '2000-01-01')).toBe(0);
    expect(await t.context.evacuationPlans.countEvacuated([louvre], '2999-01-01')).toBe(0);
  });
});
