/**
 * `npm run bench:alerts` (issue 17): alerts that reach the network, and due diligence, one table.
 *
 *   - catalogue: a dealer's catalogue of 1,000 lots with photos (synthetic field photos of registered
 *     works reported stolen and of unregistered ones, with text columns) through `egide check` against
 *     a registry of 100,000 images: ≤ 20 minutes on 2 cores (bench/alerts/catalogue.ts). The registry
 *     is bench:identify's (bench/identify/registry.ts): about an hour of describing on 2 cores, so it
 *     is kept in BENCH_DIR and reused (a registry bench:identify built there is used as it is);
 *     BENCH_REGISTRY=10000 for a quicker run (judged at 100,000 only).
 *   - fan-out: a new alert to 10,000 subscriptions (saved searches and objects, 2,000 with webhooks: 1,010 webhooks)
 *     and 100 image watches of 1,000 photos each (100,000 watched photos, bench/alerts/watched-stock.ts),
 *     the server's dispatcher and outbox running: first webhook verified by a receiver on loopback
 *     ≤ 2 s, all ≤ 60 s; before it, one alert photo matched against the watched photos (p95 ≤ 500 ms)
 *     (bench/alerts/fan-out.ts).
 *   - webhooks: 10,000 deliveries queued, delivered by the outbox worker through the webhook channel,
 *     signed and verified by the receiver: ≥ 10,000 a minute (bench/alerts/webhook-rate.ts).
 *
 * `--dialect sqlite` (the default), `--dialect postgres` or `--dialect sqlite,postgres` (the catalogue runs
 * on SQLite, the registry's engine). Environment: BENCH_ONLY (catalogue,fanout,webhooks), BENCH_DIR,
 * BENCH_REGISTRY (default 100000), BENCH_LOTS (1000), BENCH_SUBSCRIPTIONS (10000), BENCH_WATCHED
 * (100000), BENCH_QUERIES (watch queries per kind, 10), BENCH_DELIVERIES (10000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { dialectsOf } from './dialects.js';
import { CATALOGUE_TARGET_MINUTES, measureCatalogue } from './alerts/catalogue.js';
import { measureFanOut, type Row } from './alerts/fan-out.js';
import { measureWebhookRate } from './alerts/webhook-rate.js';

const ONLY = (process.env.BENCH_ONLY ?? 'catalogue,fanout,webhooks').split(',');
const REGISTRY = Number(process.env.BENCH_REGISTRY ?? 100_000);
const LOTS = Number(process.env.BENCH_LOTS ?? 1000);
const SUBSCRIPTIONS = Number(process.env.BENCH_SUBSCRIPTIONS ?? 10_000);
const WATCHED = Number(process.env.BENCH_WATCHED ?? 100_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 10);
const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 10_000);
const TARGET_PER_MINUTE = 10_000;

/** The load average beside each figure: the machine is shared, and its figures are read with it. */
const load = () => loadavg()[0]!.toFixed(1);
const rows: Array<Row & { engine: string; load: string }> = [];
const add = (engine: string, measured: Row[]) => {
  for (const row of measured) {
    rows.push({ ...row, engine, load: load() });
    process.stderr.write(`${engine}: ${row.measure}: ${row.result}\n`);
  }
};

const root = process.env.BENCH_DIR ?? mkdtempSync(join(tmpdir(), 'egide-bench-alerts-'));
try {
  if (ONLY.includes('catalogue')) add('sqlite', await measureCatalogue(root, REGISTRY, LOTS, process.env.BENCH_DIR !== undefined));
  for (const dialect of dialectsOf(process.argv.slice(2))) {
    if (ONLY.includes('fanout')) add(dialect, await measureFanOut(dialect, SUBSCRIPTIONS, WATCHED, QUERIES));
    if (ONLY.includes('webhooks')) {
      const report = await measureWebhookRate(dialect, DELIVERIES);
      add(dialect, [
        {
          measure: `${report.deliveries.toLocaleString('en')} webhook deliveries to ${report.webhooks} webhooks on loopback, signed and verified (${report.verified} verified, ${report.refused} refused, ${report.duplicates} twice, ${report.failed} failed) in ${report.seconds.toFixed(1)} s`,
          result: `${report.perMinute.toFixed(0)} a minute`,
          target: `≥ ${TARGET_PER_MINUTE.toLocaleString('en')} a minute`,
          pass: report.verified === report.deliveries && report.perMinute >= TARGET_PER_MINUTE,
        },
      ]);
    }
  }
} finally {
  if (!process.env.BENCH_DIR) rmSync(root, { recursive: true, force: true });
}

const verdict = (pass: boolean | undefined) => (pass === undefined ? '—' : pass ? 'PASS' : 'FAIL');
console.log(`\nAlerts and due diligence — ${availableParallelism()} cores; load average (1 min) beside each figure, taken when it was measured (a loaded machine's figures are high). The catalogue is judged (≤ ${CATALOGUE_TARGET_MINUTES} min) at 1,000 lots against 100,000 images only.\n`);
console.log('| Engine | Measure | Result | Load | Target | |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const row of rows) console.log(`| ${row.engine} | ${row.measure} | ${row.result} | ${row.load} | ${row.target} | ${verdict(row.pass)} |`);
if (rows.some((row) => row.pass === false)) process.exitCode = 1;
