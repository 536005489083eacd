/**
 * HTTP load benchmark: `npm run bench:http`.
 *
 * Starts the real server (`egide serve`) as a child process on a fresh temp data dir, so the load
 * generator (autocannon, in this process) and the server do not share an event loop, then loads
 * each endpoint with 50 connections and prints a Markdown table; then a burst of identifications
 * with 30 MB uploads, with the latency of light requests and the server's memory meanwhile
 * (identify-burst.ts); then an admin's object reads and searches with the audit trail and without
 * it (audit-overhead.ts). With `BENCH_ONLY=instances`, the endpoints' load against one server on
 * SQLite, one on PostgreSQL and two on PostgreSQL behind haproxy, side by side (instances.ts).
 *
 * Environment:
 *   BENCH_DURATION   seconds of measured load per endpoint (default 10)
 *   BENCH_WARMUP     seconds of unmeasured warm-up load per endpoint (default 2)
 *   BENCH_CPU_PROF   directory: run the server with `--cpu-prof` and write its profile there
 *   BENCH_STRICT=1   also exit non-zero when a row misses its target (errors/non-2xx always do)
 *   BENCH_ONLY       some of the rows: `endpoints`, `burst`, `audit`, `instances` (comma-separated;
 *                    default the first three: `instances` needs PostgreSQL and haproxy installed)
 *
 * Exit status: 1 on any non-2xx response, request error, or setup failure; 0 otherwise.
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from './paths.js';
import { MemorySampler } from './process-memory.js';
import { percentile } from './percentile.js';
import { BURST_SERVER_ENV, burstTable, identificationBurst } from './identify-burst.js';
import { auditOverhead, auditTable, type LaunchedServer } from './audit-overhead.js';
import { instancesComparison, instancesTable } from './instances.js';

const HOST = '127.0.0.1';
const CONNECTIONS = 50;
const DURATION_S = positiveNumber('BENCH_DURATION', 10);
const WARMUP_S = positiveNumber('BENCH_WARMUP', 2, true);
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF ? resolve(process.env.BENCH_CPU_PROF) : undefined;
const STRICT = process.env.BENCH_STRICT === '1';
/** `BENCH_ONLY=audit` (or any of `endpoints,burst,audit,instances`) runs some of the rows. */
const ONLY = new Set((process.env.BENCH_ONLY || 'endpoints,burst,audit').split(','));
// A server on a new PostgreSQL database migrates it before it is healthy: ~5 s idle, over 30 s on two busy cores.
const STARTUP_TIMEOUT_MS = 120_000;
const SHUTDOWN_TIMEOUT_MS = 15_000;

const P95_TARGET_MS = 30;

interface Target {
  path: string;
  /** Minimum req/s; absent: only the p95 target applies. */
  minRps?: number;
}

const TARGETS: Target[] = [
  { path: '/api/v1/partners', minRps: 1500 },
  { path: '/api/v1/partners?lang=fr' },
  { path: '/fr/partners', minRps: 800 },
  { path: '/en/partners/wco' },
];

interface Row {
  target: Target;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  responses: number;
  non2xx: number;
  statusCounts: Map<number, number>;
  errors: number;
  errorSamples: string[];
  rssMaxMb: number | undefined;
  hwmMb: number | undefined;
  pass: boolean;
  failures: string[];
}

function positiveNumber(name: string, fallback: number, allowZero = false): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new Error(`${name}=${raw} is not a valid number of seconds`);
  }
  return value;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, HOST);
  await once(probe, 'listening');
  const address = probe.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((done) => probe.close(() => done()));
  if (!port) throw new Error('could not find a free port');
  return port;
}

/** The child's output, kept (bounded) to show when something goes wrong. */
class OutputTail {
  private text = '';
  append(chunk: Buffer): void {
    this.text = (this.text + chunk.toString('utf8')).slice(-16_000);
  }
  tail(): string {
    return this.text.trim();
  }
}

interface Server {
  child: ChildProcess;
  pid: number;
  baseUrl: string;
  output: OutputTail;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startServer(dataDir: string, port: number, env: NodeJS.ProcessEnv = {}): Server {
  const nodeArgs = ['--import', 'tsx'];
  if (CPU_PROF_DIR) nodeArgs.push('--cpu-prof', '--cpu-prof-dir', CPU_PROF_DIR);
  const args = [...nodeArgs, 'src/cli/main.ts', 'serve', '--data', dataDir, '--port', String(port), '--log-level', 'warn', '--host', HOST];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...BURST_SERVER_ENV, ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error('could not spawn the server process');
  const output = new OutputTail();
  child.stdout?.on('data', (chunk: Buffer) => output.append(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.append(chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.once('exit', (code, signal) => done({ code, signal }));
  });
  return { child, pid: child.pid, baseUrl: `http://${HOST}:${port}`, output, exited };
}

async function waitForHealthy(server: Server): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let lastProblem = 'no answer yet';
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void server.exited.then((status) => (exited = status));
  while (Date.now() < deadline) {
    if (exited) {
      throw new Error(`the server exited before it was healthy (code ${exited.code}, signal ${exited.signal}):\n${server.output.tail()}`);
    }
    try {
      const response = await fetch(`${server.baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
      lastProblem = `GET /healthz answered ${response.status}`;
    } catch (error) {
      lastProblem = error instanceof Error ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}` : String(error);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`the server was not healthy within ${STARTUP_TIMEOUT_MS / 1000} s (last: ${lastProblem}):\n${server.output.tail()}`);
}

async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => {
    process.stderr.write(`the server did not stop within ${SHUTDOWN_TIMEOUT_MS / 1000} s of SIGTERM; killing it\n`);
    server.child.kill('SIGKILL');
  }, SHUTDOWN_TIMEOUT_MS);
  const { code, signal } = await server.exited;
  clearTimeout(timer);
  if (code !== 0) {
    process.exitCode = 1;
    process.stderr.write(`the server did not shut down cleanly (code ${code}, signal ${signal}):\n${server.output.tail()}\n`);
  }
}

interface LoadResult {
  result: autocannon.Result;
  latencies: number[];
  statusCounts: Map<number, number>;
  errors: number;
  errorSamples: string[];
}

function load(url: string, durationS: number, headers: Record<string, string> = {}): Promise<LoadResult> {
  const latencies: number[] = [];
  const statusCounts = new Map<number, number>();
  const errorSamples: string[] = [];
  let errors = 0;
  return new Promise((done, fail) => {
    const instance = autocannon({ url, headers, connections: CONNECTIONS, duration: durationS, pipelining: 1, timeout: 10 }, (error, result) => {
      if (error) fail(error);
      else done({ result, latencies, statusCounts, errors, errorSamples });
    });
    instance.on('response', (_client, statusCode, _resBytes, responseTime) => {
      latencies.push(responseTime);
      statusCounts.set(statusCode, (statusCounts.get(statusCode) ?? 0) + 1);
    });
    instance.on('reqError', (error) => {
      errors += 1;
      if (errorSamples.length < 5) errorSamples.push(error.message);
    });
  });
}

async function checkOnce(baseUrl: string, path: string): Promise<void> {
  const response = await fetch(`${baseUrl}${path}`, { signal: AbortSignal.timeout(10_000) });
  const body = await response.text();
  if (response.status < 200 || response.status >= 300) {
    throw new Error(`GET ${path} answered ${response.status} before any load:\n${body.slice(0, 2_000)}`);
  }
}

async function benchmark(server: Server, target: Target, memory: MemorySampler): Promise<Row> {
  const url = `${server.baseUrl}${target.path}`;
  await checkOnce(server.baseUrl, target.path);
  let warmupProblems = 0;
  if (WARMUP_S > 0) {
    process.stderr.write(`warming up GET ${target.path} (${WARMUP_S} s)\n`);
    const warm = await load(url, WARMUP_S);
    warmupProblems = warm.errors + warm.result.non2xx;
  }

  process.stderr.write(`measuring GET ${target.path} (${DURATION_S} s, ${CONNECTIONS} connections)\n`);
  memory.start();
  const run = await load(url, DURATION_S);
  await memory.stop();

  const sorted = Float64Array.from(run.latencies).sort();
  let non2xx = 0;
  for (const [status, count] of run.statusCounts) if (status < 200 || status >= 300) non2xx += count;
  const row: Row = {
    target,
    rps: run.latencies.length / run.result.duration,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    responses: run.latencies.length,
    non2xx,
    statusCounts: run.statusCounts,
    errors: run.errors,
    errorSamples: run.errorSamples,
    rssMaxMb: memory.rssMaxKb === undefined ? undefined : memory.rssMaxKb / 1024,
    hwmMb: memory.hwmKb === undefined ? undefined : memory.hwmKb / 1024,
    pass: true,
    failures: [],
  };
  if (warmupProblems > 0) row.failures.push(`${warmupProblems} non-2xx/errors during warm-up`);
  if (row.responses === 0) row.failures.push('no responses');
  if (row.non2xx > 0) row.failures.push(`${row.non2xx} non-2xx`);
  if (row.errors > 0) row.failures.push(`${row.errors} errors`);
  if (target.minRps !== undefined && !(row.rps >= target.minRps)) row.failures.push(`req/s < ${target.minRps}`);
  if (!(row.p95 < P95_TARGET_MS)) row.failures.push(`p95 ≥ ${P95_TARGET_MS} ms`);
  row.pass = row.failures.length === 0;
  return row;
}

const fmt = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const fmtInt = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a');

function printReport(rows: Row[]): void {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const lines = [
    '',
    `Node ${process.version}, ${availableParallelism()} CPUs (${cpu}); ${CONNECTIONS} connections, ${DURATION_S} s per endpoint after ${WARMUP_S} s warm-up; server in a child process.`,
    `Targets: \`GET /api/v1/partners\` ≥ 1,500 req/s, \`GET /fr/partners\` ≥ 800 req/s, p95 < ${P95_TARGET_MS} ms (the \`?lang=fr\` and \`wco\` rows: p95 only).`,
    '',
    '| endpoint | req/s | p50 ms | p95 ms | p99 ms | non-2xx | server RSS MB (peak) | result |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const row of rows) {
    const rss = row.rssMaxMb === undefined ? 'n/a' : `${fmt(row.rssMaxMb)} (${row.hwmMb === undefined ? 'n/a' : fmt(row.hwmMb)})`;
    const nonOk = row.errors > 0 ? `${row.non2xx} (+${row.errors} errors)` : String(row.non2xx);
    const verdict = row.pass ? 'PASS' : `FAIL: ${row.failures.join(', ')}`;
    lines.push(
      `| \`GET ${row.target.path}\` | ${fmtInt(row.rps)} | ${fmt(row.p50)} | ${fmt(row.p95)} | ${fmt(row.p99)} | ${nonOk} | ${rss} | ${verdict} |`,
    );
  }
  lines.push('', 'RSS column: highest sampled VmRSS during the measured run (VmHWM, the process peak so far, in parentheses).');
  for (const row of rows) {
    if (row.non2xx === 0 && row.errors === 0) continue;
    const statuses = [...row.statusCounts].map(([status, count]) => `${status}×${count}`).join(', ');
    lines.push(`GET ${row.target.path}: statuses ${statuses}${row.errorSamples.length ? `; errors: ${row.errorSamples.join(' | ')}` : ''}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** A server of its own on a fresh data folder, with extra settings (the audit rows compare two). */
async function launch(env: NodeJS.ProcessEnv): Promise<LaunchedServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'egide-bench-'));
  const server = startServer(dataDir, await freePort(), env);
  const stop = async () => {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  };
  await waitForHealthy(server).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { baseUrl: server.baseUrl, dataDir, stop };
}

/** A warmed-up, measured load with headers, for the audit rows. */
async function measuredLoad(url: string, headers: Record<string, string>) {
  if (WARMUP_S > 0) await load(url, WARMUP_S, headers);
  const run = await load(url, DURATION_S, headers);
  return { latencies: run.latencies, non2xx: run.result.non2xx + run.errors, rps: run.latencies.length / run.result.duration };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'egide-bench-'));
  let server: Server | undefined;
  const cleanUp = async () => {
    if (server) await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: stopping the server\n`);
    // A signal handler cannot wait: clean up, then exit whatever the clean-up did.
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const port = await freePort();
    server = startServer(dataDir, port);
    await waitForHealthy(server);
    process.stderr.write(`server pid ${server.pid} healthy at ${server.baseUrl} (data ${dataDir})\n`);

    const memory = new MemorySampler(server.pid);
    const rows: Row[] = [];
    if (ONLY.has('endpoints')) for (const target of TARGETS) rows.push(await benchmark(server, target, memory));
    const burst = ONLY.has('burst') ? await identificationBurst(server.baseUrl, server.pid) : [];
    const audit = ONLY.has('audit') ? auditTable(await auditOverhead(launch, measuredLoad)) : undefined;
    const instances = ONLY.has('instances') ? await instancesComparison(launch, measuredLoad, TARGETS.map((target) => target.path)) : [];
    if (rows.length > 0) printReport(rows);
    if (burst.length > 0) process.stdout.write(`${burstTable(burst)}\n`);
    if (audit) process.stdout.write(`${audit.table}\n`);
    if (instances.length > 0) process.stdout.write(`${instancesTable(instances, availableParallelism())}\n`);

    const broken = rows.some((row) => row.non2xx > 0 || row.errors > 0 || row.responses === 0) || instances.some((row) => row.non2xx > 0);
    if (broken) process.exitCode = 1;
    else if (STRICT && ([...rows, ...burst].some((row) => row.pass === false) || audit?.pass === false)) process.exitCode = 1;
  } catch (error) {
    process.exitCode = 1;
    process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  } finally {
    await cleanUp();
    if (CPU_PROF_DIR) process.stderr.write(`server CPU profile written to ${CPU_PROF_DIR}\n`);
  }
}

await main();
