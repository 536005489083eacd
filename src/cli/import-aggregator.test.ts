import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEgide } from '../test-support/cli.js';
import { createTestApp } from '../test-support/test-app.js';

const AGGREGATOR = fileURLToPath(new URL('../interop/lido/fixtures/aggregator.xml', import.meta.url));

// Each run starts Node with tsx (about a second): three runs.
describe('egide import --org-from repository (CLI)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'egide-cli-aggregator-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('routes an aggregator file by --orgs, creates the missing museums, and prints the counts per organisation', async () => {
    const data = join(dir, 'data');
    const t = await createTestApp(data);
    await t.context.organisations.ensure('mkg', 'MKG', 'museum');
    await t.context.organisations.ensure('unattributed', 'Records without holder', 'museum');
    await t.close();
    const orgs = join(dir, 'holders.json');
    writeFileSync(orgs, JSON.stringify({ 'Museum für Kunst und Gewerbe Hamburg': 'mkg' }));

    const run = await runEgide(['import', '--format', 'lido', '--org-from', 'repository', '--orgs', orgs, '--create-orgs', '--org', 'unattributed', AGGREGATOR, '--data', data]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toEqual(
      expect.arrayContaining([
        'created 6, updated 0, unchanged 0, warned 3, failed 0',
        'mkg: created 2, updated 0, unchanged 0, warned 1, failed 0',
        'musee-des-arts-decoratifs: created 2, updated 0, unchanged 0, warned 1, failed 0',
        'museo-nacional-de-artes-decorativas: created 1, updated 0, unchanged 0, warned 1, failed 0',
        'unattributed: created 1, updated 0, unchanged 0, warned 0, failed 0',
      ]),
    );
    expect(run.stderr).toContain('record agg-4 (line 36): inventoryNumber: shared with record agg-3 (on line 26)');

    // Without --org, the record naming no holder fails: counted on a line of its own, so that the lines add up.
    const unrouted = await runEgide(['import', '--format', 'lido', '--org-from', 'repository', '--orgs', orgs, AGGREGATOR, '--data', data]);
    expect(unrouted.code).toBe(0);
    expect(unrouted.stdout.split('\n')).toEqual(
      expect.arrayContaining(['created 0, updated 0, unchanged 5, warned 3, failed 1', 'no organisation (unreadable, or naming no holder): failed 1']),
    );

    const mistaken = await runEgide(['import', '--format', 'lido', '--org', 'mkg', '--create-orgs', AGGREGATOR, '--data', data]);
    expect(mistaken.code).toBe(1);
    expect(mistaken.stderr).toContain('--orgs and --create-orgs go with --org-from repository.');
  });
});
