import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentificationJson } from '../../identify/identify.api.js';
import { runEgide, type CliRun } from '../../test-support/cli.js';
import { createTestApp } from '../../test-support/test-app.js';
import { suggestedCommands } from './demo.js';

/** Three records of Tate's export: the first, and two whose object types ("installation") Egide's vocabulary lacks. */
const TATE_SAMPLE = fileURLToPath(new URL('fixtures/tate-three-records.jsonl', import.meta.url));

describe('the commands the demo suggests', () => {
  it('go through npm when the demo was run from a checkout (npm run demo), where egide is not on the PATH', () => {
    expect(suggestedCommands(true, undefined)).toEqual({ serve: 'npm start', egide: 'npm run egide --', demo: 'npm run demo --' });
    expect(suggestedCommands(true, '/tmp/d')).toEqual({ serve: 'npm start -- --data /tmp/d', egide: 'npm run egide --', demo: 'npm run demo --' });
    expect(suggestedCommands(false, '/tmp/d')).toEqual({ serve: 'egide serve --data /tmp/d', egide: 'egide', demo: 'egide demo' });
  });
});

// What a newcomer does first: run the demo, then identify a field photo it printed.
describe('egide demo', () => {
  let dataDir: string;
  let demo: CliRun;
  let reportFile: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'egide-cli-demo-'));
    reportFile = join(dataDir, 'demo-report.jsonl');
    demo = await runEgide(['demo', '--tate', TATE_SAMPLE, '--records', '3', '--report', reportFile, '--data', dataDir]);
    // With its accuracy measurement (20 field photos): 196 s on PostgreSQL with the machine loaded.
  }, 300_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const printedPhotos = () => [...demo.stdout.matchAll(/^ {2}(\/\S+\.jpg)$/gm)].map((match) => match[1]!);

  it('prints the field photos it wrote, and how to try them', () => {
    expect(demo.code, demo.stderr).toBe(0);
    expect(printedPhotos().length).toBeGreaterThanOrEqual(3);
    for (const path of printedPhotos()) {
      expect(path.startsWith(join(dataDir, 'demo-field-photos'))).toBe(true);
      expect(existsSync(path), path).toBe(true);
    }
    expect(demo.stdout).toContain('/en/identify');
    expect(demo.stdout).toContain(`egide identify ${printedPhotos()[0]} --data ${dataDir}`);
    // Every photo indexed before the command ends, with its progress on stderr.
    expect(demo.stdout).toMatch(/photos added 50, indexed 50/);
    expect(demo.stderr).toMatch(/egide index: .* of 50 photos/);
  });

  it('counts the Tate import’s warnings by kind instead of listing each record, and --report FILE holds every one', () => {
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toContain('Tate records: created 3, updated 0, unchanged 0, warned 2, failed 0');
    expect(demo.stdout).toContain(`2 warnings, the records imported all the same: objectType: not in the vocabulary: kept as free text (2); every one is in ${reportFile}`);
    expect(demo.stderr).not.toMatch(/^record \d+ \(line \d+\)/m);
    const issues = readFileSync(reportFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { kind: string; recordId: string; line: number; field: string });
    expect(issues).toEqual([
      expect.objectContaining({ kind: 'warning', recordId: '95468', line: 2, field: 'objectType' }),
      expect.objectContaining({ kind: 'warning', recordId: '98196', line: 3, field: 'objectType' }),
    ]);
  });

  it('publishes the demonstration Red List, and says so', async () => {
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toMatch(/^Red List \(demonstration\): Demonstration Red List: .*: edition 1 published, 21 categories, 46 example photos .*\/en\/red-lists\/demo-solmar-peninsula$/m);
    const t = await createTestApp(dataDir);
    try {
      const published = await t.context.redLists.getPublished('demo-solmar-peninsula');
      expect(published.document.demonstration).toBe(true);
      expect(published.document.categories.length).toBeGreaterThanOrEqual(10);
    } finally {
      await t.close();
    }
  });

  it('adds the observatory’s fictional incidents, sightings and recoveries over several years and countries, and says so', async () => {
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toMatch(/^Observatory \(fictional records, Demo observatory records .*\): 720 objects created, 0 unchanged; 720 incidents, \d+ sightings and \d+ recoveries recorded \(0 already recorded\), 2019–2026, \d+ countries; an illustrative external dataset \(created\); library items: [1-9]\d* created, 0 unchanged; .*\/en\/observatory$/m);
    expect(demo.stderr).toMatch(/^demo: observatory records in \d+\.\d s$/m);
    const t = await createTestApp(dataDir);
    try {
      const byYear = await t.context.observatory.chart('by-year', { measure: 'reported' }, null, 'en');
      expect(byYear.rows.map((row) => row.key)).toEqual(['2019', '2020', '2021', '2022', '2023', '2024', '2025', '2026']);
      const countries = await t.context.observatory.chart('by-country', { measure: 'reported' }, null, 'en');
      expect(countries.rows.length).toBeGreaterThanOrEqual(10);
    } finally {
      await t.close();
    }
  });

  it('declares the fictional emergency with its places and two museums’ plans, and says so', async () => {
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toMatch(/^Emergency \(fictional\): .*Fictional.*: 12 heritage places, 24 assessments, 10 evacuation plans of two museums, 5 objects moved; .*\/en\/emergencies$/m);
  });

  it('measures identification accuracy on 20 seeded field photos, so that the accuracy page is live', async () => {
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toMatch(/^Identification accuracy \(20 synthetic field photos\): recall@1 \d\.\d\d, \d+ false matches; .*\/en\/identify\/accuracy$/m);
    expect(demo.stderr).toMatch(/^demo: identification accuracy measured in \d+\.\d s$/m);
    const t = await createTestApp(dataDir);
    try {
      const report = await t.context.identifyEvaluations.latest();
      expect(report).toMatchObject({ seed: 2026, queries: { total: 20, positives: 10, negatives: 10 }, registry: { photographedObjects: 50 } });
      const page = await t.app.request('/en/identify/accuracy');
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(`<h2 id="accuracy-latest">`);
    } finally {
      await t.close();
    }
  });

  it('the printed field photo is identified as a match, as `egide identify` shows it', async () => {
    const run = await runEgide(['identify', printedPhotos()[0]!, '--json', '--data', dataDir]);
    expect(run.code, run.stderr).toBe(0);
    const answer = JSON.parse(run.stdout) as IdentificationJson;
    expect(answer.verdict).toBe('match');
    expect(answer.candidates[0]).toMatchObject({ inventoryNumber: 'DEMO-MET-436525', title: 'Bouquet of Flowers in a Vase', verdict: 'match' });
  }, 60_000);
});
