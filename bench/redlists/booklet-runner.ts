/**
 * Benchmark child process: opens Egide on a data folder as a server does, renders the PDF booklet of
 * a published Red List in one language, and prints one JSON document on stdout — the render's time,
 * the PDF's size and the process's peak memory. Its own process, so that its peak memory is what
 * making a booklet costs, not what the benchmark holds.
 *
 *   tsx bench/redlists/booklet-runner.ts DATA_DIR SLUG LANG   (EGIDE_DATABASE_URL for PostgreSQL)
 */
import { createAppContext } from '../../src/app/context.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/config/logger.js';
import { isLang } from '../../src/i18n/languages.js';
import { renderRedListBooklet } from '../../src/redlists/red-list-booklet.js';

export interface BookletReport {
  ms: number;
  bytes: number;
  categories: number;
  examples: number;
  /** Peak resident memory of this process (maxRSS), MB: start-up included. */
  peakRssMb: number;
  /** Resident memory with Egide opened and the list read, before rendering, MB. */
  openedRssMb: number;
  /** The most resident memory sampled while rendering, MB. */
  renderingRssMb: number;
}

const [dataDir, slug, lang] = process.argv.slice(2);
if (!dataDir || !slug || !lang || !isLang(lang)) throw new Error('usage: booklet-runner.ts DATA_DIR SLUG LANG');
const context = await createAppContext(loadConfig({ data: dataDir, port: 0, logLevel: 'silent' }, process.env), createLogger('silent'));
try {
  const list = await context.redLists.getPublished(slug);
  const rss = () => process.memoryUsage().rss / 1024 / 1024;
  const openedRssMb = rss();
  let renderingRssMb = openedRssMb;
  const sampler = setInterval(() => (renderingRssMb = Math.max(renderingRssMb, rss())), 20);
  const started = performance.now();
  const pdf = await renderRedListBooklet(list, lang, async (name) => (await context.redLists.readImage(null, slug, list.edition, name, 'display')).bytes).finally(() => clearInterval(sampler));
  const report: BookletReport = {
    ms: performance.now() - started,
    bytes: pdf.length,
    categories: list.document.categories.length,
    examples: list.document.categories.reduce((sum, category) => sum + category.examples.length, 0),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    openedRssMb,
    renderingRssMb: Math.max(renderingRssMb, rss()),
  };
  process.stdout.write(JSON.stringify(report));
} finally {
  await context.close();
}
