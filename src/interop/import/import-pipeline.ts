/**
 * The import pipeline, whatever the format (CSV, LIDO, Linked Art, JSON Lines with mapping files):
 * a source gives records with their position (the line where each starts), a mapper turns each
 * into an Object ID description, which is validated with ObjectDescriptionSchema; valid records
 * are written batch by batch with `ObjectService.upsertMany` (one transaction per batch), then
 * their images are attached. Stage 1 (read, map, validate: `prepareRecords`, here) needs no
 * database and may run in a worker thread (import-thread.ts): this module imports neither the
 * database nor the image library, so that the worker does not load them. Stage 2 (write, attach,
 * report: `runImport`, import-writer.ts) runs where the database connection is. Records that have
 * an id in their source (a LIDO lidoRecID, a Linked Art id…) are keyed on it instead of the
 * inventory number.
 *
 * - Nothing that can be kept is lost: a problem with one field (an unreadable date or measurement,
 *   an over-long value, a missing image file, an unknown term, invalid UTF-8…) is a warning on the
 *   record, which is imported with what could be kept (description-repair.ts); `strict` turns
 *   warnings into failures. Only a record that cannot be read at all, or that identifies nothing,
 *   fails; it is reported with its line, its record id when it has one, and the reason, and the
 *   import goes on.
 * - Running the same source again updates instead of duplicating, leaves unchanged records alone and
 *   does not attach an image twice (compared by SHA-256).
 * - A killed import leaves whole batches only; running it again completes it.
 * - Records stream through: memory holds one batch, not the source.
 */
import type { ObjectDescription } from '../../registry/object-record.js';
import { ObjectDescriptionSchema, type SensitiveFields } from '../../registry/object.schemas.js';
import type { MappingCoverage } from './mapping-coverage.js';
import { repairDescription, withoutInvalidUtf8, type DescriptionIssue } from './description-repair.js';

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

/**
 * Something wrong with one field of a record that is imported anyway (refused under --strict): an
 * unreadable date kept as display text, an unknown vocabulary term, a missing image file…
 */
export interface RecordWarning {
  /** The field as the source names it ("date", "measurements", "lido:displayDate"). */
  field: string;
  reason: string;
  /** The value as found (shortened to a few hundred characters), when there is one. */
  value?: string;
}

/** Where a mapper's helpers report the warnings of the record being read. */
export type WarningSink = (warning: RecordWarning) => void;

/** What a mapper makes of one record: a description still to validate, and what goes with it. */
export interface MappedRecord {
  /** Problems with fields that did not stop the record from being imported. */
  warnings?: RecordWarning[];
  /**
   * The holding institution as the record names it (LIDO repositoryName/legalBodyName, Linked Art
   * current_owner, a mapping's `organisation` field): aggregator files route records by it.
   */
  holder?: string;
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

export interface ImportCounts {
  /** Records read from the source (blank ones are not records). */
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Records imported with at least one warning (also counted as created, updated or unchanged). */
  warned: number;
  failed: number;
  images: { attached: number; alreadyAttached: number; failed: number };
}

export type OrganisationCounts = Pick<ImportCounts, 'created' | 'updated' | 'unchanged' | 'warned' | 'failed'>;

export interface ImportProgress extends ImportCounts {
  /** Share of the source read, when known. */
  fraction: number | undefined;
  elapsedMs: number;
}

export interface RowFailure extends RecordPosition {
  reason: string;
}

export type RowWarning = RecordPosition & RecordWarning;

/** A warning or a failure as it happens, for a full report (`--report FILE`). */
export type RowIssue = ({ kind: 'warning' } & RowWarning) | ({ kind: 'failure'; field?: string; value?: string } & RowFailure);

export interface ImportReport extends ImportCounts {
  /** Failed records, in source order, at most MAX_LISTED_FAILURES of them. */
  failures: RowFailure[];
  /** Failures beyond those listed. */
  unlisted: number;
  /** Warnings of imported records, in source order, at most MAX_LISTED_FAILURES of them. */
  warnings: RowWarning[];
  /** Warnings beyond those listed. */
  unlistedWarnings: number;
  elapsedMs: number;
  /** Where and why the source could not be read to its end; what came before was imported. */
  stopped?: RowFailure;
  /** Records routed to organisations by their holder (`--org-from repository`): counts per organisation slug. */
  organisations?: Record<string, OrganisationCounts>;
  /** For imports read through a mapping file: what each field and path of it found (mapping-coverage.ts). */
  coverage?: MappingCoverage;
}

/**
 * Records written per transaction. A batch's records stay in memory until it is written, and writing
 * allocates about 30 KB a record: at 100 records they die in V8's young generation, while at 500 they
 * outlive its collections and fill the old generation with garbage. Measured on the Tate export
 * (69,202 records, compiled): peak memory 220 MB at 100, 250 MB at 500, and 280 to 340 MB at 200 to
 * 500 without the import command's heap setting, for the same CPU time: commits are cheap in WAL mode.
 */
export const DEFAULT_BATCH_SIZE = 100;
export const MAX_BATCH_SIZE = 10_000;
export const MAX_LISTED_FAILURES = 10_000;

/** A record read, mapped and validated (stage 1), or why it cannot be imported. */
export type PreparedItem =
  | (RecordPosition & {
      description: ObjectDescription;
      sensitive?: SensitiveFields | undefined;
      images: readonly ImageFile[];
      sourceId?: string;
      warnings?: RecordWarning[];
      /** The holding institution the record names (MappedRecord.holder), to route it (organisation-routing.ts). */
      holder?: string;
    })
  | (RecordPosition & { reason: string });

/** Records already read, mapped and validated elsewhere (e.g. in a worker thread). */
export interface PreparedSource {
  items: AsyncIterable<PreparedItem>;
  progress?(): number | undefined;
}

export const defaultLabel = (path: ReadonlyArray<PropertyKey>) => path.map(String).join('.');

/** Just the position of an item (its line, and its file and record id when it has them). */
export function positionOf({ line, file, recordId }: RecordPosition): RecordPosition {
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

/** "date: no year can be read", as warnings are listed and as --strict fails records. */
export const describeWarningReason = (warning: RecordWarning): string => `${warning.field}: ${warning.reason}`;

/** A warning as people read it: "record <id> (line 12): date: reason". */
export function describeWarning(warning: RowWarning): string {
  return describeFailure({ ...positionOf(warning), reason: describeWarningReason(warning) });
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
    const warnings = [...(mapped.warnings ?? [])];
    const checked = validDescription(mapped.description, label, warnings);
    if ('issues' in checked) {
      yield { ...at, reason: describeIssues(checked.issues, label) };
      continue;
    }
    yield {
      ...at,
      description: checked.description,
      sensitive: mapped.sensitive,
      images: mapped.images ?? [],
      ...(mapped.sourceId === undefined ? {} : { sourceId: mapped.sourceId }),
      ...(warnings.length === 0 ? {} : { warnings }),
      ...(mapped.holder === undefined ? {} : { holder: mapped.holder }),
    };
  }
}

/** Repair rounds: a repair may bring out another problem (e.g. makers split beyond the list's maximum). */
const REPAIR_ROUNDS = 4;

/**
 * The description validated, after invalid UTF-8 is left out and what fails validation is repaired
 * (description-repair.ts), each change reported in `warnings`; the issues when it cannot be.
 */
function validDescription(
  mapped: unknown,
  label: (path: ReadonlyArray<PropertyKey>) => string,
  warnings: RecordWarning[],
): { description: ObjectDescription } | { issues: ReadonlyArray<DescriptionIssue> } {
  let description = withoutInvalidUtf8(mapped, label, warnings);
  for (let round = 0; ; round += 1) {
    const parsed = ObjectDescriptionSchema.safeParse(description);
    if (parsed.success) return { description: parsed.data as ObjectDescription };
    const repaired = round < REPAIR_ROUNDS ? repairDescription(description, parsed.error.issues, label) : undefined;
    if (!repaired) return { issues: parsed.error.issues };
    description = repaired.description;
    warnings.push(...repaired.warnings);
  }
}

/** "title.fr: too long; date: earliest must not be after latest", fields named as the source names them. */
function describeIssues(issues: ReadonlyArray<DescriptionIssue>, label: (path: ReadonlyArray<PropertyKey>) => string): string {
  const messages = issues.map((issue) => {
    const path = issue.path;
    return path.length > 0 ? `${label(path)}: ${issue.message}` : issue.message;
  });
  return [...new Set(messages)].join('; ');
}
