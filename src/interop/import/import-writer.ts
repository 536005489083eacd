/**
 * Stage 2 of the import pipeline (see import-pipeline.ts): prepared records written batch by batch
 * (one transaction each), their images attached, and the report. It runs where the database
 * connection is; stage 1 may feed it from a worker thread.
 */
import { readFile } from 'node:fs/promises';
import type { Principal } from '../../roles.js';
import type { ObjectDescription } from '../../registry/object-record.js';
import type { ObjectService, PreparedUpsertItem, UpsertItem, UpsertRejection, UpsertResult } from '../../registry/object.service.js';
import { photoDigest } from '../../registry/photos/photo-image.js';
import { groupBy } from '../../util/group-by.js';
import { WriteAhead } from '../../util/write-ahead.js';
import type { ImportTarget, RouteRecord } from './organisation-routing.js';
import { RecordIdentities } from './record-identity.js';
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
  type OrganisationCounts,
  type ImportSource,
  type PreparedItem,
  type PreparedSource,
  type RecordMapper,
  type RecordPosition,
  type RecordWarning,
  type RowFailure,
  type RowIssue,
  type RowWarning,
  describeWarningReason,
} from './import-pipeline.js';

/** Attaches an image file's bytes to an object (e.g. through the photo service), as `actor` (who imported the object). */
export type AttachImage = (objectId: string, bytes: Buffer, filename: string, actor: Principal) => Promise<void>;

export interface ImportOptions<R> {
  objects: ObjectService;
  /** Who imports: recorded in each object's history. */
  actor?: Principal;
  /** The organisation the objects go to… */
  organisationId?: number;
  /** …or, for aggregator files, each record's organisation (and who imports there) by its holder. */
  route?: RouteRecord;
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
  /** Records with warnings fail instead of being imported (`--strict`). */
  strict?: boolean;
  /** Every warning and failure as it happens, also those beyond the report's listing (`--report FILE`). */
  onIssue?: (issue: RowIssue) => void;
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
  return options.objects.duringImport(() => importRecords(options, from));
}

/** Stage 2: prepared records written batch by batch, their images attached, and the report. */
async function importRecords<R>(options: ImportOptions<R>, prepared: PreparedSource): Promise<ImportReport> {
  const batchSize = Math.min(Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE)), MAX_BATCH_SIZE);
  const started = performance.now();
  const counts: ImportCounts = { rows: 0, created: 0, updated: 0, unchanged: 0, warned: 0, failed: 0, images: { attached: 0, alreadyAttached: 0, failed: 0 } };
  /** Listed failures and warnings with the rank of their record in the source, to list them in source order. */
  const failures: Array<{ rank: number; failure: RowFailure }> = [];
  const warnings: Array<{ rank: number; warning: RowWarning }> = [];
  let unlisted = 0;
  let unlistedWarnings = 0;
  /** `causes`: the warnings that fail a record under --strict, each a failure of the full report. */
  const emit = (issue: RowIssue) => options.onIssue?.(issue);
  /**
   * Issues found while reading records, held until the records read before them are written (whose
   * warnings come as they are written): the stream of issues (--report) stays in source order.
   */
  let held: RowIssue[] = [];
  const hold = (issue: RowIssue) => void held.push(issue);
  const fail = (item: RecordPosition, rank: number, reason: string, causes?: readonly RecordWarning[], report = emit) => {
    const target = routed.get(rank);
    if (target) countsOf(target).failed += 1;
    routed.delete(rank);
    const failure = { ...positionOf(item), reason };
    if (!causes) report({ kind: 'failure', ...failure });
    else for (const cause of causes) report({ kind: 'failure', ...positionOf(item), ...cause });
    if (failures.length < MAX_LISTED_FAILURES) failures.push({ rank, failure });
    else unlisted += 1;
  };
  const warn: Warn = (item, rank, warning) => {
    const listed = { ...positionOf(item), ...warning };
    emit({ kind: 'warning', ...listed });
    if (warnings.length < MAX_LISTED_FAILURES) warnings.push({ rank, warning: listed });
    else unlistedWarnings += 1;
  };
  const identities = new RecordIdentities(options.fieldLabel ?? defaultLabel);
  const route = routeOf(options);
  /** Counts per organisation, when records are routed by their holder. */
  const perOrganisation = new Map<string, OrganisationCounts>();
  const countsOf = (target: ImportTarget) => {
    let found = perOrganisation.get(target.slug);
    if (!found) perOrganisation.set(target.slug, (found = { created: 0, updated: 0, unchanged: 0, warned: 0, failed: 0 }));
    return found;
  };
  /** The organisation of each record routed, by rank, until it is written or fails. */
  const routed = new Map<number, ImportTarget>();
  let batch: Array<Pending & { rank: number; target: ImportTarget }> = [];

  const progress = (): ImportProgress => ({
    ...counts,
    images: { ...counts.images },
    fraction: prepared.progress?.(),
    elapsedMs: performance.now() - started,
  });

  /**
   * Hands the batch to the writer: it is prepared now, written once the batch before is (one
   * transaction per organisation), while the records of the next batch are read and mapped.
   */
  const writer = new WriteAhead();
  const flush = async () => {
    const all = batch;
    batch = [];
    if (all.length === 0) return;
    const groups = [...groupBy(all, (item) => item.target.organisationId).values()];
    const preparing = Promise.all(groups.map((pending) => options.objects.prepareUpsert(pending.map(upsertItem))));
    const issues = held;
    held = [];
    await writer.queue(preparing, async (prepared) => {
      issues.forEach(emit);
      for (const [index, pending] of groups.entries()) await write(pending, prepared[index]!);
      for (const item of all) routed.delete(item.rank);
      await options.afterBatch?.({ ...counts, images: { ...counts.images } });
      options.onProgress?.(progress());
    });
  };

  /** Writes the records of one organisation (one transaction), then attaches their images. */
  const write = async (pending: Array<Pending & { rank: number; target: ImportTarget }>, items: PreparedUpsertItem[]) => {
    const target = pending[0]!.target;
    const result = await options.objects.upsertMany(target.actor, target.organisationId, items, options.reason, options.keep ? { keep: options.keep } : {});
    counts.created += result.created;
    counts.updated += result.updated;
    counts.unchanged += result.unchanged;
    counts.failed += result.rejected;
    const organisation = countsOf(target);
    organisation.created += result.created;
    organisation.updated += result.updated;
    organisation.unchanged += result.unchanged;
    result.results.forEach((outcome, index) => {
      const item = pending[index]!;
      if (outcome.outcome === 'rejected') return fail(item, item.rank, outcome.reason);
      if (!item.warnings) return;
      counts.warned += 1;
      organisation.warned += 1;
      for (const warning of item.warnings) warn(item, item.rank, warning);
    });
    await attachImages(options, pending, result.results, counts, warn);
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
        fail(item, rank, item.reason, undefined, hold);
        continue;
      }
      const target = await route(item.holder);
      if ('reason' in target) {
        counts.failed += 1;
        fail(item, rank, target.reason, undefined, hold);
        continue;
      }
      routed.set(rank, target);
      const identity = identities.check(item, target.organisationId);
      if ('reason' in identity) {
        counts.failed += 1;
        fail(item, rank, identity.reason, undefined, hold);
        continue;
      }
      item.description = identity.description;
      if (identity.sourceId !== undefined) item.sourceId = identity.sourceId;
      if (identity.warnings.length > 0) item.warnings = [...(item.warnings ?? []), ...identity.warnings];
      if (options.strict && item.warnings) {
        counts.failed += 1;
        fail(item, rank, `refused (--strict): ${item.warnings.map(describeWarningReason).join('; ')}`, item.warnings, hold);
        continue;
      }
      batch.push({ ...item, rank, target });
      if (batch.length >= batchSize) await flush();
    }
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    stopped = { line: error.line, reason: error.message };
    hold({ kind: 'failure', ...stopped });
  }
  // Also after a source error: the records read before it are good.
  await flush();
  await writer.finished();
  held.forEach(emit);
  // A large import leaves the full-text index in many segments; merging them once speeds up every search after.
  if (counts.created + counts.updated >= OPTIMIZE_INDEX_AFTER) await options.objects.optimizeSearchIndex();
  failures.sort((a, b) => a.rank - b.rank);
  warnings.sort((a, b) => a.rank - b.rank);
  const report: ImportReport = {
    ...counts,
    failures: failures.map(({ failure }) => failure),
    unlisted,
    warnings: warnings.map(({ warning }) => warning),
    unlistedWarnings,
    elapsedMs: performance.now() - started,
    ...(stopped ? { stopped } : {}),
    ...(options.route ? { organisations: Object.fromEntries([...perOrganisation].sort(([a], [b]) => a.localeCompare(b))) } : {}),
  };
  options.onProgress?.({ ...report, fraction: 1 });
  return report;
}

type Warn = (item: RecordPosition, rank: number, warning: RecordWarning) => void;

const upsertItem = ({ description, sensitive, sourceId }: Pending): UpsertItem => ({
  description,
  ...(sensitive === undefined ? {} : { sensitive }),
  ...(sourceId === undefined ? {} : { sourceId }),
});

/** Where each record goes: the router's choice, or the one organisation of the import. */
function routeOf(options: Pick<ImportOptions<unknown>, 'route' | 'actor' | 'organisationId'>): RouteRecord {
  if (options.route) return options.route;
  const { actor, organisationId } = options;
  if (!actor || organisationId === undefined) throw new Error('runImport needs an organisation and its actor, or a route');
  const target: ImportTarget = { organisationId, slug: actor.organisationSlug, actor };
  return async () => target;
}

/**
 * Attaches each record's images to its object, unless the object already has a photo with the same
 * bytes (SHA-256): running an import again, or after it was killed, attaches only what is missing.
 * An image that cannot be attached is a warning on its record, which stays imported without it
 * (also under --strict: the record is written by then).
 */
async function attachImages(
  options: Pick<ImportOptions<unknown>, 'objects' | 'attachImage'>,
  pending: ReadonlyArray<Pending & { rank: number; target: ImportTarget }>,
  results: ReadonlyArray<UpsertResult | UpsertRejection>,
  counts: ImportCounts,
  warn: Warn,
): Promise<void> {
  const withImages = pending.flatMap((item, index) => {
    const result = results[index]!;
    return item.images.length > 0 && result.outcome !== 'rejected' ? [{ item, result }] : [];
  });
  if (withImages.length === 0) return;
  const hashes = await options.objects.photoDigests(withImages.map(({ result }) => result.seq));
  const warnedHere = new Set<number>();
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
        await options.attachImage(result.id, bytes, image.name.split(/[\\/]/).at(-1) ?? image.name, item.target.actor);
        known.add(sha256);
        counts.images.attached += 1;
      } catch (error) {
        counts.images.failed += 1;
        // A record counts once among those warned.
        if (!item.warnings && !warnedHere.has(item.rank)) counts.warned += 1;
        warnedHere.add(item.rank);
        warn(item, item.rank, { field: 'images', reason: `cannot be attached (${error instanceof Error ? error.message : String(error)}): the record is imported without it`, value: image.name });
      }
    }
  }
}
