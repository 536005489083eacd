/**
 * Harvesting Egide with Egide: one Egide serves its public alert list over OAI-PMH (in this process,
 * on a free port); `egide harvest` imports it into another Egide's organisation, then, after an
 * alert is withdrawn at the source, harvests again incrementally and reports the deletion.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullDescription } from '../../interop/testing/fixtures.js';
import { seedObjects } from '../../interop/testing/seed.js';
import { emptyDescription } from '../../registry/object-record.js';
import { runEgide } from '../../test-support/cli.js';
import { createTestApp, serveTestApp, type TestApp } from '../../test-support/test-app.js';

let source: TestApp;
let server: Awaited<ReturnType<typeof serveTestApp>>;
let dir: string;
let data: string;
let ids: string[];

beforeAll(async () => {
  source = await createTestApp();
  ids = await seedObjects(source, 'louvre', [
    { description: fullDescription(), published: true, status: 'stolen', updatedAt: '2024-01-01T00:00:00.000Z', sensitive: { storageLocation: 'Réserve 12' } },
    { description: { ...emptyDescription('L-2'), title: { fr: 'Vase volé', en: 'Stolen vase' } }, published: true, status: 'missing', updatedAt: '2024-01-02T00:00:00.000Z' },
    { description: { ...emptyDescription('L-3'), title: { en: 'Stolen bowl' } }, published: true, updatedAt: '2024-01-03T00:00:00.000Z' },
  ]);
  await seedObjects(source, 'louvre', [{ description: { ...emptyDescription('L-PRIVATE'), title: { en: 'Not public' } } }]);
  server = await serveTestApp(source);
  dir = mkdtempSync(join(tmpdir(), 'egide-cli-harvest-'));
  data = join(dir, 'data');
  const destination = await createTestApp(data);
  await destination.context.organisations.ensure('partner-alerts', 'Alerts of the partners', 'partner');
  await destination.close();
});
afterAll(async () => {
  await server.close();
  await source.close();
  rmSync(dir, { recursive: true, force: true });
});

async function harvested() {
  const destination = await createTestApp(data);
  try {
    return await destination.context.db.selectFrom('objects').select(['source_id', 'inventory_number', 'title', 'sensitive']).orderBy('source_id').execute();
  } finally {
    await destination.close();
  }
}

// Each run starts Node with tsx (about a second): three runs.
describe('egide harvest (CLI): Egide harvested by Egide', () => {
  // The source listens on loopback, which a harvest refuses unless allowed.
  const harvest = () => runEgide(['harvest', `${server.url}/oai`, '--metadata-prefix', 'lido', '--org', 'partner-alerts', '--data', data, '--allow-private']);

  it('imports the public alert list, and nothing else, with progress on stderr and the summary on stdout', async () => {
    const run = await harvest();
    expect(run.stderr).toBe('harvest: page 1, 3 records; created 3, updated 0, unchanged 0, failed 0, deleted at the source 0\n');
    expect(run.stdout).toMatch(/^created 3, updated 0, unchanged 0, warned 0, failed 0, deleted at the source 0\n3 record\(s\) in 1 page\(s\); the next harvest asks for changes from \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/);
    expect(run.code).toBe(0);
    const objects = await harvested();
    // Each public object once, with its inventory number and title, keyed on its id at the source.
    const published = await source.context.db.selectFrom('objects').select(['id', 'inventory_number', 'title']).where('published', '=', 1).orderBy('id').execute();
    expect(objects.map((o) => [o.source_id, o.inventory_number, o.title])).toEqual(published.map((o) => [o.id, o.inventory_number, o.title]));
    expect(objects.map((o) => o.inventory_number).sort()).toEqual(['INV 1977.20 <A&B>', 'L-2', 'L-3']);
    // Sensitive fields never leave the source.
    expect(objects.every((o) => !o.sensitive.includes('Réserve'))).toBe(true);
  });

  it('harvests again only what changed, and reports an alert withdrawn at the source without deleting it here', async () => {
    const actor = (await source.context.accounts.principalFromApiToken(await source.token('admin')))!;
    await source.context.objects.changeStatus(actor, ids[1]!, 'recovered', 'returned by the police');
    const run = await harvest();
    const host = new URL(server.url).hostname;
    expect(run.stderr).toBe(
      'harvest: page 1, 1 records; created 0, updated 0, unchanged 0, failed 0, deleted at the source 1\n' + `deleted at the source (kept here): oai:${host}:${ids[1]}\n`,
    );
    expect(run.stdout).toMatch(/^created 0, updated 0, unchanged 0, warned 0, failed 0, deleted at the source 1\n1 record\(s\) in 1 page\(s\); /);
    expect(run.code).toBe(0);
    expect(await harvested()).toHaveLength(3);
  });

  it('refuses a repository at a loopback address without --allow-private, importing nothing', async () => {
    const run = await runEgide(['harvest', `${server.url}/oai`, '--metadata-prefix', 'lido', '--org', 'partner-alerts', '--data', data]);
    expect(run.stderr).toContain(`${server.url}/oai?verb=Identify: 127.0.0.1 is a loopback, private or link-local address; harvesting it needs --allow-private (or EGIDE_HARVEST_ALLOW_PRIVATE=true).`);
    expect(run.code).toBe(1);
    expect(await harvested()).toHaveLength(3);
  });

  it('says in its help how --from defaults and how a stopped harvest resumes', async () => {
    const run = await runEgide(['harvest', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout.replace(/\s+/g, ' ')).toContain('(default: when the last complete harvest of the same list began; the first harvest takes everything)');
    expect(run.stdout).toContain('its place is kept: run the same command again to resume it there.');
  });
});
