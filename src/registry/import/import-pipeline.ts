/**
 * The import pipeline, whatever the format (CSV, LIDO, Linked Art, JSON Lines with mapping files):
 * a source gives records with their position (the line where each starts), a mapper turns each
 * into an Object ID description, which is validated with ObjectDescriptionSchema; valid records
 * are written batch by batch with `ObjectService.upsertMany` (one transaction per batch), then
 * their images are attached. Stage 1 (read, map, validate: `prepareRecords`) needs no database
 * and may run in a worker thread (import-thread.ts); stage 2 (write, attach, report) runs where the
 * database connection is. Records that have an id in their source (a LIDO lidoRecID, a Linked Art
 * id…) are keyed on it instead of the inventory number.
 *
 * - A broken record (unreadable field, invalid value, no or duplicate inventory number or record
 *   id, bad image path…) is reported with its line, its record id when it has one, and the reason,
 *   and the import goes on.
 * - Running the same source again updates instead of duplicating, leaves unchanged records alone and
 *   does not attach an image twice (compared by SHA-256).
 * - A killed import leaves whole batches only; running it again completes it.
 * - Records stream through: memory holds one batch, not the source.
 */
import { readFile } from 'node:fs/promises';
import { optimizeSearchIndex } from '../../db/sqlite/object-search.js';
import { photoDigest } from '../photos/photo-image.js';
import { PhotoRepository } from '../photos/photo.repository.js';
import type { Principal } from '../../accounts/roles.js';
import type { Db } from '../../db/database.js';
import { withBulkWrites } from '../../db/sqlite/bulk-writes.js';
import type { ObjectDescription } from '../object-record.js';
import { ObjectDescriptionSchema, type SensitiveFields } from '../object.schemas.js';
import type { ObjectService, UpsertRejection, UpsertResult } from '../object.service.js';

/**
 * Where a record is in its source: the line where it starts, the file when the source is a folder
 * (relative to it), and the record's own id when the source has one (e.g. a LIDO lidoRecID).
 */
export interface RecordPosition {
  line: number;
  file?: string;
  recordId?: string;
}

/** One record of a source with its position, or a record the source could not read at all. */
export type SourceItem<R> = (RecordPosition & { record: R }) | (RecordPosition & { error: string });

export interface ImportSource<R> {
  records(): AsyncIterable<SourceItem<R>>;
  /** Share of the source read so far, from 0 to 1, when it can tell (for progress bars). */
  progress?(): number | undefined;
}

/** A record that cannot be imported, for a reason the user can fix (shown with its line). */
export class RowError extends Error {
  override name = 'RowError';
}

/**
 * The source cannot be read any further (e.g. a CSV quote never closed): the import stops there,
 * keeping what was read before `line`.
 */
export class SourceError extends Error {
  override name = 'SourceError';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** An image file a record refers to, already checked to be where the source may read files. */
export interface ImageFile {
  /** As written in the source, for messages. */
  name: string;
  /** Absolute path. */
  path: string;
}

/** What a mapper makes of one record: a description still to validate, and what goes with it. */
export interface MappedRecord {
  description: unknown;
  /**
   * The record's id in its source, when it has one: importing the source again updates the object
   * imported from it, even when its inventory number changed.
   */
  sourceId?: string;
  sensitive?: SensitiveFields;
  images?: readonly ImageFile[];
}

/** Reads one record; throws (preferably a RowError) when the record cannot be imported. */
export type RecordMapper<R> = (record: R) => MappedRecord;

/** Attaches an image file's bytes to an object (e.g. through the photo service). */
export type AttachImage = (objectId: string, bytes: Buffer, filename: string) => Promise<void>;

export interface ImportCounts {
  /** Records read from the source (blank ones are not records). */
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  images: { attached: number; alreadyAttached: number; failed: number };
}

export interface ImportProgress extends ImportCounts {
  /** Share of the source read, when known. */
  fraction: number | undefined;
  elapsedMs: number;
}

export interface RowFailure extends RecordPosition {
  reason: string;
}

export interface ImportReport extends ImportCounts {
  /** Failed records and images, in source order, at most MAX_LISTED_FAILURES of them. */
  failures: RowFailure[];
  /** Failures beyond those listed. */
  unlisted: number;
  elapsedMs: number;
  /** Where and why the source could not be read to its end; what came before was imported. */
  stopped?: RowFailure;
}

export const DEFAULT_BATCH_SIZE = 500;
export const MAX_BATCH_SIZE = 10_000;
export const MAX_LISTED_FAILURES = 10_000;

/** A record read, mapped and validated (stage 1), or why it cannot be imported. */
export type PreparedItem =
  | (RecordPosition & { description: ObjectDescription; sensitive?: SensitiveFields | undefined; images: readonly ImageFile[]; sourceId?: string })
  | (RecordPosition & { reason: string });

/** Records already read, mapped and validated elsewhere (e.g. in a worker thread). */
export interface PreparedSource {
  items: AsyncIterable<PreparedItem>;
  progress?(): number | undefined;
}

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

const defaultLabel = (path: ReadonlyArray<PropertyKey>) => path.map(String).join('.');

/** Just the position of an item (its line, and its file and record id when it has them). */
function positionOf({ line, file, recordId }: RecordPosition): RecordPosition {
  return { line, ...(file === undefined ? {} : { file }), ...(recordId === undefined ? {} : { recordId }) };
}

/** "line 12", or "objects/b.xml:12" when the source is a folder. */
export function describePlace({ line, file }: RecordPosition): string {
  return file === undefined ? `line ${line}` : `${file}:${line}`;
}

/** A failure as people read it: "record <id> (line 12): reason", "objects/b.xml:12: reason". */
export function describeFailure(failure: RowFailure): string {
  const place = describePlace(failure);
  return failure.recordId === undefined ? `${place}: ${failure.reason}` : `record ${failure.recordId} (${place}): ${failure.reason}`;
}

/**
 * Stage 1, which needs no database: each record of the source read, mapped and validated. A
 * SourceError from the source ends it.
 */
export async function* prepareRecords<R>(
  source: ImportSource<R>,
  map: RecordMapper<R>,
  label: (path: ReadonlyArray<PropertyKey>) => string = defaultLabel,
): AsyncGenerator<PreparedItem> {
  for await (const item of source.records()) {
    const at = positionOf(item);
    if ('error' in item) {
      yield { ...at, reason: item.error };
      continue;
    }
    let mapped: MappedRecord;
    try {
      mapped = map(item.record);
    } catch (error) {
      yield { ...at, reason: error instanceof Error ? error.message : String(error) };
      continue;
    }
    if (mapped.sourceId !== undefined) at.recordId = mapped.sourceId;
    const parsed = ObjectDescriptionSchema.safeParse(mapped.description);
    if (!parsed.success) {
      yield { ...at, reason: describeIssues(parsed.error.issues, label) };
      continue;
    }
    yield {
      ...at,
      description: parsed.data as ObjectDescription,
      sensitive: mapped.sensitive,
      images: mapped.images ?? [],
      ...(mapped.sourceId === undefined ? {} : { sourceId: mapped.sourceId }),
    };
  }
}

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

/** "title.fr: too long; date: earliest must not be after latest", fields named as the source names them. */
function describeIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>, label: (path: ReadonlyArray<PropertyKey>) => string): string {
  const messages = issues.map((issue) => {
    const path = issue.path;
    return path.length > 0 ? `${label(path)}: ${issue.message}` : issue.message;
  });
  return [...new Set(messages)].join('; ');
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
