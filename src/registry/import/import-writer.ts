/**
 * Stage 2 of the import pipeline (see import-pipeline.ts): prepared records written batch by batch
 * (one transaction each), their images attached, and the report. It runs where the database
 * connection is; stage 1 may feed it from a worker thread.
 */
import { readFile } from 'node:fs/promises';
import type { Principal } from '../../accounts/roles.js';
import type { Db } from '../../db/database.js';
import { withBulkWrites } from '../../db/sqlite/bulk-writes.js';
import { optimizeSearchIndex } from '../../db/sqlite/object-search.js';
import type { ObjectDescription } from '../object-record.js';
import type { ObjectService, UpsertRejection, UpsertResult } from '../object.service.js';
import { photoDigest } from '../photos/photo-image.js';
import { PhotoRepository } from '../photos/photo.repository.js';
import {
  DEFAULT_BATCH_SIZE,
  defaultLabel,
  MAX_BATCH_SIZE,
  MAX_LISTED_FAILURES,
  positionOf,
  prepareRecords,
  SourceError,
  type ImportCounts,
  type ImportProgress,
  type ImportReport,
  type ImportSource,
  type PreparedItem,
  type PreparedSource,
  type RecordMapper,
  type RecordPosition,
  type RowFailure,
} from './import-pipeline.js';

/** Attaches an image file's bytes to an object (e.g. through the photo service). */
export type AttachImage = (objectId: string, bytes: Buffer, filename: string) => Promise<void>;

export interface ImportOptions<R> {
  db: Db;
  objects: ObjectService;
  /** Who imports: recorded in each object's history. */
  actor: Principal;
  organisationId: number;
  /** The records, read and mapped here… */
  source?: ImportSource<R>;
  map?: RecordMapper<R>;
  /** …or prepared elsewhere. */
  prepared?: PreparedSource;
  /** Why, as each object's history says (e.g. "import of objects.csv"). */
  reason: string;
  batchSize?: number;
  /** Description fields the source does not carry: updates keep their stored values. */
  keep?: ReadonlyArray<keyof ObjectDescription>;
  /** How to attach images; records with images fail when it is missing. */
  attachImage?: AttachImage;
  /** Names a description field in messages the way the source does (e.g. "place_of_origin"). */
  fieldLabel?: (path: ReadonlyArray<PropertyKey>) => string;
  onProgress?: (progress: ImportProgress) => void;
  /** Called once each batch is committed and its images attached. */
  afterBatch?: (counts: ImportCounts) => void | Promise<void>;
}

type Pending = Extract<PreparedItem, { description: ObjectDescription }>;

/** Imports at least this large merge the search index's segments when they end. */
const OPTIMIZE_INDEX_AFTER = 20_000;

export function runImport<R>(options: ImportOptions<R>): Promise<ImportReport> {
  let prepared = options.prepared;
  if (!prepared) {
    const { source, map } = options;
    if (!source || !map) throw new Error('runImport needs a source and a mapper, or prepared records');
    prepared = { items: prepareRecords(source, map, options.fieldLabel), progress: () => source.progress?.() };
  }
  const from = prepared;
  return withBulkWrites(options.db, () => importRecords(options, from));
}

/** Stage 2: prepared records written batch by batch, their images attached, and the report. */
async function importRecords<R>(options: ImportOptions<R>, prepared: PreparedSource): Promise<ImportReport> {
  const batchSize = Math.min(Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE)), MAX_BATCH_SIZE);
  const started = performance.now();
  const counts: ImportCounts = { rows: 0, created: 0, updated: 0, unchanged: 0, failed: 0, images: { attached: 0, alreadyAttached: 0, failed: 0 } };
  /** Listed failures with the rank of their record in the source, to list them in source order. */
  const failures: Array<{ rank: number; failure: RowFailure }> = [];
  let unlisted = 0;
  const fail = (item: RecordPosition, rank: number, reason: string) => {
    if (failures.length < MAX_LISTED_FAILURES) failures.push({ rank, failure: { ...positionOf(item), reason } });
    else unlisted += 1;
  };
  const label = options.fieldLabel ?? defaultLabel;
  /** Inventory numbers and record ids met so far, with their position: a second one in the same source is an error. */
  const seenNumbers = new Map<string, RecordPosition>();
  const seenRecords = new Map<string, RecordPosition>();
  let batch: Array<Pending & { rank: number }> = [];

  const progress = (): ImportProgress => ({
    ...counts,
    images: { ...counts.images },
    fraction: prepared.progress?.(),
    elapsedMs: performance.now() - started,
  });

  const flush = async () => {
    if (batch.length === 0) return;
    const pending = batch;
    batch = [];
    const result = await options.objects.upsertMany(
      options.actor,
      options.organisationId,
      pending.map(({ description, sensitive, sourceId }) => ({
        description,
        ...(sensitive === undefined ? {} : { sensitive }),
        ...(sourceId === undefined ? {} : { sourceId }),
      })),
      options.reason,
      options.keep ? { keep: options.keep } : {},
    );
    counts.created += result.created;
    counts.updated += result.updated;
    counts.unchanged += result.unchanged;
    counts.failed += result.rejected;
    result.results.forEach((outcome, index) => {
      if (outcome.outcome === 'rejected') fail(pending[index]!, pending[index]!.rank, outcome.reason);
    });
    await attachImages(options, pending, result.results, counts, fail);
    await options.afterBatch?.({ ...counts, images: { ...counts.images } });
    options.onProgress?.(progress());
  };

  let stopped: RowFailure | undefined;
  try {
    for await (const item of prepared.items) {
      counts.rows += 1;
      // Progress also when rows fail rather than fill batches (the reporter decides how often to show it).
      if (counts.rows % 1000 === 0) options.onProgress?.(progress());
      const rank = counts.rows;
      if ('reason' in item) {
        counts.failed += 1;
        fail(item, rank, item.reason);
        continue;
      }
      const inventoryNumber = item.description.inventoryNumber;
      const earlierRecord = item.sourceId === undefined ? undefined : seenRecords.get(item.sourceId);
      const earlierNumber = seenNumbers.get(inventoryNumber);
      if (earlierRecord !== undefined || earlierNumber !== undefined) {
        counts.failed += 1;
        const reason = earlierRecord
          ? `the record id is already used ${placeWords(earlierRecord)}`
          : `${label(['inventoryNumber'])}: "${inventoryNumber}" is already used ${placeWords(earlierNumber!)}`;
        fail(item, rank, reason);
        continue;
      }
      seenNumbers.set(inventoryNumber, positionOf(item));
      if (item.sourceId !== undefined) seenRecords.set(item.sourceId, positionOf(item));
      batch.push({ ...item, rank });
      if (batch.length >= batchSize) await flush();
    }
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    stopped = { line: error.line, reason: error.message };
  }
  // Also after a source error: the records read before it are good.
  await flush();
  // A large import leaves the full-text index in many segments; merging them once speeds up every search after.
  if (counts.created + counts.updated >= OPTIMIZE_INDEX_AFTER) await optimizeSearchIndex(options.db);
  failures.sort((a, b) => a.rank - b.rank);
  const report: ImportReport = { ...counts, failures: failures.map(({ failure }) => failure), unlisted, elapsedMs: performance.now() - started, ...(stopped ? { stopped } : {}) };
  options.onProgress?.({ ...report, fraction: 1 });
  return report;
}

/** "on line 12", "at objects/b.xml:12". */
function placeWords(position: RecordPosition): string {
  return position.file === undefined ? `on line ${position.line}` : `at ${position.file}:${position.line}`;
}

/**
 * Attaches each record's images to its object, unless the object already has a photo with the same
 * bytes (SHA-256): running an import again, or after it was killed, attaches only what is missing.
 */
async function attachImages(
  options: Pick<ImportOptions<unknown>, 'db' | 'attachImage'>,
  pending: ReadonlyArray<Pending & { rank: number }>,
  results: ReadonlyArray<UpsertResult | UpsertRejection>,
  counts: ImportCounts,
  fail: (item: RecordPosition, rank: number, reason: string) => void,
): Promise<void> {
  const withImages = pending.flatMap((item, index) => {
    const result = results[index]!;
    return item.images.length > 0 && result.outcome !== 'rejected' ? [{ item, result }] : [];
  });
  if (withImages.length === 0) return;
  const hashes = await new PhotoRepository(options.db).digestsByObject(withImages.map(({ result }) => result.seq));
  for (const { item, result } of withImages) {
    const known = hashes.get(result.seq) ?? new Set<string>();
    hashes.set(result.seq, known);
    for (const image of item.images) {
      try {
        const bytes = await readFile(image.path);
        const sha256 = photoDigest(bytes);
        if (known.has(sha256)) {
          counts.images.alreadyAttached += 1;
          continue;
        }
        if (!options.attachImage) throw new Error('images cannot be attached here (no photo service)');
        await options.attachImage(result.id, bytes, image.name.split(/[\\/]/).at(-1) ?? image.name);
        known.add(sha256);
        counts.images.attached += 1;
      } catch (error) {
        counts.images.failed += 1;
        fail(item, item.rank, `image "${image.name}": ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
