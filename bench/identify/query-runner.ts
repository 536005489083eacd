/**
 * Benchmark child process: opens a registry as the server would, loads the identification index,
 * then answers the query photos one at a time through the product's identify service, as
 * `egide identify evaluate` does (src/identify/evaluation/protocol.ts). Its own process, so that its
 * peak memory is what a server identifying against this registry needs. Prints one JSON document on stdout.
 *
 *   tsx bench/identify/query-runner.ts DATA_DIR QUERIES_DIR API_TOKEN   (EGIDE_DATABASE_URL: a PostgreSQL registry)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppContext } from '../../src/app/context.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/config/logger.js';
import { answerQuery, warmUp, type QueryOutcome } from '../../src/identify/evaluation/protocol.js';
import { loadOpenCv } from '../../src/identify/opencv.js';

export type NamedOutcome = Omit<QueryOutcome, 'kind' | 'truth'> & { name: string };

export interface RunnerReport {
  images: number;
  loadMs: number;
  peakRssMb: number;
  outcomes: NamedOutcome[];
}

/** Candidates shown per query: recall@5 reads the first five. */
const TOP = 5;

const [dataDir, queriesDir, token] = process.argv.slice(2) as [string, string, string];
// The registry's database: SQLite in DATA_DIR, or EGIDE_DATABASE_URL's (bench:identify --dialect postgres).
const databaseUrl = process.env.EGIDE_DATABASE_URL;
const context = await createAppContext(loadConfig({ data: dataDir, port: 0, logLevel: 'silent' }, databaseUrl ? { EGIDE_DATABASE_URL: databaseUrl } : {}), createLogger('silent'));
const principal = (await context.accounts.principalFromApiToken(token)) ?? null;
await loadOpenCv();
const started = performance.now();
await context.identifyIndex.refresh();
const loadMs = performance.now() - started;

const names = readdirSync(queriesDir).sort();
await warmUp(context.identify, principal, readFileSync(join(queriesDir, names[0]!)));
const outcomes: NamedOutcome[] = [];
for (const name of names) {
  outcomes.push({ name, ...(await answerQuery(context.identify, principal, readFileSync(join(queriesDir, name)), TOP)) });
}
const status = readFileSync('/proc/self/status', 'utf8');
const peakRssMb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
process.stdout.write(JSON.stringify({ images: context.identifyIndex.size, loadMs, peakRssMb, outcomes } satisfies RunnerReport));
await context.close();
