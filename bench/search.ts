/**
 * Search benchmark: `npm run bench:search`.
 *
 * In a fresh data folder: imports the 69,202 Tate records through `ObjectService.upsertMany`, batch
 * by batch as imports do (each batch prepared while the one before is written: util/write-ahead.ts;
 * "Import (writer)" times the writer alone, given 50,000 records at a time; "end to end" also
 * reading and mapping the source, which the benchmark does between the writer's turns), reports
 * some incidents, and runs 100 realistic searches one at a time (words, phrases, prefixes, typos,
 * accents, facets, measurement ranges, browsing, the alert list; five kinds of caller); then scales the registry up to BENCH_SCALE objects with synthetic records
 * recombined from the Tate ones (bench/search-data.ts), loaded through the same path, and runs the
 * same searches again, before and after the full-text index is optimised (merged into one
 * segment, the maintenance step after a bulk import). Prints Markdown tables.
 *
 * Each search runs once unmeasured (caches warm, as in a running server) then once measured; the
 * cold pass is reported too. Latency is the search service's (no HTTP: see bench:http for that).
 *
 * `--dialect sqlite` (the default), `--dialect postgres` (a throwaway PostgreSQL cluster, started
 * and removed by the benchmark, see test-support/postgres-cluster.ts) or `--dialect sqlite,postgres`:
 * each engine in turn, on the same records, in one table.
 *
 * Environment:
 *   BENCH_SCALE   total objects after the scale-up (default 1,000,000; 0 or ≤ 69,202: Tate only)
 *   BENCH_BATCH   objects per upsertMany call (default 1,000)
 *   BENCH_DIR     data folder to use and keep (default: a temporary folder, removed at the end)
 *   BENCH_TATE    the Tate export (default ../shared/datasets/tate/tate-artworks.jsonl.gz from the repository)
 *
 * Targets: p95 ≤ 50 ms per search at 1M objects on 2 cores on SQLite, ≤ 100 ms on PostgreSQL;
 * import ≥ 5,000 objects/s.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Principal } from '../src/roles.js';
import { createAppContext, type AppContext } from '../src/app/context.js';
import { loadConfig } from '../src/config/config.js';
import { createLogger } from '../src/config/logger.js';
import type { DialectName } from '../src/db/database.js';
import { dialectOf } from '../src/db/dialect-of.js';
import { createDatabase, startPostgresCluster } from '../src/test-support/postgres-cluster.js';
import type { ObjectDescription } from '../src/registry/object-record.js';
import { SHARED } from './paths.js';
import { benchQueries, emptyPools, syntheticDescription, tateWithPools, type BenchCaller, type BenchQuery } from './search-data.js';
import { seededRandom } from './seeded-random.js';
import { dialectsOf } from './dialects.js';
import { WriteAhead } from '../src/util/write-ahead.js';

const TATE = process.env.BENCH_TATE ?? join(SHARED, 'datasets/tate/tate-artworks.jsonl.gz');
const SCALE = Number(process.env.BENCH_SCALE ?? 1_000_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 1_000);
const KEEP_DIR = process.env.BENCH_DIR;
const MUSEUMS = 12;
/** One object in this many gets an incident (a third of them losses, three quarters published). */
const INCIDENT_EVERY = 400;
const P95_TARGET_MS: Record<DialectName, number> = { sqlite: 50, postgres: 100 };
const DIALECTS = dialectsOf(process.argv.slice(2));

const IMPORT_TARGET = 5_000;
/** Records read from the source before the writer is given them and timed (~150 MB of descriptions). */
const READ_AHEAD = 50_000;

interface LoadStats {
  records: number;
  upsertMs: number;
  wallMs: number;
  cpuMs: number;
}

interface QueryStats {
  label: string;
  objects: number;
  cold: number[];
  warm: number[];
  perKind: Map<string, number[]>;
  approximate: number;
  suggest: number[];
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const ms = (value: number) => value.toFixed(1);
const rate = (records: number, millis: number) => Math.round(records / (millis / 1000));
const cpuNow = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

async function dbBytes(context: AppContext, dataDir: string): Promise<number> {
  if (dialectOf(context.db) === 'postgres') {
    const { rows } = await sql<{ bytes: number }>`select pg_database_size(current_database()) as bytes`.execute(context.db);
    return rows[0]?.bytes ?? 0;
  }
  await sql`pragma wal_checkpoint(truncate)`.execute(context.db);
  return ['egide.sqlite', 'egide.sqlite-wal'].map((file) => join(dataDir, file)).filter(existsSync).reduce((sum, file) => sum + statSync(file).size, 0);
}

async function load(
  context: AppContext,
  actor: Principal,
  source: AsyncIterable<{ organisationId: number; description: ObjectDescription }>,
  onProgress: (records: number) => void,
): Promise<LoadStats> {
  const stats: LoadStats = { records: 0, upsertMs: 0, wallMs: 0, cpuMs: 0 };
  const started = performance.now();
  const cpuStarted = cpuNow();
  await context.repositories.objects.duringBulkWrites(async () => {
    let batches: Array<{ organisationId: number; items: Array<{ description: ObjectDescription }> }> = [];
    let read = 0;
    // The writer is timed alone (the source is read between its turns), as imports write
    // (interop/import/import-writer.ts): each batch prepared while the one before is written.
    const write = async () => {
      const writer = new WriteAhead();
      const started = performance.now();
      for (const { organisationId, items } of batches) {
        await writer.queue(context.objects.prepareUpsert(items), async (prepared) => {
          const result = await context.objects.upsertMany(actor, organisationId, prepared, 'search benchmark');
          stats.records += result.created + result.updated + result.unchanged;
          onProgress(stats.records);
        });
      }
      await writer.finished();
      stats.upsertMs += performance.now() - started;
      batches = [];
      read = 0;
    };
    for await (const { organisationId, description } of source) {
      const last = batches.at(-1);
      if (last && last.organisationId === organisationId && last.items.length < BATCH) last.items.push({ description });
      else batches.push({ organisationId, items: [{ description }] });
      if (++read >= READ_AHEAD) await write();
    }
    await write();
  });
  stats.wallMs = performance.now() - started;
  stats.cpuMs = cpuNow() - cpuStarted;
  return stats;
}

/** Thefts and losses for one object in INCIDENT_EVERY among those with seq > `after`. */
async function reportIncidents(context: AppContext, actor: Principal, after: number): Promise<number> {
  const { rows } = await sql<{ id: string }>`select id from objects where seq > ${after} and seq % ${INCIDENT_EVERY} = 3 order by seq`.execute(context.db);
  for (const [i, { id }] of rows.entries()) {
    await context.objects.reportIncident(actor, id, { method: i % 3 === 0 ? 'loss' : 'theft', reporter: 'Search benchmark', publish: i % 4 !== 0 });
    if (i % 10 === 5) await context.objects.changeStatus(actor, id, 'recovered', 'Found again (benchmark)');
  }
  return rows.length;
}

async function runQueries(context: AppContext, callers: Record<BenchCaller, Principal | null>, label: string, objects: number): Promise<QueryStats> {
  const queries: BenchQuery[] = benchQueries();
  const stats: QueryStats = { label, objects, cold: [], warm: [], perKind: new Map(), approximate: 0, suggest: [] };
  for (const pass of ['cold', 'warm'] as const) {
    for (const { kind, caller, query } of queries) {
      const t = performance.now();
      const result = await context.search.search(callers[caller], query, 'en');
      const elapsed = performance.now() - t;
      stats[pass].push(elapsed);
      if (pass === 'warm') {
        const kindTimes = stats.perKind.get(kind) ?? [];
        kindTimes.push(elapsed);
        stats.perKind.set(kind, kindTimes);
        if (result.approximate) stats.approximate += 1;
      }
    }
  }
  const prefixes = ['po', 'portr', 'turn', 'lond', 'ven', 'castl', 'gains', 'abst', 'évê', 'retr'];
  for (const [i, prefix] of [...prefixes, ...prefixes].entries()) {
    const caller = ['public', 'tate registrar', 'museum registrar', 'investigator', 'admin'][i % 5] as BenchCaller;
    const t = performance.now();
    await context.search.suggest(callers[caller], prefix, 'en');
    if (i >= prefixes.length) stats.suggest.push(performance.now() - t);
  }
  return stats;
}

function progress(label: string, total: number) {
  let last = 0;
  return (records: number) => {
    const now = performance.now();
    if (now - last < 5_000 && records < total) return;
    last = now;
    process.stderr.write(`${label}: ${records.toLocaleString('en')} / ${total.toLocaleString('en')}\n`);
  };
}

interface Row {
  load: LoadStats;
  bytes: number;
  objects: number;
  incidents: number;
  queries: QueryStats[];
  optimiseMs?: number;
}

/** An empty Egide on the engine, in a data folder (and, on PostgreSQL, a database of a throwaway cluster), and how to remove it. */
async function emptyEgide(dialect: DialectName): Promise<{ context: AppContext; dataDir: string; remove(): Promise<void> }> {
  const dataDir = KEEP_DIR ? join(KEEP_DIR, dialect) : mkdtempSync(join(tmpdir(), 'egide-bench-search-'));
  if (KEEP_DIR) {
    if (existsSync(join(dataDir, 'egide.sqlite'))) throw new Error(`${dataDir} already holds a database: give an empty or new folder.`);
    mkdirSync(dataDir, { recursive: true });
  }
  const cluster = dialect === 'postgres' ? await startPostgresCluster() : undefined;
  const env = cluster ? { EGIDE_DATABASE_URL: await createDatabase(cluster.adminUrl, 'egide_bench') } : {};
  const context = await createAppContext(loadConfig({ data: dataDir, port: 0, logLevel: 'silent' }, env), createLogger('silent'));
  return {
    context,
    dataDir,
    async remove() {
      await context.close();
      cluster?.stop();
      if (!KEEP_DIR) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function benchmark(dialect: DialectName): Promise<Row[]> {
  const { context, dataDir, remove } = await emptyEgide(dialect);
  try {
    const principal = async (org: string, role: 'admin' | 'registrar' | 'investigator') => {
      const found = await context.accounts.principalFromApiToken(await context.accounts.createApiToken(org, role, 'search benchmark'));
      if (!found) throw new Error(`no ${role} for ${org}`);
      return found;
    };
    const tate = await context.organisations.ensure('tate', 'Tate', 'museum');
    const museums: number[] = [];
    for (let i = 1; i <= MUSEUMS; i++) museums.push((await context.organisations.ensure(`museum-${i}`, `Museum ${i}`, 'museum')).id);
    const admin = await principal('secretariat', 'admin');
    const callers: Record<BenchCaller, Principal | null> = {
      public: null,
      'tate registrar': await principal('tate', 'registrar'),
      'museum registrar': await principal('museum-3', 'registrar'),
      investigator: await principal('interpol', 'investigator'),
      admin,
    };

    // 1. The Tate collection.
    const pools = emptyPools();
    async function* tateSource() {
      for await (const description of tateWithPools(TATE, pools)) yield { organisationId: tate.id, description };
    }
    const tateLoad = await load(context, admin, tateSource(), progress(`${dialect}: Tate`, 69_202));
    const tateIncidents = await reportIncidents(context, admin, 0);
    const tateBytes = await dbBytes(context, dataDir);
    const rows: Row[] = [];
    rows.push({ load: tateLoad, bytes: tateBytes, objects: tateLoad.records, incidents: tateIncidents, queries: [await runQueries(context, callers, 'Tate', tateLoad.records)] });

    // 2. The synthetic scale-up, through the same path.
    if (SCALE > tateLoad.records) {
      const { rows: newest } = await sql<{ seq: number }>`select max(seq) as seq from objects`.execute(context.db);
      const before = newest[0]?.seq ?? 0;
      const rnd = seededRandom(2024);
      async function* synthetic() {
        let museum = 0;
        for (let i = tateLoad.records; i < SCALE; i++) {
          // Each museum receives whole batches, in turn, as several museums importing their inventories.
          if ((i - tateLoad.records) % BATCH === 0) museum = (museum + 1) % MUSEUMS;
          yield { organisationId: museums[museum]!, description: syntheticDescription(pools, i, rnd) };
        }
      }
      const scaleLoad = await load(context, admin, synthetic(), progress(`${dialect}: synthetic`, SCALE - tateLoad.records));
      const incidents = await reportIncidents(context, admin, before);
      const objects = tateLoad.records + scaleLoad.records;
      const loaded = await runQueries(context, callers, 'as imported', objects);
      const t = performance.now();
      await context.objects.optimizeSearchIndex();
      const optimiseMs = performance.now() - t;
      const optimised = await runQueries(context, callers, 'index optimised', objects);
      rows.push({ load: scaleLoad, bytes: await dbBytes(context, dataDir), objects, incidents: tateIncidents + incidents, queries: [loaded, optimised], optimiseMs });
    }
    return rows;
  } finally {
    await remove();
  }
}

function report(runs: Array<[DialectName, Row[]]>): string {
  const out: string[] = [];
  out.push(`## Search benchmark (${new Date().toISOString().slice(0, 10)})`, '');
  out.push(
    `Machine: ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown'}), load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' / ')}; Node ${process.version}; batches of ${BATCH}; peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB.`,
    '',
  );
  out.push('| Engine | Registry | Objects | Import (writer) | Import (end to end) | Import per CPU-second | DB size | Per object | Searches | p50 | p95 | max | cold p95 | Approximate | Suggest p95 |');
  out.push('|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|');
  for (const [dialect, rows] of runs) {
    for (const [i, row] of rows.entries()) {
      const name = i === 0 ? 'Tate' : 'Tate + synthetic';
      for (const [j, q] of row.queries.entries()) {
        const importCells =
          j === 0
            ? [`${rate(row.load.records, row.load.upsertMs).toLocaleString('en')} /s`, `${rate(row.load.records, row.load.wallMs).toLocaleString('en')} /s`, `${rate(row.load.records, row.load.cpuMs).toLocaleString('en')} /s`, `${(row.bytes / 1e6).toFixed(0)} MB`, `${Math.round(row.bytes / row.objects).toLocaleString('en')} B`]
            : ['', '', '', '', ''];
        out.push(
          `| ${i === 0 && j === 0 ? dialect : ''} | ${j === 0 ? name : ''} | ${j === 0 ? row.objects.toLocaleString('en') : ''} | ${importCells.join(' | ')} | ${q.label} | ${ms(percentile(q.warm, 50))} ms | **${ms(percentile(q.warm, 95))} ms** | ${ms(Math.max(...q.warm))} ms | ${ms(percentile(q.cold, 95))} ms | ${q.approximate} / ${q.warm.length} | ${ms(percentile(q.suggest, 95))} ms |`,
        );
      }
    }
  }
  out.push('');
  for (const [dialect, rows] of runs) {
    const last = rows.at(-1)!;
    const final = last.queries.at(-1)!;
    out.push(`${dialect}: incidents: ${last.incidents.toLocaleString('en')} objects reported (three quarters published). ${last.optimiseMs === undefined ? '' : `Optimising the full-text index after the scale-up took ${(last.optimiseMs / 1000).toFixed(1)} s.`}`, '');
    out.push(`${dialect}: per kind of search at ${last.objects.toLocaleString('en')} objects (${final.label}, warm):`, '');
    out.push('| Kind | Searches | p50 | p95 | max |', '|---|---:|---:|---:|---:|');
    for (const [kind, times] of final.perKind) out.push(`| ${kind} | ${times.length} | ${ms(percentile(times, 50))} ms | ${ms(percentile(times, 95))} ms | ${ms(Math.max(...times))} ms |`);
    out.push('');
    const importRate = rate(last.load.records, last.load.upsertMs);
    const target = P95_TARGET_MS[dialect];
    out.push(
      `${dialect}: targets: p95 ≤ ${target} ms at ${last.objects.toLocaleString('en')} objects: ${percentile(final.warm, 95) <= target ? 'met' : 'MISSED'} (${ms(percentile(final.warm, 95))} ms); import ≥ ${IMPORT_TARGET.toLocaleString('en')} objects/s through upsertMany: ${importRate >= IMPORT_TARGET ? 'met' : 'MISSED'} (${importRate.toLocaleString('en')} /s).`,
      '',
    );
  }
  out.push(
    '"Approximate": searches whose result says it took shortcuts (`approximate` in the result: more matches than one search examines, so the total is a lower bound, facets count the best matches, or relevance ranks title and maker matches first instead of bm25).',
  );
  return out.join('\n');
}

async function main(): Promise<void> {
  if (!existsSync(TATE)) throw new Error(`The Tate export is not at ${TATE}; set BENCH_TATE.`);
  const runs: Array<[DialectName, Row[]]> = [];
  for (const dialect of DIALECTS) runs.push([dialect, await benchmark(dialect)]);
  process.stdout.write(`${report(runs)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
