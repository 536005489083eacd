/**
 * `npm run bench:observatory`: the observatory's figures at the network's scale (issue 15).
 *
 * 1. A registry of BENCH_SCALE reported objects (default 1,000,000, one incident each, 16 % of them
 *    recovered or found) and BENCH_SCALE / 10 sightings (bench/observatory/generate.ts). SQLite
 *    keeps it in BENCH_CACHE (default bench/.work/observatory) for later runs; PostgreSQL builds it
 *    in a throwaway cluster.
 * 2. Every chart's data, p95 over a set of filters, for the public (published cells) and for an
 *    investigator (exact): cold (computed from the facts in memory, loaded once per process: the
 *    load is reported) and cached (same data version).
 * 3. The observatory page (`GET /en/observatory`, through the app's fetch) with those filters, cold,
 *    after the process's first page (reported apart: it compiles the rendering and indexes the facts).
 * 4. The yearly PDF report (src/observatory/observatory-report.service.ts), once.
 * 5. What keeping the figures up to date adds to Egide's import (target ≤ 10 %): the generated CSV of
 *    `npm run bench:import` (bench/import-csv.ts, BENCH_IMPORT museum objects, default 50,000)
 *    imported as `egide import --format csv` imports it (importFile, into a new organisation each
 *    time) with the observatory's triggers, then the figures brought up to date (ObservatoryService
 *    load), against the same import with the triggers dropped (a switch of this benchmark only),
 *    alternating (each side first in every other round), the best of BENCH_ROUNDS (default 2)
 *    rounds each. Egide's import carries no incidents or status (the pipeline writes descriptions
 *    only), so it gives the figures nothing to count; the worst case is reported beside it,
 *    informational (no target): BENCH_IMPORT *reported* objects with their incidents, materials and
 *    recoveries written by bare multi-row SQL inserts (bench/observatory/generate.ts), far faster
 *    than any import of Egide's, which makes the fixed cost of reading them back and building their
 *    facts count the most.
 *
 * BENCH_ONLY=import runs step 5 only (SQLite on the registry cached by an earlier run; PostgreSQL
 * still builds its own).
 * `--dialect sqlite` (default), `--dialect postgres` or `--dialect sqlite,postgres`. Prints a table
 * with each target and PASS/FAIL, and the load average at the start and the end (the cores may be
 * shared). Targets: chart data p95 ≤ 200 ms, page p95 ≤ 300 ms, aggregate maintenance ≤ 10 % of
 * the import rate, yearly PDF ≤ 10 s.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { createApp } from '../src/app/app.js';
import type { AppContext } from '../src/app/context.js';
import type { DialectName } from '../src/db/database.js';
import * as postgresTriggers from '../src/db/postgres/observatory-triggers.js';
import * as sqliteTriggers from '../src/db/sqlite/observatory-triggers.js';
import { writeTransaction } from '../src/db/write-transaction.js';
import { importFile } from '../src/interop/import/import-file.js';
import { OBSERVATORY_CHARTS, type ObservatoryFilters } from '../src/observatory/observatory-figures.js';
import { ObservatoryRepository } from '../src/observatory/observatory.repository.js';
import { ObservatoryService } from '../src/observatory/observatory.service.js';
import type { Principal } from '../src/roles.js';
import { createDatabase, startPostgresCluster, type PostgresCluster } from '../src/test-support/postgres-cluster.js';
import { openContext } from './identify/registry.js';
import { generateCsv } from './import-csv.js';
import { generator } from './observatory/generate.js';
import { REPO_ROOT } from './paths.js';
import { dialectsOf } from './dialects.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1_000_000);
const SIGHTINGS = Math.round(SCALE / 10);
const IMPORT = Number(process.env.BENCH_IMPORT ?? 50_000);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 2));
const CACHE = process.env.BENCH_CACHE ?? join(REPO_ROOT, 'bench/.work/observatory');
/** BENCH_ONLY=import: step 5 alone. */
const ONLY_IMPORT = process.env.BENCH_ONLY === 'import';
/** Objects per multi-row insert, and inserts per transaction. */
const BATCH = 1_000;
const BATCHES_PER_TRANSACTION = 10;
const TARGETS = { chartMs: 200, pageMs: 300, overhead: 0.1, pdfMs: 10_000 };
const TRIGGERS: Record<DialectName, { create(db: Kysely<unknown>): Promise<void>; drop(db: Kysely<unknown>): Promise<void> }> = {
  sqlite: { create: sqliteTriggers.createObservatoryTriggers, drop: sqliteTriggers.dropObservatoryTriggers },
  postgres: { create: postgresTriggers.createObservatoryTriggers, drop: postgresTriggers.dropObservatoryTriggers },
};
const DIALECTS = dialectsOf(process.argv.slice(2));


const say = (text: string) => process.stderr.write(`${text}\n`);
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil(values.length * 0.95) - 1)] ?? NaN;
const ms = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString('en')} ms`;
const investigator: Principal = { userId: 0, displayName: 'bench', role: 'investigator', organisationId: 0, organisationSlug: '', via: 'token' };

/** The filters a visitor tries: none, a period, a country, a region, a type (with narrower ones), a status, and combinations. */
const FILTERS: ObservatoryFilters[] = [
  {},
  { from: 2020, to: 2025 },
  { country: 'FR' },
  { region: '150' },
  { type: 'paintings' },
  { status: 'stolen' },
  { from: 2015, to: 2024, region: '002', type: 'sculpture' },
  { measure: 'recovered', from: 2018, to: 2026 },
  { measure: 'sightings', region: '142' },
];

interface Row {
  measure: string;
  target: string;
  result: string;
  pass?: boolean;
}

/** Imports `count` objects in transactions of BATCHES_PER_TRANSACTION batches; returns the seqs. */
async function importObjects(context: AppContext, generate: Awaited<ReturnType<typeof generator>>, count: number, progress = false): Promise<number[]> {
  const seqs: number[] = [];
  for (let done = 0; done < count; ) {
    await writeTransaction(context.db, async (trx) => {
      for (let i = 0; i < BATCHES_PER_TRANSACTION && done < count; i += 1) {
        const n = Math.min(BATCH, count - done);
        seqs.push(...(await generate.objects(trx, n)));
        done += n;
      }
    });
    if (progress && done % 100_000 === 0) say(`  ${done.toLocaleString('en')} objects`);
  }
  return seqs;
}

/** Egide on a registry of SCALE objects: a copy of the cached SQLite one, or one built in a throwaway cluster. */
async function registry(dialect: DialectName, rows: Row[]): Promise<{ context: AppContext; dataDir: string; remove(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'egide-bench-observatory-'));
  let cluster: PostgresCluster | undefined;
  let env: Record<string, string> = {};
  const cached = join(CACHE, `sqlite-${SCALE}`);
  if (dialect === 'postgres') {
    cluster = await startPostgresCluster();
    env = { EGIDE_DATABASE_URL: await createDatabase(cluster.adminUrl, 'egide_bench_observatory') };
  }
  const build = dialect === 'postgres' || !existsSync(join(cached, 'done'));
  const buildDir = dialect === 'sqlite' ? cached : dataDir;
  if (build) {
    if (dialect === 'sqlite') {
      rmSync(cached, { recursive: true, force: true });
      mkdirSync(cached, { recursive: true });
    }
    say(`${dialect}: generating ${SCALE.toLocaleString('en')} reported objects and ${SIGHTINGS.toLocaleString('en')} sightings…`);
    const context = await openContext(buildDir, env);
    const generate = await generator(context, 1);
    const started = performance.now();
    const seqs = await context.objectRepository.duringBulkWrites(() => importObjects(context, generate, SCALE, true));
    for (let done = 0; done < SIGHTINGS; done += BATCH) await writeTransaction(context.db, (trx) => generate.sightings(trx, seqs, Math.min(BATCH, SIGHTINGS - done)));
    rows.push({ measure: `${dialect}: registry written (objects, incidents, materials, recoveries, sightings)`, target: '', result: `${((performance.now() - started) / 1000).toFixed(0)} s` });
    await context.close();
    if (dialect === 'sqlite') mkdirSync(join(cached, 'done'));
  }
  if (dialect === 'sqlite') cpSync(cached, dataDir, { recursive: true });
  const context = await openContext(dataDir, env);
  return {
    context,
    dataDir,
    async remove() {
      await context.close();
      cluster?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function chartTimes(context: AppContext, dialect: DialectName, rows: Row[]): Promise<void> {
  // A service of its own: the cube of facts loaded from the registry, as a server does on its first request.
  const service = new ObservatoryService(new ObservatoryRepository(context.db));
  const loading = performance.now();
  await service.updatedAt();
  rows.push({ measure: `${dialect}: facts loaded into memory (once per process)`, target: '', result: ms(performance.now() - loading) });
  const all: number[] = [];
  for (const chart of OBSERVATORY_CHARTS) {
    const cold: number[] = [];
    const cached: number[] = [];
    for (const viewer of [null, investigator]) {
      for (const filters of FILTERS) {
        // The first request of a chart and filters is computed from the cube, the second comes from the cache.
        let started = performance.now();
        await service.chart(chart, filters, viewer, 'en');
        cold.push(performance.now() - started);
        started = performance.now();
        await service.chart(chart, filters, viewer, 'en');
        cached.push(performance.now() - started);
      }
    }
    all.push(...cold);
    const worst = p95(cold);
    rows.push({ measure: `${dialect}: ${chart} data p95, cold (cached)`, target: `≤ ${TARGETS.chartMs} ms`, result: `${ms(worst)} (${ms(p95(cached))})`, pass: worst <= TARGETS.chartMs });
  }
  rows.push({ measure: `${dialect}: any chart's data p95, cold`, target: `≤ ${TARGETS.chartMs} ms`, result: ms(p95(all)), pass: p95(all) <= TARGETS.chartMs });
}

async function pageTimes(context: AppContext, dialect: DialectName, rows: Row[]): Promise<void> {
  const app = createApp(context);
  // The app's own service loads the facts on its first request: once per process, reported above.
  await context.observatory.updatedAt();
  // The process's first page compiles the rendering and indexes the facts by block (again after each
  // change of the data): reported apart, with a filter set the measured ones do not reuse.
  const first = performance.now();
  await (await app.request('/en/observatory?from=2001&to=2001')).text();
  rows.push({ measure: `${dialect}: first page of the process (rendering compiled, facts indexed)`, target: '', result: ms(performance.now() - first) });
  const times: number[] = [];
  for (const filters of FILTERS) {
    const query = new URLSearchParams(Object.entries(filters).map(([k, v]) => [k, String(v)])).toString();
    // The first request of each filter set is cold (the figures of another filter set are not reused).
    const started = performance.now();
    const response = await app.request(`/en/observatory${query ? `?${query}` : ''}`);
    await response.text();
    times.push(performance.now() - started);
    if (response.status !== 200) {
      rows.push({ measure: `${dialect}: observatory page`, target: `≤ ${TARGETS.pageMs} ms`, result: `HTTP ${response.status}`, pass: false });
      return;
    }
  }
  rows.push({ measure: `${dialect}: observatory page p95 (GET /en/observatory, cold)`, target: `≤ ${TARGETS.pageMs} ms`, result: ms(p95(times)), pass: p95(times) <= TARGETS.pageMs });
}

async function pdfTime(context: AppContext, dialect: DialectName, rows: Row[]): Promise<void> {
  const started = performance.now();
  await context.observatoryReports.report(2025, 'en');
  const elapsed = performance.now() - started;
  rows.push({ measure: `${dialect}: yearly PDF report (2025)`, target: `≤ ${TARGETS.pdfMs / 1000} s`, result: ms(elapsed), pass: elapsed <= TARGETS.pdfMs });
}

/** Egide's import of `csv` into the organisation `slug`, as `egide import --format csv` runs it. */
async function importCsv(context: AppContext, csv: string, slug: string): Promise<void> {
  const report = await importFile(context, { format: 'csv', file: csv, organisation: slug });
  if (report.created !== IMPORT) throw new Error(`the import of ${slug} created ${report.created} objects of ${IMPORT} (failed ${report.failed})`);
}

/** How long `work` takes, in ms: wall time, and CPU time of this process (its threads included). */
async function timed(work: () => Promise<unknown>): Promise<Times> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  await work();
  const used = process.cpuUsage(cpu);
  return { wall: performance.now() - started, cpu: (used.user + used.system) / 1000 };
}

interface Times {
  wall: number;
  /** Less sensitive than wall time to other work on shared cores; on PostgreSQL without the server's. */
  cpu: number;
}

const fastest = (a: Times, b: Times): Times => ({ wall: Math.min(a.wall, b.wall), cpu: Math.min(a.cpu, b.cpu) });

async function importOverhead(context: AppContext, dialect: DialectName, dataDir: string, rows: Row[]): Promise<void> {
  const generate = await generator(context, 2);
  const triggers = TRIGGERS[dialect];
  const db = context.db as unknown as Kysely<unknown>;
  const csv = join(dataDir, 'import-objects.csv');
  generateCsv(csv, IMPORT);
  // The worst case: bare multi-row SQL inserts of reported objects with incidents.
  const insertReported = () => context.objectRepository.duringBulkWrites(() => importObjects(context, generate, IMPORT));
  const none = { wall: Infinity, cpu: Infinity };
  const best = { import: { with: none, without: none }, sql: { with: none, without: none } };
  /** One import and one worst case with the triggers dropped or present; `with` counts bringing the figures up to date. */
  const measure = async (round: number, triggered: boolean) => {
    const slug = `bench-import-${round}-${triggered ? 'with' : 'without'}`;
    // A new organisation for each import, so that it creates every object.
    await context.organisations.ensure(slug, `Import benchmark ${slug}`, 'museum');
    await triggers.drop(db);
    if (triggered) await triggers.create(db);
    // The figures are current before each timed import.
    await context.observatory.load();
    const time = (work: () => Promise<unknown>) =>
      timed(async () => {
        await work();
        if (triggered) await context.observatory.load();
      });
    const side = triggered ? 'with' : 'without';
    best.import[side] = fastest(best.import[side], await time(() => importCsv(context, csv, slug)));
    best.sql[side] = fastest(best.sql[side], await time(insertReported));
  };
  for (let round = 0; round < ROUNDS; round += 1) {
    say(`${dialect}: import round ${round + 1} of ${ROUNDS}…`);
    // Each import is slower as the registry grows (the search index merged after it is larger): the
    // order alternates, so that neither side always comes second.
    for (const triggered of round % 2 === 0 ? [false, true] : [true, false]) await measure(round, triggered);
  }
  const rate = (times: Times) => `${Math.round(IMPORT / (times.wall / 1000)).toLocaleString('en')} objects/s`;
  const overhead = (times: { with: Times; without: Times }, of: keyof Times) => times.with[of] / times.without[of] - 1;
  const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
  const detail = (times: { with: Times; without: Times }) =>
    `${percent(overhead(times, 'wall'))} (CPU time of this process${dialect === 'postgres' ? ', the server aside' : ''}: ${percent(overhead(times, 'cpu'))}; load ${loadavg()[0]!.toFixed(1)})`;
  const real = `Egide's import (generated CSV of ${IMPORT.toLocaleString('en')} museum objects, egide import --format csv)`;
  rows.push({ measure: `${dialect}: ${real} without the triggers`, target: '', result: rate(best.import.without) });
  rows.push({ measure: `${dialect}: ${real} with the triggers, figures brought up to date`, target: '', result: rate(best.import.with) });
  const imported = overhead(best.import, 'wall');
  rows.push({ measure: `${dialect}: keeping the figures up to date, overhead on Egide's import`, target: `≤ ${TARGETS.overhead * 100} %`, result: detail(best.import), pass: imported <= TARGETS.overhead });
  const worst = `worst case, informational: bare multi-row SQL inserts of ${IMPORT.toLocaleString('en')} reported objects with incidents (not Egide's import)`;
  rows.push({ measure: `${dialect}: ${worst}, without the triggers`, target: '', result: rate(best.sql.without) });
  rows.push({ measure: `${dialect}: ${worst}, with the triggers, figures brought up to date`, target: '', result: rate(best.sql.with) });
  rows.push({ measure: `${dialect}: worst case, informational: overhead on those inserts`, target: '', result: detail(best.sql) });
}

const rows: Row[] = [];
const loadAtStart = loadavg()[0]!;
for (const dialect of DIALECTS) {
  const { context, dataDir, remove } = await registry(dialect, rows);
  try {
    if (!ONLY_IMPORT) {
      say(`${dialect}: charts…`);
      await chartTimes(context, dialect, rows);
      say(`${dialect}: page…`);
      await pageTimes(context, dialect, rows);
      say(`${dialect}: yearly report…`);
      await pdfTime(context, dialect, rows);
    }
    say(`${dialect}: import overhead…`);
    await importOverhead(context, dialect, dataDir, rows);
  } finally {
    await remove();
  }
}

console.log(`\nObservatory benchmark: ${SCALE.toLocaleString('en')} reported objects, ${SIGHTINGS.toLocaleString('en')} sightings; ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown'}); load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end\n`);
console.log('| measure | target | result | |');
console.log('| --- | --- | --- | --- |');
for (const row of rows) console.log(`| ${row.measure} | ${row.target} | ${row.result} | ${row.pass === undefined ? '' : row.pass ? 'PASS' : 'FAIL'} |`);
if (rows.some((row) => row.pass === false)) process.exitCode = 1;
