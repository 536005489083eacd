/**
 * CSV import benchmark: `npx tsx bench/import-csv.ts [rows] [batch]` (default 50,000 rows, batches of 500).
 *
 * Writes a CSV of `rows` varied objects (multi-language titles, two-level types, materials,
 * measurements, dates, makers, places, a quoted multi-line cell every 10 rows) to a temp folder,
 * then imports it (what `egide import --format csv` runs, in this process) into a fresh data folder
 * twice: the first run creates every object, the second finds them all unchanged. Prints rows/s
 * (wall clock) and rows per CPU-second (what the import gets when other processes share the cores).
 * Target: 5,000 rows/s or more on 2 cores. BENCH_THREADS=0 keeps the reading in the main thread.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppContext } from '../src/app/context.js';
import { loadConfig } from '../src/config/config.js';
import { createLogger } from '../src/config/logger.js';
import { importCsv } from '../src/registry/import/import-file.js';

const ROWS = Number(process.argv[2] ?? 50_000);
const BATCH = Number(process.argv[3] ?? 500);
/** BENCH_THREADS=0 reads the file in the main thread, =1 in a worker; by default, as `egide import` decides. */
const THREADS = process.env.BENCH_THREADS === undefined ? undefined : process.env.BENCH_THREADS === '1';
const TARGET = 5000;

const TYPES = ['ceramics > jar', 'paintings > oil paintings', 'sculpture > busts', 'metalwork > candlesticks', 'textiles > tapestries', 'drawings', 'prints > etchings'];
const MATERIALS = ['oil paint; canvas', 'earthenware', 'bronze', 'silver; wood', 'wool; silk', 'ink; paper', 'marble'];
const MEASURES = ['H 30 x W 40 cm', '30 cm high', 'Diam. 12 cm', 'support: 597 x 749 mm', '25 x 18 x 4 cm', 'H. 65 ; L. 54 cm', '3 kg'];
const DATES = ['c. 1650', '1650-1660', '1712', '1880s', '17th century', 'Ming dynasty', '1901–05'];
const PLACES = ['Delft (NL)', 'Paris (FR)', 'Sevilla (ES)', 'Florence (IT)', 'London (GB)', '', 'Nuremberg (DE)'];

function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function generate(path: string, rows: number): void {
  const lines = ['inventory_number,title,object_type,materials,techniques,measurements,inscriptions,date,maker,subject,distinguishing_features,description,place_of_origin,images'];
  for (let i = 1; i <= rows; i++) {
    const k = i % 7;
    lines.push(
      [
        `BENCH-${String(i).padStart(6, '0')}`,
        `fr:Objet n° ${i}, portrait d’un évêque|en:Object no. ${i}, portrait of a bishop`,
        TYPES[k]!,
        MATERIALS[(i * 3) % 7]!,
        k % 2 === 0 ? 'carving; gilding' : 'painting',
        MEASURES[(i * 5) % 7]!,
        i % 3 === 0 ? `signature: J. Smith ${i} @ lower right` : '',
        DATES[(i * 2) % 7]!,
        `Maker ${i % 1000}; Workshop of Maker ${i % 50}`,
        'a bishop blessing a kneeling man',
        i % 10 === 0 ? `scratch on the lower left,\nrepaired in ${1900 + (i % 100)}` : '',
        `A description of object ${i}, with enough words to make the full-text index work a little for each record.`,
        PLACES[(i * 4) % 7]!,
        '',
      ]
        .map(csvCell)
        .join(','),
    );
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

const dir = mkdtempSync(join(tmpdir(), 'egide-bench-import-'));
try {
  const csv = join(dir, 'objects.csv');
  generate(csv, ROWS);
  console.log(`${ROWS.toLocaleString('en-US')} rows, ${(statSync(csv).size / 1e6).toFixed(1)} MB, batch ${BATCH}, ${THREADS === false ? 'one thread' : 'reading in a worker thread'}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average ${loadavg()[0]!.toFixed(1)}`);
  const config = loadConfig({ data: join(dir, 'data'), logLevel: 'silent' }, {});
  const context = await createAppContext(config, createLogger('silent'));
  try {
    await context.organisations.ensure('bench-museum', 'Bench museum', 'museum');
    const rows: string[] = [];
    for (const run of ['first run (creates)', 're-run (unchanged)']) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const report = await importCsv(context, { file: csv, organisation: 'bench-museum', batchSize: BATCH, ...(THREADS === undefined ? {} : { threads: THREADS }) });
      const wallMs = performance.now() - started;
      const used = process.cpuUsage(cpu);
      const cpuMs = (used.user + used.system) / 1000;
      const rate = (report.rows / wallMs) * 1000;
      rows.push(
        `| ${run} | ${report.created} | ${report.updated} | ${report.unchanged} | ${report.failed} | ${(wallMs / 1000).toFixed(1)} s | ` +
          `${Math.round(rate).toLocaleString('en-US')} | ${Math.round((report.rows / cpuMs) * 1000).toLocaleString('en-US')} | ${rate >= TARGET ? 'PASS' : `FAIL (target ${TARGET.toLocaleString('en-US')})`} |`,
      );
    }
    console.log('\n| run | created | updated | unchanged | failed | time | rows/s | rows per CPU-second | ≥ 5,000 rows/s |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const row of rows) console.log(row);
  } finally {
    await context.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
