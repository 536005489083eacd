import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryTokens, type RegistryTokens } from '../test-support/registry.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { emptyDescription } from './object-record.js';

/** Medium tests of the registry API against a real database: visibility, concurrency, lifecycle, history. */
let t: TestApp;
let tokens: RegistryTokens;

const json = (token: string | null, body?: unknown, extra: Record<string, string> = {}) => ({
  headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), 'Content-Type': 'application/json', ...extra },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

async function createObject(token: string, description: Record<string, unknown>, sensitive?: Record<string, string>) {
  const response = await t.app.request('/api/v1/objects', { method: 'POST', ...json(token, { description, sensitive }) });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; version: number; status: string; inventoryNumber: string | null; description: Record<string, unknown> };
}

const get = (id: string, token: string | null) => t.app.request(`/api/v1/objects/${id}`, json(token));

beforeAll(async () => {
  t = await createTestApp();
  tokens = await registryTokens(t);
});
afterAll(() => t.close());

describe('creating objects', () => {
  it('creates an object for the registrar’s organisation, with an ETag and a Location', async () => {
    const response = await t.app.request('/api/v1/objects', {
      method: 'POST',
      ...json(tokens.louvre, {
        description: {
          inventoryNumber: 'INV 1',
          title: { fr: 'Portrait d’un évêque', en: 'Portrait of a bishop' },
          objectType: [{ label: { en: 'paintings' } }, { label: { en: 'oil paintings' } }],
          measurements: [{ dimension: 'height', value: 350, unit: 'mm' }],
        },
      }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('ETag')).toBe('"v1"');
    const body = (await response.json()) as { id: string; organisation: { slug: string }; status: string; completeness: { missing: string[] } };
    expect(response.headers.get('Location')).toBe(`/api/v1/objects/${body.id}`);
    expect(body.organisation.slug).toBe('louvre');
    expect(body.status).toBe('in-collection');
    expect(body.completeness.missing).toContain('photographs');
    expect(body.completeness.missing).not.toContain('objectType');
    expect(body.id).toMatch(/^[0-9a-z]{16}$/);
  });

  it('names each invalid field in a 400 problem document', async () => {
    const response = await t.app.request('/api/v1/objects', {
      method: 'POST',
      ...json(tokens.louvre, {
        description: { inventoryNumber: '', measurements: [{ dimension: 'weight', value: 3, unit: 'cm' }], dating: { display: 'x', earliest: 1900, latest: 1800 } },
      }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('Content-Type')).toBe('application/problem+json');
    const fields = ((await response.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['description.inventoryNumber', 'description.measurements.0.unit', 'description.dating.latest']));
  });

  it('refuses a duplicate inventory number in the same organisation with 409, not in another', async () => {
    await createObject(tokens.louvre, { inventoryNumber: 'DUP-1' });
    const again = await t.app.request('/api/v1/objects', { method: 'POST', ...json(tokens.louvre, { description: { inventoryNumber: 'DUP-1' } }) });
    expect(again.status).toBe(409);
    await createObject(tokens.prado, { inventoryNumber: 'DUP-1' });
  });

  it('takes an object without inventory number (a placeholder counts as none, kept as written), and keeps If-Match on edits that give it one', async () => {
    const missing = await createObject(tokens.louvre, { title: { en: 'Unnumbered jug' } });
    expect(missing).toMatchObject({ inventoryNumber: null, completeness: { inventoryNumber: { state: 'missing' } } });
    const placeholder = await createObject(tokens.louvre, { inventoryNumber: 's.n.', title: { en: 'Jug' } });
    expect(placeholder).toMatchObject({ inventoryNumber: null, description: { inventoryNumberPlaceholder: 's.n.' }, completeness: { inventoryNumber: { state: 'missing', placeholder: 's.n.' } } });
    expect(placeholder.description).not.toHaveProperty('inventoryNumber');
    await createObject(tokens.louvre, { inventoryNumber: 'NUM-1' });
    const patch = (number: string, version: string) =>
      t.app.request(`/api/v1/objects/${placeholder.id}`, { method: 'PATCH', ...json(tokens.louvre, { description: { inventoryNumber: number } }, { 'If-Match': version }) });
    expect((await patch('NUM-1', '"v1"')).status).toBe(409); // another object's number
    expect((await patch('NUM-2', '"v0"')).status).toBe(412);
    const numbered = await patch('NUM-2', '"v1"');
    expect(numbered.status).toBe(200);
    const body = (await numbered.json()) as { inventoryNumber: string; description: Record<string, unknown> };
    expect(body.inventoryNumber).toBe('NUM-2');
    expect(body.description).not.toHaveProperty('inventoryNumberPlaceholder');
  });

  it('needs a registrar or admin token: 401 without, 403 for an investigator', async () => {
    const body = { description: { inventoryNumber: 'X-1' } };
    expect((await t.app.request('/api/v1/objects', { method: 'POST', ...json(null, body) })).status).toBe(401);
    expect((await t.app.request('/api/v1/objects', { method: 'POST', ...json(tokens.investigator, body) })).status).toBe(403);
    expect((await t.app.request('/api/v1/objects', { method: 'POST', ...json(tokens.prado, { ...body, organisation: 'louvre' }) })).status).toBe(403);
  });
});

describe('visibility', () => {
  let privateId: string;
  let reportedId: string;
  let publishedId: string;

  beforeAll(async () => {
    privateId = (await createObject(tokens.louvre, { inventoryNumber: 'VIS-1' }, { storageLocation: 'Reserve B, shelf 4' })).id;
    reportedId = (await createObject(tokens.louvre, { inventoryNumber: 'VIS-2' })).id;
    publishedId = (await createObject(tokens.louvre, { inventoryNumber: 'VIS-3' }, { storageLocation: 'Room 12' })).id;
    const report = (id: string, publish: boolean) =>
      t.app.request(`/api/v1/objects/${id}/incidents`, {
        method: 'POST',
        ...json(tokens.louvre, { method: 'theft', reporter: 'Head of security', reporterContact: '+33 1 00 00 00 00', place: 'Room 12, case 3', publish }),
      });
    expect((await report(reportedId, false)).status).toBe(201);
    expect((await report(publishedId, true)).status).toBe(201);
  });

  it('keeps an inventory private to its organisation: outsiders get 404 as if it did not exist', async () => {
    expect((await get(privateId, tokens.louvre)).status).toBe(200);
    expect((await get(privateId, tokens.admin)).status).toBe(200);
    for (const token of [null, tokens.prado, tokens.investigator]) expect((await get(privateId, token)).status).toBe(404);
    expect((await get('0000000000000000', tokens.louvre)).status).toBe(404);
  });

  it('shows investigators every reported object, published or not', async () => {
    expect((await get(reportedId, tokens.investigator)).status).toBe(200);
    expect((await get(reportedId, null)).status).toBe(404);
    expect((await get(reportedId, tokens.prado)).status).toBe(404);
  });

  it('publishes an object reported with consent, without its sensitive fields', async () => {
    const response = await get(publishedId, null);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown> & { incidents: Array<Record<string, unknown>>; onAlertList: boolean; status: string };
    expect(body.onAlertList).toBe(true);
    expect(body.status).toBe('stolen');
    expect(body).not.toHaveProperty('sensitive');
    expect(body.incidents[0]).not.toHaveProperty('reporterContact');
    expect(body.incidents[0]).not.toHaveProperty('place');
    expect(JSON.stringify(body)).not.toContain('Room 12');
    const forInvestigator = (await (await get(publishedId, tokens.investigator)).json()) as { sensitive: { storageLocation: string }; incidents: Array<{ place: string }> };
    expect(forInvestigator.sensitive.storageLocation).toBe('Room 12');
    expect(forInvestigator.incidents[0]?.place).toBe('Room 12, case 3');
  });

  it('answers 404 to outsiders who try to write, 403 to those who can see but not edit', async () => {
    const patch = (id: string, token: string) =>
      t.app.request(`/api/v1/objects/${id}`, { method: 'PATCH', ...json(token, { description: { title: { en: 'x' } } }, { 'If-Match': '"v1"' }) });
    expect((await patch(privateId, tokens.prado)).status).toBe(404);
    expect((await patch(publishedId, tokens.prado)).status).toBe(403);
    expect((await patch(reportedId, tokens.investigator)).status).toBe(403);
  });

  it('keeps the history for the owner, investigators and admins only', async () => {
    const history = await t.app.request(`/api/v1/objects/${publishedId}/history`, json(tokens.louvre));
    expect(history.status).toBe(200);
    const actions = ((await history.json()) as { items: Array<{ action: string }> }).items.map((entry) => entry.action);
    expect(actions).toEqual(['incident-reported', 'created']);
    expect((await t.app.request(`/api/v1/objects/${publishedId}/history`, json(null))).status).toBe(403);
    expect((await t.app.request(`/api/v1/objects/${privateId}/history`, json(tokens.prado))).status).toBe(404);
  });
});

describe('editing with optimistic concurrency', () => {
  it('applies an edit sent with the current ETag, and refuses a stale one without losing the first', async () => {
    const { id } = await createObject(tokens.louvre, { inventoryNumber: 'ETAG-1', title: { en: 'Vase' } });
    const first = await t.app.request(`/api/v1/objects/${id}`, {
      method: 'PATCH',
      ...json(tokens.louvre, { description: { subject: { en: 'a dragon' } }, reason: 'catalogued' }, { 'If-Match': '"v1"' }),
    });
    expect(first.status).toBe(200);
    expect(first.headers.get('ETag')).toBe('"v2"');
    const stale = await t.app.request(`/api/v1/objects/${id}`, {
      method: 'PATCH',
      ...json(tokens.louvre, { description: { subject: { en: 'a phoenix' } } }, { 'If-Match': '"v1"' }),
    });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('ETag')).toBe('"v2"');
    const stored = (await (await get(id, tokens.louvre)).json()) as { description: { subject: Record<string, string>; title: Record<string, string> } };
    expect(stored.description.subject).toEqual({ en: 'a dragon' });
    // A partial edit leaves the other fields as they were.
    expect(stored.description.title).toEqual({ en: 'Vase' });
  });

  it('refuses a weak ETag in If-Match with 412, even the current version’s (If-Match compares strongly), and changes nothing', async () => {
    const { id } = await createObject(tokens.louvre, { inventoryNumber: 'ETAG-W', title: { en: 'Cup' } });
    const weak = await t.app.request(`/api/v1/objects/${id}`, { method: 'PATCH', ...json(tokens.louvre, { description: { title: { en: 'x' } } }, { 'If-Match': 'W/"v1"' }) });
    expect(weak.status).toBe(412);
    const status = await t.app.request(`/api/v1/objects/${id}/status`, { method: 'POST', ...json(tokens.louvre, { status: 'missing', reason: 'x' }, { 'If-Match': 'W/"v1"' }) });
    expect(status.status).toBe(412);
    const stored = await get(id, tokens.louvre);
    expect(stored.headers.get('ETag')).toBe('"v1"');
    expect(((await stored.json()) as { description: { title: Record<string, string> } }).description.title).toEqual({ en: 'Cup' });
  });

  it('requires If-Match: 428 without it', async () => {
    const { id } = await createObject(tokens.louvre, { inventoryNumber: 'ETAG-2' });
    const response = await t.app.request(`/api/v1/objects/${id}`, { method: 'PATCH', ...json(tokens.louvre, { description: { title: { en: 'x' } } }) });
    expect(response.status).toBe(428);
  });

  it('records who changed what and why in the history', async () => {
    const { id } = await createObject(tokens.louvre, { inventoryNumber: 'HIST-1', title: { en: 'Bowl' } });
    await t.app.request(`/api/v1/objects/${id}`, {
      method: 'PATCH',
      ...json(tokens.louvre, { description: { title: { en: 'Bowl with lid' } }, reason: 'lid found in store' }, { 'If-Match': '"v1"' }),
    });
    const [latest] = ((await (await t.app.request(`/api/v1/objects/${id}/history`, json(tokens.louvre))).json()) as {
      items: Array<{ action: string; reason: string; actor: string; changes: Record<string, unknown> }>;
    }).items;
    expect(latest).toMatchObject({ action: 'updated', reason: 'lid found in store', changes: { title: [{ en: 'Bowl' }, { en: 'Bowl with lid' }] } });
    expect(latest?.actor).toContain('Musée du Louvre');
  });

  it('keeps the history append-only even for code that tries to rewrite it', async () => {
    await expect(sql`update object_history set reason = 'rewritten'`.execute(t.context.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from object_history`.execute(t.context.db)).rejects.toThrow(/append-only/);
  });
});

describe('status lifecycle', () => {
  const move = (id: string, status: string, reason = 'checked') =>
    t.app.request(`/api/v1/objects/${id}/status`, { method: 'POST', ...json(tokens.louvre, { status, reason }) });

  it('goes stolen → recovered → back in collection, leaving the alert list', async () => {
    const { id } = await createObject(tokens.louvre, { inventoryNumber: 'LIFE-1' });
    await t.app.request(`/api/v1/objects/${id}/incidents`, { method: 'POST', ...json(tokens.louvre, { method: 'theft', reporter: 'Registrar', publish: true }) });
    expect((await get(id, null)).status).toBe(200);
    const recovered = await move(id, 'recovered', 'seized by customs');
    expect(recovered.status).toBe(200);
    expect(((await recovered.json()) as { onAlertList: boolean }).onAlertList).toBe(false);
    expect((await get(id, null)).status).toBe(404);
    expect((await move(id, 'in-collection', 'returned')).status).toBe(200);
  });

  it('refuses transitions the lifecycle does not allow, and stolen without an incident', async () => {
    const { id } = await createObject(tokens.louvre, { inventoryNumber: 'LIFE-2' });
    expect((await move(id, 'recovered')).status).toBe(400);
    expect((await move(id, 'stolen')).status).toBe(400);
    const loss = await t.app.request(`/api/v1/objects/${id}/incidents`, { method: 'POST', ...json(tokens.louvre, { method: 'loss', reporter: 'Registrar', publish: false }) });
    expect(((await loss.json()) as { status: string }).status).toBe('missing');
    expect((await move(id, 'found')).status).toBe(200);
  });
});

describe('batch upsert (imports)', () => {
  it('creates, then updates or leaves unchanged on a re-run, keyed on inventory number', async () => {
    const louvre = (await t.context.organisations.findBySlug('louvre'))!;
    const actor = (await t.context.accounts.principalFromApiToken(tokens.louvre))!;
    const items = [
      { description: { ...emptyDescription(), inventoryNumber: 'B-1', title: { en: 'One' } } },
      { description: { ...emptyDescription(), inventoryNumber: 'B-2', title: { en: 'Two' } } },
    ];
    expect(await t.context.objects.upsertMany(actor, louvre.id, items, 'test import')).toMatchObject({ created: 2, updated: 0, unchanged: 0 });
    items[1]!.description.title = { en: 'Two, revised' };
    expect(await t.context.objects.upsertMany(actor, louvre.id, items, 'test import')).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    const count = await t.context.db.selectFrom('objects').select((eb) => eb.fn.countAll<number>().as('n')).where('inventory_number', 'in', ['B-1', 'B-2']).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2);
  });

  it('writes items prepared ahead (prepareUpsert, as imports do) exactly as the same items given plain', async () => {
    const louvre = (await t.context.organisations.findBySlug('louvre'))!;
    const actor = (await t.context.accounts.principalFromApiToken(tokens.louvre))!;
    const material = { label: { en: 'Bronze' } };
    const item = (number: string) => ({
      description: { ...emptyDescription(), inventoryNumberPlaceholder: number, title: { en: `Lamp ${number}`, fr: 'Lampe à huile' }, materials: [material, material], makers: [{ name: 'Atelier Gallé' }] },
    });
    await t.context.objects.upsertMany(actor, louvre.id, [item('P-1')], 'plain import');
    const prepared = await t.context.objects.prepareUpsert([item('P-2')]);
    await t.context.objects.upsertMany(actor, louvre.id, prepared, 'prepared import');
    const stored = async (title: string) => {
      const row = await t.context.db.selectFrom('objects').selectAll().where('title', '=', title).executeTakeFirstOrThrow();
      const materials = await t.context.db.selectFrom('object_materials').select('material').where('object_seq', '=', row.seq).execute();
      const { items } = await t.context.search.search(actor, { q: `galle lampe ${title.split(' ')[1]}`, limit: 5, offset: 0 }, 'en');
      const { seq: _seq, id, title: _title, description, created_at: _created, updated_at: _updated, ...columns } = row;
      return { columns, description: JSON.parse(description).inventoryNumberPlaceholder, materials: materials.map((m) => m.material), found: items.map((found) => found.id).includes(id) };
    };
    const plain = await stored('Lamp P-1');
    expect(plain.found).toBe(true);
    expect(plain.materials).toEqual(['bronze']);
    expect(await stored('Lamp P-2')).toEqual({ ...plain, description: 'P-2' });
    // Prepared again and given again, the item updates nothing.
    expect(await t.context.objects.upsertMany(actor, louvre.id, await t.context.objects.prepareUpsert([item('P-2')]), 'prepared import')).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
  });
});
