/**
 * The audit trail rows of `npm run bench:http`: an admin's object reads (sensitive fields shown, so
 * each one appends an audit entry) and searches (recorded for admins and investigators), p95 with
 * the trail and without it. Without it means a second server started with
 * `EGIDE_AUDIT_DISABLED_FOR_BENCHMARK=true`, a switch that exists for this comparison only.
 * Target: the trail adds at most 5 % to either p95. On a shared machine a round's change swings by
 * tens of per cent: the table shows the spread, and `BENCH_AUDIT_ROUNDS` (default 3) adds rounds.
 */
import { spawn } from 'node:child_process';
import { REPO_ROOT } from './paths.js';
import { percentile } from './percentile.js';

const OBJECTS = 300;
const ROUNDS = Math.max(1, Math.floor(Number(process.env.BENCH_AUDIT_ROUNDS) || 3));
const P95_OVERHEAD_TARGET = 0.05;

export interface LaunchedServer {
  baseUrl: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** Loads `url` with the bench's connections for its duration; resolves with each response's latency (ms) and status. */
export type Load = (url: string, headers: Record<string, string>) => Promise<{ latencies: number[]; non2xx: number; rps: number }>;

export interface AuditRow {
  path: string;
  audit: boolean;
  rps: number;
  p50: number;
  p95: number;
  non2xx: number;
  /** With the trail: the lowest and highest p95 change of a round (against the same round without). */
  p95ChangeSpread?: [number, number];
}

/** `egide token create` against the server's data folder (commands work beside a running server). */
function adminToken(dataDir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'token', 'create', '--org', 'secretariat', '--role', 'admin', '--label', 'bench', '--data', dataDir], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out.trim().split('\n').at(-1)!) : reject(new Error(`egide token create exited with ${code}`))));
  });
}

/** Objects with sensitive fields, so that an admin's read of one shows them; returns one object's id. */
async function seed(baseUrl: string, headers: Record<string, string>): Promise<string> {
  let first = '';
  for (let i = 0; i < OBJECTS; i++) {
    const response = await fetch(`${baseUrl}/api/v1/objects`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        organisation: 'secretariat',
        description: { inventoryNumber: `BENCH ${i}`, title: { en: `Portrait of a bishop ${i}` } },
        sensitive: { storageLocation: `Store ${i % 7}` },
      }),
    });
    if (response.status !== 201) throw new Error(`creating bench object ${i} answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
    const { id } = (await response.json()) as { id: string };
    first ||= id;
  }
  return first;
}

interface Prepared {
  audit: boolean;
  server: LaunchedServer;
  headers: Record<string, string>;
  objectId: string;
}

/**
 * A server with the trail and one without (each on its own data folder), measured in turn, on, off,
 * on, off…, `ROUNDS` times: other load on the machine then weighs on both alike. Each row gives the
 * median of its rounds.
 */
export async function auditOverhead(launch: (env: NodeJS.ProcessEnv) => Promise<LaunchedServer>, load: Load): Promise<AuditRow[]> {
  const servers: LaunchedServer[] = [];
  const prepared: Prepared[] = [];
  try {
    for (const audit of [true, false]) {
      const server = await launch(audit ? {} : { EGIDE_AUDIT_DISABLED_FOR_BENCHMARK: 'true' });
      servers.push(server);
      const headers = { Authorization: `Bearer ${await adminToken(server.dataDir)}` };
      prepared.push({ audit, server, headers, objectId: await seed(server.baseUrl, headers) });
    }
    const rows: AuditRow[] = [];
    for (const path of ['/api/v1/objects/{id}', '/api/v1/search?q=portrait%20bishop']) {
      const runs = new Map<boolean, AuditRow[]>([[true, []], [false, []]]);
      for (let round = 1; round <= ROUNDS; round++) {
        for (const { audit, server, headers, objectId } of prepared) {
          process.stderr.write(`measuring GET ${path} as an admin, audit trail ${audit ? 'on' : 'off'} (round ${round} of ${ROUNDS})\n`);
          const run = await load(`${server.baseUrl}${path.replace('{id}', objectId)}`, headers);
          const sorted = Float64Array.from(run.latencies).sort();
          runs.get(audit)!.push({ path, audit, rps: run.rps, p50: percentile(sorted, 50), p95: percentile(sorted, 95), non2xx: run.non2xx });
        }
      }
      const [on, off] = [runs.get(true)!, runs.get(false)!];
      const changes = on.map((row, i) => row.p95 / off[i]!.p95 - 1);
      rows.push({ ...medianRow(on), p95ChangeSpread: [Math.min(...changes), Math.max(...changes)] }, medianRow(off));
    }
    return rows;
  } finally {
    for (const server of servers) await server.stop();
  }
}

function medianRow(runs: AuditRow[]): AuditRow {
  const median = (pick: (row: AuditRow) => number) => percentile(Float64Array.from(runs.map(pick)).sort(), 50);
  return { ...runs[0]!, rps: median((row) => row.rps), p50: median((row) => row.p50), p95: median((row) => row.p95), non2xx: runs.reduce((sum, row) => sum + row.non2xx, 0) };
}

/** The rows as a Markdown table, each endpoint's p95 with the trail compared with its p95 without. */
export function auditTable(rows: AuditRow[]): { table: string; pass: boolean } {
  let pass = true;
  const lines = [
    '',
    `Audit trail overhead (admin token, ${OBJECTS} objects with sensitive fields; median of ${ROUNDS} alternated rounds; target: p95 with the trail ≤ p95 without + ${P95_OVERHEAD_TARGET * 100} %):`,
    '',
    '| endpoint | audit trail | req/s | p50 ms | p95 ms | non-2xx | p95 change | per round | result |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const row of rows) {
    const without = rows.find((other) => other.path === row.path && !other.audit)!;
    const change = row.audit ? row.p95 / without.p95 - 1 : undefined;
    const ok = change === undefined || change <= P95_OVERHEAD_TARGET;
    pass &&= ok && row.non2xx === 0;
    const spread = row.p95ChangeSpread ? `${percent(row.p95ChangeSpread[0])} … ${percent(row.p95ChangeSpread[1])}` : '';
    lines.push(
      `| \`GET ${row.path}\` | ${row.audit ? 'on' : 'off'} | ${Math.round(row.rps)} | ${row.p50.toFixed(1)} | ${row.p95.toFixed(1)} | ${row.non2xx} | ${change === undefined ? '' : `${percent(change)}`} | ${spread} | ${row.audit ? (ok ? 'PASS' : 'FAIL') : ''} |`,
    );
  }
  return { table: lines.join('\n'), pass };
}

const percent = (change: number) => `${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)} %`;
