/**
 * The instances rows of `npm run bench:http` (`BENCH_ONLY=instances`): the same GET load as the
 * endpoint rows against one server on SQLite (the baseline), one server on PostgreSQL, that server
 * behind haproxy, and two servers on the same PostgreSQL database behind haproxy (round robin). The
 * PostgreSQL cluster is a throwaway one (test-support/postgres-cluster.ts: fsync off, which does not
 * matter to reads). Every process — servers, haproxy, PostgreSQL and the load generator — shares the
 * machine's cores: on two cores a second instance has no core of its own, and the ratio says so.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLoadBalancer } from '../src/test-support/load-balancer.js';
import { createDatabase, startPostgresCluster } from '../src/test-support/postgres-cluster.js';
import type { LaunchedServer, Load } from './audit-overhead.js';
import { percentile } from './percentile.js';

export interface InstancesRow {
  setup: string;
  path: string;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
}

interface Setup {
  name: string;
  /** Starts the setup: its base URL, and how to stop it. */
  start(): Promise<{ baseUrl: string; stop(): Promise<void> }>;
}

const ONE_POSTGRES = 'PostgreSQL, 1 instance';
const ONE_BEHIND = 'PostgreSQL, 1 instance behind haproxy';
const TWO_BEHIND = 'PostgreSQL, 2 instances behind haproxy';

export async function instancesComparison(launch: (env: NodeJS.ProcessEnv) => Promise<LaunchedServer>, load: Load, paths: readonly string[]): Promise<InstancesRow[]> {
  const cluster = await startPostgresCluster();
  const shared = mkdtempSync(join(tmpdir(), 'egide-bench-shared-'));
  let databases = 0;
  /** Servers on a new database of the cluster, started one after the other (the first migrates it), sharing a photo folder. */
  const servers = async (count: number) => {
    const env = { EGIDE_DATABASE_URL: await createDatabase(cluster.adminUrl, `bench_${++databases}`), EGIDE_PHOTOS_DIR: join(shared, String(databases)), EGIDE_TRUSTED_PROXIES: '127.0.0.1' };
    const started: LaunchedServer[] = [];
    for (let i = 0; i < count; i++) started.push(await launch(env));
    return started;
  };
  const behindHaproxy = async (count: number) => {
    const started = await servers(count);
    const balancer = await startLoadBalancer(started.map((server) => server.baseUrl));
    return {
      baseUrl: balancer.url,
      stop: async () => {
        await balancer.stop();
        await Promise.all(started.map((server) => server.stop()));
      },
    };
  };
  const setups: Setup[] = [
    { name: 'SQLite, 1 instance', start: () => launch({}) },
    { name: ONE_POSTGRES, start: async () => (await servers(1))[0]! },
    { name: ONE_BEHIND, start: () => behindHaproxy(1) },
    { name: TWO_BEHIND, start: () => behindHaproxy(2) },
  ];
  const rows: InstancesRow[] = [];
  try {
    for (const setup of setups) {
      process.stderr.write(`instances: ${setup.name}\n`);
      const running = await setup.start();
      try {
        for (const path of paths) {
          const run = await load(`${running.baseUrl}${path}`, {});
          const sorted = Float64Array.from(run.latencies).sort();
          rows.push({ setup: setup.name, path, rps: run.rps, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), non2xx: run.non2xx });
        }
      } finally {
        await running.stop();
      }
    }
  } finally {
    cluster.stop();
    rmSync(shared, { recursive: true, force: true });
  }
  return rows;
}

const fmt = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : 'n/a');

/** One table, the setups side by side per endpoint; the ratio is req/s against one PostgreSQL instance (two instances: against one behind haproxy too). */
export function instancesTable(rows: readonly InstancesRow[], cores: number): string {
  const rpsOf = (setup: string, path: string) => rows.find((row) => row.setup === setup && row.path === path)?.rps ?? NaN;
  const lines = [
    '',
    `Instances (${cores} CPUs shared by the servers, haproxy, PostgreSQL and the load generator):`,
    '',
    '| endpoint | setup | req/s | p50 ms | p95 ms | p99 ms | non-2xx | req/s ÷ 1 PostgreSQL instance |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    const ratio = row.rps / rpsOf(ONE_POSTGRES, row.path);
    const behind = row.setup === TWO_BEHIND ? ` (${(row.rps / rpsOf(ONE_BEHIND, row.path)).toFixed(2)} ÷ 1 behind haproxy)` : '';
    lines.push(`| \`GET ${row.path}\` | ${row.setup} | ${Math.round(row.rps).toLocaleString('en-US')} | ${fmt(row.p50)} | ${fmt(row.p95)} | ${fmt(row.p99)} | ${row.non2xx} | ${ratio.toFixed(2)}${behind} |`);
  }
  return lines.join('\n');
}
