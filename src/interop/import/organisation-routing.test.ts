import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { importFile } from './import-file.js';
import { describeFailure } from './import-pipeline.js';
import { readOrgsFile, slugFromName } from './organisation-routing.js';

let t: TestApp;
let files = 0;
beforeAll(async () => {
  t = await createTestApp();
  await t.context.organisations.ensure('louvre', 'Musée du Louvre', 'museum');
  await t.context.organisations.ensure('prado', 'Museo del Prado', 'museum');
});
afterAll(() => t.close());

function file(content: string, extension = 'json'): string {
  const path = join(t.dataDir, `routing-${++files}.${extension}`);
  writeFileSync(path, content);
  return path;
}

describe('slugs for created organisations', () => {
  it('are made from the name, lowercase with hyphens, accents left out', () => {
    expect(slugFromName('Musée d’Orsay')).toBe('musee-d-orsay');
    expect(slugFromName('  Museo Nacional de Artes Decorativas (MNAD) ')).toBe('museo-nacional-de-artes-decorativas-mnad');
    expect(slugFromName('東京国立博物館')).toBe('museum');
  });
});

describe('--orgs FILE', () => {
  it('is a JSON object of holder names and slugs; anything else is refused naming the file and the entry', () => {
    expect(readOrgsFile(file('{"Musée du Louvre": "louvre"}'))).toEqual({ 'Musée du Louvre': 'louvre' });
    const broken = file('{"Musée du Louvre": "louvre",}');
    expect(() => readOrgsFile(broken)).toThrow(`${broken}: not JSON`);
    const list = file('["louvre"]');
    expect(() => readOrgsFile(list)).toThrow(`${list}: give a JSON object of holder names and organisation slugs`);
    const number = file('{"Prado": 7}');
    expect(() => readOrgsFile(number)).toThrow(`${number}: "Prado": the value must be an organisation slug`);
    expect(() => readOrgsFile(join(t.dataDir, 'none.json'))).toThrow('no such file');
  });
});

describe('mapped imports with an organisation field', () => {
  it('route each record by the organisation its mapping reads, and check the field like the others', async () => {
    const mapping = file(JSON.stringify({ sourceId: 'id', fields: { inventoryNumber: 'no', title: 'name', organisation: 'museum.name' } }));
    const lines = [
      { id: 'm1', no: 'A-1', name: 'Mona Lisa', museum: { name: 'Musée du Louvre' } },
      { id: 'm2', no: 'A-1', name: 'Las Meninas', museum: { name: 'Prado' } },
      { id: 'm3', no: 'A-3', name: 'Nobody’s', museum: { name: 'Unknown museum' } },
    ];
    const source = file(lines.map((line) => JSON.stringify(line)).join('\n'), 'jsonl');
    const report = await importFile(t.context, { format: 'jsonl', file: source, mapping, orgFrom: 'repository', orgs: { Prado: 'prado' }, threads: false });
    expect(report.organisations).toEqual({
      louvre: { created: 1, updated: 0, unchanged: 0, warned: 0, failed: 0 },
      prado: { created: 1, updated: 0, unchanged: 0, warned: 0, failed: 0 },
    });
    // The same number in two organisations is not shared.
    expect(report.warnings).toEqual([]);
    expect(report.failures.map(describeFailure)).toEqual([
      'record m3 (line 3): no organisation for the holding institution "Unknown museum": map it in --orgs FILE, or add it with --create-orgs',
    ]);

    const wrong = file(JSON.stringify({ fields: { inventoryNumber: 'no', organisation: { path: 'museum[', map: 1 } } }));
    await expect(importFile(t.context, { format: 'jsonl', file: source, mapping: wrong, orgFrom: 'repository' })).rejects.toThrow(/fields\.organisation/);
  });

  it('route JSON records (one array) the same way', async () => {
    const mapping = file(JSON.stringify({ sourceId: 'id', fields: { inventoryNumber: 'no', title: 'name', organisation: 'holder' } }));
    const source = file(JSON.stringify([{ id: 'j1', no: 'J-1', name: 'Cup', holder: 'MUSÉE DU LOUVRE' }, { id: 'j2', name: 'Saucer', holder: 'Museo del Prado' }]));
    const report = await importFile(t.context, { format: 'json', file: source, mapping, orgFrom: 'repository', threads: false });
    expect(report.organisations).toEqual({
      louvre: { created: 1, updated: 0, unchanged: 0, warned: 0, failed: 0 },
      prado: { created: 1, updated: 0, unchanged: 0, warned: 1, failed: 0 },
    });
  });

  it('without --org-from, an import needs --org', async () => {
    const source = file('{"no": "B-1"}', 'jsonl');
    const mapping = file(JSON.stringify({ fields: { inventoryNumber: 'no' } }));
    await expect(importFile(t.context, { format: 'jsonl', file: source, mapping })).rejects.toThrow('Give the organisation that owns the objects (--org)');
  });
});
