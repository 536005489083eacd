import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../http/problem.js';
import { verifyDetached } from '../signing/signing.service.js';
import { registryTokens, type RegistryTokens } from '../test-support/registry.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { AREA_WITH_HOLE, api, declare, sceneInside, square } from './emergency.test-support.js';

let t: TestApp;
let tokens: RegistryTokens & { assessor: string };
let places: Awaited<ReturnType<typeof sceneInside>>;
let emergencyId: string;

beforeAll(async () => {
  t = await createTestApp();
  tokens = { ...(await registryTokens(t)), assessor: '' };
  tokens.assessor = await t.token('heritage-assessor');
  places = await sceneInside(t, tokens.admin, 'louvre');
  emergencyId = await declare(t, tokens.admin, { names: { en: 'Valley conflict', fr: 'Conflit de la vallée' }, countries: ['TN'], area: AREA_WITH_HOLE });
});
afterAll(() => t.close());

interface Summary {
  emergency: { id: string; version: number };
  places: { total: number; assessed: number; notAssessed: number };
  museums: Array<{ slug: string }>;
  items: Array<{ id: string; position: { lon: number; lat: number } | null; region: { west: number } }>;
}

describe('declaring an emergency', () => {
  it('is for admins only', async () => {
    expect((await api(t, 'POST', '/emergencies', tokens.louvre, { kind: 'flood', names: { en: 'x' }, countries: ['FR'], startsOn: '2026-01-01' })).status).toBe(403);
    expect((await api(t, 'POST', '/emergencies', undefined, { kind: 'flood', names: { en: 'x' }, countries: ['FR'], startsOn: '2026-01-01' })).status).toBe(401);
  });

  it('names each invalid field: a self-intersecting area’s vertex, an end before the start, neither countries nor area', async () => {
    const bowtie = { type: 'Polygon', coordinates: [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]] };
    const fields = async (body: Record<string, unknown>) => {
      const response = await api(t, 'POST', '/emergencies', tokens.admin, { kind: 'earthquake', names: { en: 'Bad' }, startsOn: '2026-02-06', ...body });
      expect(response.status).toBe(400);
      return ((await response.json()) as Problem).errors?.map((issue) => issue.field);
    };
    expect(await fields({ area: bowtie })).toEqual([expect.stringMatching(/^area\.coordinates\.0\.\d$/)]);
    expect(await fields({ countries: ['TR'], endsOn: '2026-02-01' })).toEqual(['endsOn']);
    expect(await fields({})).toEqual(['countries']);
    expect(await fields({ countries: ['Turkey'] })).toEqual(['countries.0']);
    expect(await fields({ area: { type: 'Polygon', coordinates: [square(0, 0, 200, 10)] } })).toEqual(['area.coordinates.0.1', 'area.coordinates.0.2']);
  });

  it('refuses a save over a newer one', async () => {
    const id = await declare(t, tokens.admin, { countries: ['PE'] });
    const body = { kind: 'flood', names: { en: 'Renamed' }, countries: ['PE'], startsOn: '2026-01-01', status: 'closed', endsOn: '2026-03-01' };
    expect((await api(t, 'PUT', `/emergencies/${id}`, tokens.admin, { ...body, version: 1 })).status).toBe(200);
    expect((await api(t, 'PUT', `/emergencies/${id}`, tokens.admin, { ...body, version: 1 })).status).toBe(412);
    const { items } = (await (await api(t, 'GET', '/emergencies?status=closed')).json()) as { items: Array<{ id: string; status: string; version: number }> };
    expect(items.map((item) => item.id)).toEqual([id]);
    expect(items[0]).toMatchObject({ status: 'closed', version: 2 });
    expect((await api(t, 'GET', '/emergencies?status=over')).status).toBe(400);
  });
});

describe('an emergency’s dashboard', () => {
  it('lists the places in its countries or its area, not those in its hole or outside, museums first', async () => {
    const summary = (await (await api(t, 'GET', `/emergencies/${emergencyId}`)).json()) as Summary;
    expect(summary.items.map((item) => item.id).sort()).toEqual([places.museum, places.site, places.inCountry].sort());
    expect(summary.items[0]!.id).toBe(places.museum);
    expect(summary.places).toEqual({ total: 3, assessed: 0, notAssessed: 3, byCondition: { good: 0, fair: 0, poor: 0, 'very-bad': 0, destroyed: 0 } });
    expect(summary.museums.map((museum) => museum.slug)).toEqual(['louvre']);
  });

  it('gives a sensitive site’s position only to those who see it, its region to the public', async () => {
    const site = async (token?: string) => ((await (await api(t, 'GET', `/emergencies/${emergencyId}`, token)).json()) as Summary).items.find((item) => item.id === places.site)!;
    expect((await site()).position).toBeNull();
    expect((await site()).region).toEqual({ west: 38, south: 38, east: 39, north: 39 });
    const seen = (await site(tokens.investigator)).position!;
    expect([seen.lon, seen.lat].map((value) => value.toFixed(6))).toEqual(['38.400000', '38.400000']);
    expect((await site(tokens.prado)).position).toBeNull();
  });

  it('answers 404 for an unknown emergency', async () => {
    expect((await api(t, 'GET', '/emergencies/nothing-here')).status).toBe(404);
  });
});

describe('no-strike lists', () => {
  it('are refused to registrars and the public', async () => {
    expect((await api(t, 'GET', `/emergencies/${emergencyId}/no-strike/geojson`, tokens.louvre)).status).toBe(403);
    expect((await api(t, 'GET', `/emergencies/${emergencyId}/no-strike/geojson`)).status).toBe(401);
    expect((await api(t, 'GET', `/emergencies/${emergencyId}/no-strike/shp`, tokens.admin)).status).toBe(400);
  });

  it('are signed: the published key verifies the file, and a tampered file fails', async () => {
    const response = await api(t, 'GET', `/emergencies/${emergencyId}/no-strike/geojson`, tokens.investigator);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/geo+json');
    const bytes = new Uint8Array(await response.arrayBuffer());
    const signature = response.headers.get('Egide-Signature')!;
    const keys = (await (await api(t, 'GET', '/signing-keys')).json()) as { keys: Array<{ kid: string; kty: string; crv: string; x: string }> };
    expect(keys.keys).toEqual([expect.objectContaining({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' })]);
    expect((await api(t, 'GET', `/signing-keys?kid=${keys.keys[0]!.kid}`)).status).toBe(200);
    expect((await api(t, 'GET', '/signing-keys?kid=unknown')).status).toBe(404);
    const wellKnown = await t.app.request('/.well-known/jwks.json');
    expect(await wellKnown.json()).toEqual(keys);
    expect((await verifyDetached(bytes, signature, keys)).kid).toBe(keys.keys[0]!.kid);
    const tampered = new TextEncoder().encode(new TextDecoder().decode(bytes).replace('38.4', '38.5'));
    await expect(verifyDetached(tampered, signature, keys)).rejects.toThrow();

    const list = JSON.parse(new TextDecoder().decode(bytes)) as { noStrikeList: { exportedAt: string; count: number; emergency: { id: string } }; features: Array<{ id: string; properties: Record<string, unknown>; geometry: { type: string } }> };
    expect(list.noStrikeList).toMatchObject({ count: 3, emergency: { id: emergencyId } });
    expect(Date.parse(list.noStrikeList.exportedAt)).not.toBeNaN();
    const site = list.features.find((feature) => feature.id === places.site)!;
    expect(site.geometry.type).toBe('Polygon');
    expect(site.properties).toMatchObject({ name: 'Tell Alpha', kind: 'archaeological-site', protection: 'none', country: 'SY' });
  });

  it('come as KML and CSV with the export time inside, and every export is in the audit trail', async () => {
    const kml = await api(t, 'GET', `/emergencies/${emergencyId}/no-strike/kml`, tokens.assessor);
    const kmlText = await kml.text();
    expect(kmlText).toContain('<Placemark');
    expect(kmlText).toMatch(/<Data name="exportedAt"><value>\d{4}-\d\d-\d\dT/);
    const csv = await (await api(t, 'GET', `/emergencies/${emergencyId}/no-strike/csv`, tokens.admin)).text();
    const [header, ...rows] = csv.trim().split('\r\n');
    expect(header).toBe('id,name,kind,latitude,longitude,protection,protection_label,country,responsible_organisation,emergency,exported_at');
    expect(rows).toHaveLength(3);
    expect(rows.find((row) => row.startsWith(places.museum))).toContain('Musée du Louvre');
    const audit = (await (await api(t, 'GET', `/audit?action=export&target=${emergencyId}`, tokens.admin)).json()) as { items: Array<{ details: Record<string, unknown> }> };
    expect(audit.items.map((entry) => entry.details)).toEqual(
      expect.arrayContaining([
        { list: 'no-strike', format: 'geojson', count: 3 },
        { list: 'no-strike', format: 'kml', count: 3 },
        { list: 'no-strike', format: 'csv', count: 3 },
      ]),
    );
  });
});

describe('the OpenAPI document', () => {
  it('describes the tags of heritage places, emergencies, plans and signatures', async () => {
    const document = (await (await t.app.request('/api/v1/openapi.json')).json()) as { tags: Array<{ name: string; description?: string }> };
    const described = new Map(document.tags.map((tag) => [tag.name, tag.description]));
    for (const name of ['Heritage places', 'Emergencies', 'Emergency plans', 'Signatures']) expect(described.get(name), name).toMatch(/\w/);
  });
});
