/**
 * The multi-photo column of `npm run bench:identify`: objects registered with several photos, found
 * from a field photo of any one of them.
 *
 * Each object is an artwork the registry does not otherwise hold (the split's unregistered
 * artworks), registered with three photos: its left and right 60 % (two "sides": the package holds
 * flat works, so overlapping crops stand for the sides of an object) and a close-up of its centre
 * (a detail). The photos are uploaded through the photo service and indexed by the queue into the
 * full registry; the field photos (the shared protocol's) show one of the three photos, drawn at
 * random; the query runner answers them as a server would. Recall is per object: the object first,
 * whichever photo the field photo showed. Answers listing one object twice are counted (there must
 * be none). The photos are removed afterwards: the registry keeps its size from one run to the next.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { AppContext } from '../../src/app/context.js';
import { fieldPhotoQueries, percentile, type PhotoPool } from '../../src/identify/evaluation/protocol.js';
import type { WallpaperSplit } from '../../src/identify/evaluation/wallpapers.js';
import { emptyDescription } from '../../src/registry/object-record.js';
import { entryByKey, toTerm } from '../../src/registry/vocabulary.js';
import { progress } from './registry.js';
import type { RunnerReport } from './query-runner.js';

/** Photos per object: left side, right side, detail. */
const SIDES = ['left', 'right', 'detail'] as const;

export interface MultiPhotoQueries {
  dir: string;
  /** Query file name → the object (index among the multi-photo objects) it photographs. */
  truth: Map<string, number>;
}

export interface MultiPhotoFigures {
  objects: number;
  queries: number;
  recallAt1: number;
  /** Answers that listed one object twice. */
  duplicates: number;
  p95Ms: number;
}

/** The three photos of object `index`: crops of the artwork, as JPEG. */
async function photosOf(artwork: string): Promise<Buffer[]> {
  const image = sharp(artwork);
  const { width = 0, height = 0 } = await image.metadata();
  const regions = {
    left: { left: 0, top: 0, width: Math.round(width * 0.6), height },
    right: { left: Math.round(width * 0.4), top: 0, width: width - Math.round(width * 0.4), height },
    detail: { left: Math.round(width * 0.3), top: Math.round(height * 0.3), width: Math.round(width * 0.4), height: Math.round(height * 0.4) },
  };
  return Promise.all(SIDES.map((side) => sharp(artwork).extract(regions[side]).jpeg({ quality: 92 }).toBuffer()));
}

/** Field photos of the objects' photos (made once, kept with the other queries); the protocol's negatives are not written. */
export async function makeMultiPhotoQueries(dir: string, split: WallpaperSplit, objects: number, queries: number): Promise<MultiPhotoQueries> {
  mkdirSync(dir, { recursive: true });
  const truth = new Map<string, number>();
  const made = readdirSync(dir);
  if (made.length === queries) {
    for (const name of made) truth.set(name, Number(/^m-\d+-(\d+)-/.exec(name)![1]));
    return { dir, truth };
  }
  const photos: Buffer[] = [];
  for (const artwork of split.unregistered.slice(0, objects)) photos.push(...(await photosOf(artwork)));
  const positives: PhotoPool = { size: photos.length, image: async (index) => photos[index] };
  // The protocol alternates positives and negatives; these negatives are drawn, then dropped.
  const negatives: PhotoPool = { size: split.distractorSources.length, image: async (index) => split.distractorSources[index] };
  for await (const query of fieldPhotoQueries({ count: queries * 2, seed: 777_001, positives, negatives, backgrounds: split.backgrounds })) {
    if (query.kind !== 'positive') continue;
    const object = Math.floor(query.index / SIDES.length);
    const name = `m-${String(query.n).padStart(4, '0')}-${object}-${SIDES[query.index % SIDES.length]}.jpg`;
    writeFileSync(join(dir, name), query.jpeg);
    truth.set(name, object);
    progress(`making field photos of multi-photo objects ${truth.size}/${queries}`);
  }
  process.stderr.write('\n');
  return { dir, truth };
}

/**
 * Registers the objects with their three photos and indexes them through the queue; returns the
 * objects' ids (by index) and the photos, to remove once the queries are answered. Objects made
 * by an earlier run (same inventory numbers) are reused.
 */
export async function registerMultiPhotoObjects(context: AppContext, split: WallpaperSplit, objects: number): Promise<{ objectIds: string[]; photoIds: string[] }> {
  const registrar = (await context.accounts.principalFromApiToken(await context.accounts.createApiToken('bench-museum', 'registrar', 'bench multi-photo')))!;
  const museum = await context.organisations.ensure('bench-museum', 'Benchmark museum', 'museum');
  const items = split.unregistered.slice(0, objects).map((_, index) => ({
    description: { ...emptyDescription(`multi-${index}`), title: { en: `Object photographed from several sides ${index}` }, objectType: [toTerm(entryByKey('objectType', 'paintings')!)] },
  }));
  const { results } = await context.objects.upsertMany(registrar, museum.id, items, 'bench multi-photo');
  const objectIds = results.map((result) => ('id' in result ? result.id : ''));
  const photoIds: string[] = [];
  for (const [index, artwork] of split.unregistered.slice(0, objects).entries()) {
    for (const [side, photo] of (await photosOf(artwork)).entries()) {
      photoIds.push((await context.photos.addPhoto(registrar, objectIds[index]!, photo, `${SIDES[side]}.jpg`)).id);
    }
    progress(`uploading photos of multi-photo objects ${index + 1}/${objects}`);
  }
  await context.indexingQueue.drain((done, remaining) => progress(`indexing them through the queue ${done}, ${remaining} to go`));
  process.stderr.write('\n');
  return { objectIds, photoIds };
}

/** Recall per object, duplicates and latency, from the runner's answers. */
export function multiPhotoFigures(report: RunnerReport, queries: MultiPhotoQueries, objectIds: readonly string[]): MultiPhotoFigures {
  let first = 0;
  let duplicates = 0;
  for (const outcome of report.outcomes) {
    const truth = objectIds[queries.truth.get(outcome.name)!];
    if (outcome.shown[0]?.objectId === truth) first++;
    if (new Set(outcome.shown.map((shown) => shown.objectId)).size < outcome.shown.length) duplicates++;
  }
  return {
    objects: objectIds.length,
    queries: report.outcomes.length,
    recallAt1: first / report.outcomes.length,
    duplicates,
    p95Ms: percentile(report.outcomes.map((outcome) => outcome.ms), 0.95),
  };
}
