import type { TestApp } from '../test-support/test-app.js';

const json = (token: string, body: unknown) => ({
  headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

export interface ReportedObject {
  type?: string;
  material?: string;
  earliest?: number;
  latest?: number;
  country?: string;
  method?: string;
  placeKind?: string;
  reportedOn?: string;
  publish?: boolean;
}

let serial = 0;

/** An object of the token's museum, reported stolen through the API (as a registrar does); its public id. */
export async function reportObject(t: TestApp, token: string, object: ReportedObject = {}): Promise<string> {
  const created = await t.app.request('/api/v1/objects', {
    method: 'POST',
    ...json(token, {
      description: {
        inventoryNumber: `OBS ${++serial}`,
        title: { en: `Object ${serial}` },
        objectType: [{ label: { en: object.type ?? 'paintings' } }],
        materials: object.material ? [{ label: { en: object.material } }] : [],
        ...(object.earliest === undefined ? {} : { dating: { display: String(object.earliest), earliest: object.earliest, latest: object.latest ?? object.earliest } }),
      },
    }),
  });
  if (created.status !== 201) throw new Error(`object not created: ${created.status} ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };
  const reported = await t.app.request(`/api/v1/objects/${id}/incidents`, {
    method: 'POST',
    ...json(token, {
      method: object.method ?? 'theft',
      reporter: 'Registrar',
      reportedOn: object.reportedOn ?? '2024-03-15',
      ...(object.country ? { country: object.country } : {}),
      ...(object.placeKind ? { placeKind: object.placeKind } : {}),
      publish: object.publish ?? false,
    }),
  });
  if (reported.status !== 201 && reported.status !== 200) throw new Error(`incident not reported: ${reported.status} ${await reported.text()}`);
  return id;
}

/** Marks the object recovered (status change through the API). */
export async function recover(t: TestApp, token: string, id: string): Promise<void> {
  const response = await t.app.request(`/api/v1/objects/${id}/status`, { method: 'POST', ...json(token, { status: 'recovered', reason: 'Found by the police' }) });
  if (response.status !== 200) throw new Error(`not recovered: ${response.status} ${await response.text()}`);
}

/** A confirmed sighting of the object in `country`, written as the identification service does (with its identification). */
export async function sight(t: TestApp, id: string, country: string, at = '2025-01-10T10:00:00.000Z'): Promise<void> {
  const db = t.context.db;
  const object = await db.selectFrom('objects').select('seq').where('id', '=', id).executeTakeFirstOrThrow();
  const user = await db.selectFrom('users').select(['id', 'organisation_id']).orderBy('id').executeTakeFirstOrThrow();
  const n = ++serial;
  await db
    .insertInto('identifications')
    .values({ id: `obs-identification-${n}`, user_id: user.id, created_at: at, verdict: 'match', photo_file: 'x.jpg', photo_width: 1, photo_height: 1, candidates: '[]' })
    .execute();
  await db
    .insertInto('sightings')
    .values({ id: `obs-sighting-${n}`, identification_id: `obs-identification-${n}`, object_seq: object.seq, user_id: user.id, organisation_id: user.organisation_id, reporter: 'Officer', place: 'Port', country, note: null, created_at: at })
    .execute();
}
