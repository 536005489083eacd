import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppContext, type AppContext } from '../../src/app/context.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/config/logger.js';
import type { DialectName } from '../../src/db/database.js';
import { createDatabase, startPostgresCluster } from '../../src/test-support/postgres-cluster.js';

/** Webhooks may post to the benchmark's receiver on loopback, over plain HTTP (as the tests allow it). */
export const LOOPBACK_WEBHOOKS = { EGIDE_WEBHOOK_ALLOW: '127.0.0.1', EGIDE_WEBHOOK_ALLOW_HTTP: 'true' };

export interface BenchContext {
  context: AppContext;
  close(): Promise<void>;
}

/** A new Egide on `dialect` (PostgreSQL: a throwaway cluster), its data in a temporary folder. */
export async function freshContext(dialect: DialectName, name: string): Promise<BenchContext> {
  const cluster = dialect === 'postgres' ? await startPostgresCluster() : undefined;
  const env: NodeJS.ProcessEnv = cluster ? { EGIDE_DATABASE_URL: await createDatabase(cluster.adminUrl, `egide_bench_${name}`) } : {};
  const dataDir = mkdtempSync(join(tmpdir(), `egide-bench-${name}-`));
  const context = await createAppContext(loadConfig({ data: dataDir, port: 0, logLevel: 'silent' }, { EGIDE_REQUIRE_2FA_ROLES: 'none', ...LOOPBACK_WEBHOOKS, ...env }), createLogger('silent'));
  return {
    context,
    async close() {
      await context.close();
      cluster?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** How many outbox items are still to deliver (and how many failed). */
export async function outboxLeft(context: AppContext): Promise<{ pending: number; failed: number; total: number }> {
  const rows = await context.db.selectFrom('alert_outbox').select(['state', (eb) => eb.fn.countAll<string | number>().as('n')]).groupBy('state').execute();
  const count = (state: string) => Number(rows.find((row) => row.state === state)?.n ?? 0);
  return { pending: count('pending'), failed: count('failed'), total: rows.reduce((sum, row) => sum + Number(row.n), 0) };
}
