/**
 * Import and export benchmark: `npm run bench:import`, one table.
 *
 * In a fresh data folder, each command runs as its own process, as people run it (`node
 * bin/egide.js …`: the compiled build when `npm run build` has made dist/, as a deployment runs it,
 * the TypeScript sources through tsx otherwise; the table's caption says which), timed from start
 * to exit (Node's start included), its peak memory read from /proc/<pid>/status (VmHWM) while it runs:
 * - the 69,202 records of Tate's export through `egide import --format jsonl --mapping
 *   mappings/tate.json`, then again (everything unchanged);
 * - a generated CSV of BENCH_ROWS varied objects (multi-language titles, two-level types,
 *   materials, measurements, dates, makers, places, a quoted multi-line cell every 10 rows) through
 *   `egide import --format csv`, then again;
 * - the LIDO examples of ../shared/standards/lido/examples through `egide import --format lido`;
 * - `egide export --format lido|linked-art|csv` of the Tate objects;
 * - a generated JSON export (bench/json-export.ts) of BENCH_JSON_RECORDS records through
 *   `egide import --format json --mapping`: as a folder of per-object files in nested folders, then
 *   the same records as one JSON array of about 2 GB (each into its own organisation);
 * then the IIIF tile latency rows of bench/iiif-tiles.ts (in this process).
 *
 * `--dialect sqlite` (the default), `--dialect postgres` or `--dialect sqlite,postgres`: the import
 * and export rows on each engine in turn, in one table. PostgreSQL is a throwaway cluster started
 * and removed by the benchmark (test-support/postgres-cluster.ts), with the durability a deployment
 * has (fsync, synchronous commits and full-page writes on, unlike the test clusters), one database
 * per run given to each command as EGIDE_DATABASE_URL; its rows add the CPU time the server spent.
 * Targets on 2 cores: imports ≥ 5,000 records/s with ≤ 300 MB; tiles p95 ≤ 300 ms cold, ≤ 50 ms cached.
 *
 * Environment: BENCH_ROWS (default 50,000), BENCH_BATCH (records per transaction, default egide's),
 * BENCH_TATE (the Tate export), BENCH_DIR (data folder to use and keep; default a temporary one),
 * BENCH_ONLY (some of the rows: a comma-separated list of tate, csv, lido, export, json, iiif),
 * BENCH_JSON_RECORDS (default 120,000), BENCH_JSON_RECORD_BYTES (about 17,000: a 2 GB array),
 * BENCH_JSON_DIR (where the JSON export is generated and kept for the next run; default bench/.work/json-export),
 * BENCH_EGIDE (the CLI to run instead of bin/egide.js, e.g. a build made elsewhere).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { IMPORT_FORMATS } from '../src/interop/import/import-formats.js';
import { DEFAULT_BATCH_SIZE } from '../src/interop/import/import-pipeline.js';
import type { DialectName } from '../src/db/database.js';
import { createDatabase, startPostgresCluster, type PostgresCluster } from '../src/test-support/postgres-cluster.js';
import { generateCsv } from './import-csv.js';
import { benchIiifTiles } from './iiif-tiles.js';
import { generateJsonExport } from './json-export.js';
import { REPO_ROOT as ROOT, SHARED } from './paths.js';
import { dialectsOf } from './dialects.js';

const EGIDE = process.env.BENCH_EGIDE ? resolve(process.env.BENCH_EGIDE) : join(ROOT, 'bin', 'egide.js');
const TATE = process.env.BENCH_TATE ?? join(SHARED, 'datasets/tate/tate-artworks.jsonl.gz');
const LIDO_EXAMPLES = join(SHARED, 'standards/lido/examples');
const ROWS = Number(process.env.BENCH_ROWS ?? 50_000);
const BATCH = process.env.BENCH_BATCH;
const JSON_RECORDS = Number(process.env.BENCH_JSON_RECORDS ?? 120_000);
const JSON_RECORD_BYTES = Number(process.env.BENCH_JSON_RECORD_BYTES ?? 17_000);
const JSON_DIR = resolve(ROOT, process.env.BENCH_JSON_DIR ?? 'bench/.work/json-export');
const GROUPS = ['tate', 'csv', 'lido', 'export', 'json', 'iiif'] as const;
const ONLY = new Set(process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',').map((group) => group.trim()) : GROUPS);
const runs = (group: (typeof GROUPS)[number]) => ONLY.has(group);
const DIALECTS = dialectsOf(process.argv.slice(2));
const RATE_TARGET = 5_000;
const MEMORY_TARGET_MB = 300;
/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS = 100;


/** A deployment's durability, where the test clusters turn it off to create databases fast. */
const DURABLE = { fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on' };

const say = (line: string) => process.stderr.write(`bench:import: ${line}\n`);
const number = (n: number) => Math.round(n).toLocaleString('en-US');

interface Run {
  seconds: number;
  cpuSeconds: number;
  /** On PostgreSQL, the CPU time the cluster's processes spent meanwhile (the server's share of the work). */
  serverCpuSeconds?: number;
  peakMb: number;
  stdout: string;
}

/**
 * The fields of /proc/<pid>/stat after the command name (which may hold spaces, inside parentheses):
 * [1] the parent, [11] and [12] the process's user and system time, [13] and [14] those of the children it reaped.
 */
function statFields(pid: string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/**
 * Peak resident memory (VmHWM) and CPU time so far of a running process, or undefined once it has
 * gone (an exited process not yet reaped has no memory lines left).
 */
function sample(pid: number): { peakKb: number; cpuTicks: number } | undefined {
  try {
    const peak = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    const fields = statFields(String(pid));
    return peak === undefined || !fields ? undefined : { peakKb: Number(peak), cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

/**
 * CPU ticks so far of the PostgreSQL server listening on `port`: its postmaster with the children
 * it has reaped (a connection's backend ends with its client), and the children still running.
 */
function serverCpuTicks(port: string): number {
  const pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  const postmaster = pids.find((pid) => {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return argv[0]?.endsWith('/postgres') && argv.includes(`port=${port}`);
    } catch {
      return false;
    }
  });
  if (!postmaster) throw new Error(`no PostgreSQL server on port ${port}`);
  let ticks = 0;
  for (const pid of pids) {
    const fields = statFields(pid);
    if (!fields) continue;
    if (pid === postmaster) ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    else if (fields[1] === postmaster) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks;
}

/** Runs `egide …` in its own process (`env`: the database it uses); its progress and failures go to our stderr. */
async function egide(args: string[], env: Record<string, string>, serverPort?: string): Promise<Run> {
  const serverStarted = serverPort === undefined ? 0 : serverCpuTicks(serverPort);
  const started = performance.now();
  const child = spawn(process.execPath, [EGIDE, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env, EGIDE_LOG_LEVEL: 'warn' } });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.pipe(process.stderr);
  let last = { peakKb: 0, cpuTicks: 0 };
  const poll = setInterval(() => (last = sample(child.pid!) ?? last), 50);
  const code = await new Promise<number | null>((done) => child.on('close', done));
  clearInterval(poll);
  if (code !== 0) throw new Error(`egide ${args.join(' ')} exited with ${code}`);
  const seconds = (performance.now() - started) / 1000;
  const server = serverPort === undefined ? {} : { serverCpuSeconds: (serverCpuTicks(serverPort) - serverStarted) / TICKS };
  return { seconds, cpuSeconds: last.cpuTicks / TICKS, peakMb: last.peakKb / 1024, stdout, ...server };
}

interface Counts {
  created: number;
  updated: number;
  unchanged: number;
  warned: number;
  failed: number;
}

interface Row {
  dialect?: DialectName;
  what: string;
  records: number;
  run: Run;
  /** An import's counts. */
  counts?: Counts;
  /** What an export wrote. */
  bytes?: number;
  /** Whether the row is held to the import targets. */
  targets: boolean;
}

const IMPORT_SUMMARY = /created (\d+), updated (\d+), unchanged (\d+), warned (\d+), failed (\d+)/;

async function importRow(what: string, args: string[], env: Record<string, string>, serverPort?: string): Promise<Row> {
  say(`${what}…`);
  const run = await egide(['import', ...args, ...(BATCH ? ['--batch', BATCH] : [])], env, serverPort);
  const m = IMPORT_SUMMARY.exec(run.stdout);
  if (!m) throw new Error(`no summary from egide import ${args.join(' ')}: ${run.stdout}`);
  const [created, updated, unchanged, warned, failed] = m.slice(1).map(Number) as [number, number, number, number, number];
  return { what, records: created + updated + unchanged + failed, run, counts: { created, updated, unchanged, warned, failed }, targets: true };
}

function print(rows: Row[], tiles: Awaited<ReturnType<typeof benchIiifTiles>>): void {
  const out = [
    '| engine | measure | records | time | records/s | peak memory | CPU | server CPU | target | result | detail |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|---|---|',
  ];
  for (const { dialect, what, records, run, counts, bytes, targets } of rows) {
    const rate = records / run.seconds;
    const verdict = targets ? (rate >= RATE_TARGET && run.peakMb <= MEMORY_TARGET_MB ? 'PASS' : 'FAIL') : '';
    const target = targets ? `≥ ${number(RATE_TARGET)}/s, ≤ ${MEMORY_TARGET_MB} MB` : '';
    const detail = counts
      ? `created ${number(counts.created)}, updated ${number(counts.updated)}, unchanged ${number(counts.unchanged)}, warned ${number(counts.warned)}, failed ${number(counts.failed)}`
      : `${((bytes ?? 0) / 1e6).toFixed(0)} MB written`;
    out.push(`| ${dialect ?? ''} | ${what} | ${number(records)} | ${run.seconds.toFixed(1)} s | ${number(rate)} | ${number(run.peakMb)} MB | ${run.cpuSeconds.toFixed(1)} s | ${run.serverCpuSeconds === undefined ? '' : `${run.serverCpuSeconds.toFixed(1)} s`} | ${target} | ${verdict} | ${detail} |`);
  }
  for (const tile of tiles) {
    const verdict = tile.pass === null ? '' : tile.pass ? 'PASS' : 'FAIL';
    out.push(`| | IIIF: ${tile.measure} | ${tile.requests} request${tile.requests === 1 ? '' : 's'} | p50 ${tile.p50Ms.toFixed(1)} ms, p95 ${tile.p95Ms.toFixed(1)} ms | | | | | ${tile.targetMs === null ? '' : `p95 ≤ ${tile.targetMs} ms`} | ${verdict} | |`);
  }
  console.log(`\n${out.join('\n')}`);
}

/** What bin/egide.js runs: the compiled build if there is one (noting when src/ changed after it), else the sources. */
function egideBuild(): string {
  if (process.env.BENCH_EGIDE) return `${EGIDE} (BENCH_EGIDE)`;
  const compiled = join(ROOT, 'dist', 'cli', 'main.js');
  if (!existsSync(compiled)) return 'the TypeScript sources through tsx (no dist/)';
  const built = statSync(compiled).mtimeMs;
  const sources = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).map((file) => statSync(join(ROOT, 'src', file)).mtimeMs);
  const stale = sources.some((changed) => changed > built);
  return `the compiled build (dist/, as \`npm run build\` makes it for a deployment)${stale ? ' — OLDER THAN src/: run npm run build' : ''}`;
}

/**
 * The import and export rows on one engine, in `dir`: a data folder, and on PostgreSQL a database
 * of `cluster`.
 */
async function benchmark(dialect: DialectName, dir: string, cluster: PostgresCluster | undefined): Promise<Row[]> {
  mkdirSync(dir, { recursive: true });
  const env: Record<string, string> = cluster ? { EGIDE_DATABASE_URL: await createDatabase(cluster.adminUrl, 'egide_bench_import') } : {};
  const data = ['--data', join(dir, 'data')];
  const orgs = [['tate', 'Tate'], ['bench-museum', 'Bench museum'], ['lido-examples', 'LIDO examples'], ['json-folder', 'JSON folder museum'], ['json-array', 'JSON array museum']];
  for (const [slug, name] of orgs) await egide(['org', 'add', '--slug', slug!, '--name', name!, ...data], env);
  const rows: Row[] = [];
  const serverPort = cluster ? new URL(cluster.adminUrl).port : undefined;
  const row = async (what: string, args: string[]) => ({ ...(await importRow(`${dialect}: ${what}`, args, env, serverPort)), what, dialect });
  const tate = ['--format', 'jsonl', '--mapping', join(ROOT, 'mappings', 'tate.json'), '--org', 'tate', ...data, TATE];
  if (runs('tate') || runs('export')) rows.push(await row('Tate export, jsonl + mappings/tate.json, first run', tate));
  if (runs('tate')) rows.push(await row('Tate export, re-run', tate));

  if (runs('csv')) {
    const csv = join(dir, 'objects.csv');
    generateCsv(csv, ROWS);
    const csvArgs = ['--format', 'csv', '--org', 'bench-museum', ...data, csv];
    rows.push(await row(`generated CSV (${(statSync(csv).size / 1e6).toFixed(1)} MB), first run`, csvArgs));
    rows.push(await row('generated CSV, re-run', csvArgs));
  }

  if (runs('lido') && Object.hasOwn(IMPORT_FORMATS, 'lido')) {
    rows.push({ ...(await row('LIDO examples (../shared/standards/lido/examples)', ['--format', 'lido', '--org', 'lido-examples', ...data, LIDO_EXAMPLES])), targets: false });
  } else if (runs('lido')) {
    say('the lido import format is not registered: no LIDO row');
  }

  if (runs('json')) {
    say(`generating the JSON export (${number(JSON_RECORDS)} records) in ${JSON_DIR}, unless it is there…`);
    const json = generateJsonExport(JSON_DIR, JSON_RECORDS, JSON_RECORD_BYTES);
    const gb = (bytes: number) => `${(bytes / 1e9).toFixed(2)} GB`;
    const mapped = ['--format', 'json', '--mapping', json.mapping, ...data];
    rows.push(await row(`JSON folder: ${number(JSON_RECORDS)} files in nested folders (${gb(json.folderBytes)}), json + mapping`, [...mapped, '--org', 'json-folder', json.folder]));
    rows.push(await row(`JSON array: the same records in one file (${gb(json.arrayBytes)}), json + mapping`, [...mapped, '--org', 'json-array', json.array]));
  }

  const tateObjects = rows[0] ? rows[0].records - rows[0].counts!.failed : 0;
  for (const format of runs('export') ? ['lido', 'linked-art', 'csv'] : []) {
    say(`${dialect}: export ${format}…`);
    const out = join(dir, `tate-export.${format === 'linked-art' ? 'jsonl' : format === 'lido' ? 'xml' : 'csv'}`);
    const run = await egide(['export', '--format', format, '--org', 'tate', '--out', out, ...data], env, serverPort);
    rows.push({ dialect, what: `export --format ${format} of the Tate objects`, records: tateObjects, run, bytes: statSync(out).size, targets: false });
  }
  return rows;
}

const dir = process.env.BENCH_DIR ?? mkdtempSync(join(tmpdir(), 'egide-bench-import-'));
mkdirSync(dir, { recursive: true });
const cluster = DIALECTS.includes('postgres') ? await startPostgresCluster({ settings: DURABLE }) : undefined;
try {
  const batch = BATCH ? `batch ${BATCH}` : `batch ${DEFAULT_BATCH_SIZE} (egide's default)`;
  console.log(`egide: ${egideBuild()}; ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average ${loadavg()[0]!.toFixed(1)}, ${batch}; each command in its own process, Node's start included`);
  const rows: Row[] = [];
  for (const dialect of DIALECTS) rows.push(...(await benchmark(dialect, join(dir, dialect), dialect === 'postgres' ? cluster : undefined)));
  console.log(`load average at the end: ${loadavg().map((load) => load.toFixed(1)).join(', ')} (1, 5, 15 min)`);
  if (runs('iiif')) say('IIIF tiles…');
  print(rows, runs('iiif') ? await benchIiifTiles() : []);
} finally {
  cluster?.stop();
  if (!process.env.BENCH_DIR) rmSync(dir, { recursive: true, force: true });
}
