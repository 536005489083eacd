/**
 * One evacuation list, drawn in a process of its own so that its peak memory is its own:
 * `tsx bench/emergency/evacuation-list.ts DATA_DIR ORG_SLUG OUT_FILE` (EGIDE_DATABASE_URL for
 * PostgreSQL). Prints one JSON line: wall milliseconds, peak RSS (the kernel's high-water mark) in
 * MB, pages of the PDF are not counted (streamed), bytes written.
 */
import { createWriteStream, statSync } from 'node:fs';
import { createAppContext } from '../../src/app/context.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/config/logger.js';

const [dataDir, organisation, out] = process.argv.slice(2);
if (!dataDir || !organisation || !out) throw new Error('usage: evacuation-list.ts DATA_DIR ORG_SLUG OUT_FILE');
const context = await createAppContext(loadConfig({ data: dataDir, logLevel: 'silent' }, { EGIDE_REQUIRE_2FA_ROLES: 'none', ...process.env }), createLogger('silent'));
try {
  const admin = await context.accounts.servicePrincipal('secretariat', 'admin');
  const started = performance.now();
  await context.evacuationPlans.writeList(admin, createWriteStream(out), { lang: 'en', date: new Date().toISOString().slice(0, 10), organisation });
  const ms = performance.now() - started;
  process.stdout.write(`${JSON.stringify({ ms, peakMb: process.resourceUsage().maxRSS / 1024, bytes: statSync(out).size })}\n`);
} finally {
  await context.close();
}
