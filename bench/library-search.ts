/**
 * The resource library's search (a LIKE per folded word over `search_text`) on 5,000 items, on the
 * embedded SQLite: prints the p50 and p95 of a page of results for a few queries. Run: `npx tsx bench/library-search.ts`.
 */
import { createAppContext } from '../src/app/context.js';
import { loadConfig } from '../src/config/config.js';
import { createLogger } from '../src/config/logger.js';
import { sampleLibraryItem } from '../src/observatory/library.test-support.js';

const ITEMS = 5_000;
const RUNS = 50;
const WORDS = ['provenance', 'musée', 'douane', 'bronze', 'restitution', 'évêque', 'pillage', 'manuscrit', 'stèle', 'céramique'];

const context = await createAppContext(loadConfig({ port: 0, logLevel: 'silent' }, { EGIDE_REQUIRE_2FA_ROLES: 'none' }), createLogger('silent'), { memory: true });
const admin = await context.accounts.addPerson({ email: 'bench@example.org', displayName: 'Bench', password: 'a long enough bench password', organisationSlug: 'secretariat', role: 'admin' });
for (let i = 0; i < ITEMS; i++) {
  const words = Array.from({ length: 60 }, (_, j) => WORDS[(i * 7 + j * 3) % WORDS.length]).join(' ');
  await context.library.create(admin, sampleLibraryItem({ texts: { fr: { title: `Document ${i}`, body: words }, en: { title: `Document ${i}`, body: words } }, countries: [i % 2 ? 'FR' : 'IQ'] }));
}
const rows: string[] = [];
for (const q of ['eveque', 'douane bronze', 'zzz', '']) {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    await context.library.search(null, { q, country: 'FR' });
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  rows.push(`| ${JSON.stringify(q).padEnd(16)} | ${times[RUNS / 2]!.toFixed(1).padStart(6)} ms | ${times[Math.floor(RUNS * 0.95)]!.toFixed(1).padStart(6)} ms |`);
}
console.log(`library search, ${ITEMS} items, SQLite in memory\n| query            |    p50    |    p95    |\n|---|---|---|\n${rows.join('\n')}`);
await context.close();
