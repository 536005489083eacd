import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEgide } from '../test-support/cli.js';
import { registryTokens, type RegistryTokens } from '../test-support/registry.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import type { PlacesImportResult } from './places-import.service.js';

let t: TestApp;
let tokens: RegistryTokens;

beforeAll(async () => {
  t = await createTestApp();
  tokens = await registryTokens(t);
});
afterAll(() => t.close());

const CSV = [
  'Name,Nom,Type,X,Y,ISO,Sensitive,Hague,Footprint',
  'Tell Alpha,Tell Alpha,Tell,38.4,35.2,SY,yes,enhanced,',
  'Crossed site,,Tell,,,SY,,,"{""type"":""Polygon"",""coordinates"":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]}"',
  'Upside down,,monument,35.2,138.4,SY,,,',
  'No kind,,,36,34,SY,,,',
  'Odd flags,,monument,36.1,34.1,SY,maybe,none,',
].join('\r\n');

const MAPPING = { fields: { 'names.en': 'Name', 'names.fr': 'Nom', kind: 'Type', longitude: 'X', latitude: 'Y', country: 'ISO', sensitive: 'Sensitive', protection: 'Hague', geometry: 'Footprint' }, values: { kind: { tell: 'archaeological-site' } } };

async function importFile(name: string, content: string, fields: Record<string, string> = {}, token = tokens.admin): Promise<Response> {
  const form = new FormData();
  form.append('file', new File([content], name));
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  return t.app.request('/api/v1/heritage-places/import', { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
}

describe('importing heritage places', () => {
  it('imports the good rows of a CSV file and names each refused row and field', async () => {
    const response = await importFile('sites.csv', CSV, { mapping: JSON.stringify(MAPPING) });
    expect(response.status).toBe(200);
    const result = (await response.json()) as PlacesImportResult;
    expect(result.imported).toBe(2);
    expect(result.refused.map((issue) => [issue.row, issue.field])).toEqual([
      [3, expect.stringMatching(/^geometry\.coordinates\[0\]/)],
      [4, 'geometry.coordinates'],
      [5, 'kind'],
    ]);
    expect(result.refused.find((issue) => issue.row === 3)!.message).toMatch(/crosses itself/);
    expect(result.refused.find((issue) => issue.row === 4)!.message).toMatch(/latitude 138.4/);
    expect(result.warnings).toEqual([{ row: 6, field: 'sensitive', message: expect.stringContaining('maybe') }]);
    const alpha = await t.context.heritagePlaces.get(null, result.placeIds[0]!);
    expect(alpha.names).toEqual({ en: 'Tell Alpha', fr: 'Tell Alpha' });
    expect(alpha.kind).toBe('archaeological-site');
    const admin = await t.context.accounts.servicePrincipal('secretariat', 'admin');
    expect((await t.context.heritagePlaces.get(admin, result.placeIds[0]!)).protection).toBe('enhanced');
  });

  it('imports GeoJSON features with their geometry, refusing one whose coordinates are out of range', async () => {
    const collection = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: 'Louvre annex', kind: 'museum', country: 'FR' }, geometry: { type: 'Point', coordinates: [2.33, 48.86] } },
        { type: 'Feature', properties: { name: 'Nowhere', kind: 'monument', country: 'FR' }, geometry: { type: 'Point', coordinates: [200, 48] } },
      ],
    };
    const result = (await (await importFile('places.geojson', JSON.stringify(collection), { organisation: 'louvre' })).json()) as PlacesImportResult;
    expect(result.imported).toBe(1);
    expect(result.refused).toEqual([{ row: 2, field: 'geometry.coordinates', message: expect.stringMatching(/longitude 200/) }]);
  });

  it('refuses a row another museum’s registrar may not write, and names a bad mapping', async () => {
    const result = (await (await importFile('p.csv', 'name,kind,longitude,latitude,country,organisation\r\nMine,museum,2,48,FR,louvre\r\n', {}, tokens.prado)).json()) as PlacesImportResult;
    expect([result.imported, result.refused.map((issue) => issue.row)]).toEqual([0, [2]]);
    const bad = await importFile('p.csv', 'name\r\n', { mapping: JSON.stringify({ fields: { colour: 'Colour' } }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: Array<{ field: string }> }).errors.map((issue) => issue.field)).toEqual(['mapping.fields.colour']);
    expect((await importFile('p.csv', 'name\r\n', {}, tokens.investigator)).status).toBe(403);
  });
});

describe('egide places import', () => {
  it('imports a file for an organisation and reports the refused rows on stderr', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'egide-places-cli-'));
    const folder = mkdtempSync(join(tmpdir(), 'egide-places-file-'));
    writeFileSync(join(folder, 'sites.csv'), CSV);
    writeFileSync(join(folder, 'mapping.json'), JSON.stringify(MAPPING));
    const run = await runEgide(['places', 'import', join(folder, 'sites.csv'), '--mapping', join(folder, 'mapping.json'), '--data', dataDir]);
    expect(run.stdout).toBe('2 imported, 3 refused\n');
    expect(run.stderr).toMatch(/^row 3: refused: geometry\.coordinates\[0\]/m);
    expect(run.stderr).toMatch(/^row 5: refused: kind: /m);
    expect(run.code).toBe(1);
  }, 60_000);
});
