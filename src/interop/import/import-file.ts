/**
 * Importing a file into an organisation's inventory, whatever its format (import-formats.ts says
 * how each is read; the pipeline does the rest). The command line acts as the organisation's
 * registrar service user, so that each object's history records who imported, and images are
 * attached through the photo service.
 */
import { basename, resolve } from 'node:path';
import type { AccountService } from '../../accounts/account.service.js';
import type { OrganisationRepository } from '../../accounts/organisation.repository.js';
import { DomainError, invalid } from '../../errors.js';
import { importBytes, openImportPath } from './folder-source.js';
import { IMPORT_FORMATS, importFormat, type ImportFormat, type OpenOptions } from './import-formats.js';
import type { ImportCounts, ImportProgress, ImportReport, RowIssue } from './import-pipeline.js';
import { prepareInWorker } from './import-thread.js';
import { runImport } from './import-writer.js';
import { organisationRouter } from './organisation-routing.js';
import { CoverageCollector } from './mapping-coverage.js';
import type { ObjectService } from '../../registry/object.service.js';
import type { PhotoService } from '../../registry/photos/photo.service.js';

/** The services an import writes through (the app's, or a command's own). */
export interface ImportContext {
  objects: ObjectService;
  organisations: OrganisationRepository;
  accounts: AccountService;
  photos: PhotoService;
}

export interface ImportFileOptions {
  format: string;
  /** A file, or a folder whose files of the format are all imported (see folder-source.ts). */
  file: string;
  /** Slug of the organisation that owns the objects; with `orgFrom`, of those whose records name no holder. */
  organisation?: string | undefined;
  /** Route each record to an organisation by the holder it names (aggregator files; organisation-routing.ts). */
  orgFrom?: 'repository';
  /** With `orgFrom`: holder names → organisation slugs (`--orgs FILE`). */
  orgs?: Readonly<Record<string, string>>;
  /** With `orgFrom`: a holder with no organisation gets a museum of its own. */
  createOrgs?: boolean;
  /** Language of texts without a language tag; default "en". */
  lang?: string;
  /** A mapping file, for formats that take one (csv, jsonl, json). */
  mapping?: string | undefined;
  batchSize?: number;
  /** Read the file in a worker thread: by default for files of WORKER_MIN_BYTES or more. */
  threads?: boolean;
  /** Records with warnings fail instead of being imported. */
  strict?: boolean;
  /** Every warning and failure as it happens (e.g. written to a report file). */
  onIssue?: (issue: RowIssue) => void;
  onProgress?: (progress: ImportProgress) => void;
  afterBatch?: (counts: ImportCounts) => void | Promise<void>;
}

export const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

/** The organisation and its registrar service user; "invalid" if there is no such organisation. */
export async function importActor(context: Pick<ImportContext, 'organisations' | 'accounts'>, slug: string) {
  const organisation = await context.organisations.findBySlug(slug);
  if (!organisation) throw invalid(`No organisation with the slug "${slug}" (see egide org list; add one with egide org add).`);
  const actor = await context.accounts.servicePrincipal(slug, 'registrar');
  return { organisation, actor };
}

/** Where the records go: one organisation, or each record's by the holder it names. */
async function importDestination(context: ImportContext, options: ImportFileOptions) {
  if (options.orgFrom === 'repository') {
    const route = await organisationRouter(context, { names: options.orgs ?? {}, createMissing: options.createOrgs ?? false, fallback: options.organisation });
    return { route };
  }
  if (options.organisation === undefined) throw invalid('Give the organisation that owns the objects (--org), or route records by their holder (--org-from repository).');
  const { organisation, actor } = await importActor(context, options.organisation);
  return { actor, organisationId: organisation.id };
}

/** Files from this size on are read in a worker thread (starting one takes a few hundred milliseconds). */
export const WORKER_MIN_BYTES = 2 * 1024 * 1024;

/** What to import, checked: its format, the file or folder, and how to open it ("invalid" if they cannot be). */
export function importInput(options: Pick<ImportFileOptions, 'format' | 'file' | 'lang' | 'mapping'>): { format: ImportFormat; file: string; open: OpenOptions } {
  const format = importFormat(options.format);
  const lang = options.lang ?? 'en';
  if (!LANGUAGE_TAG.test(lang)) throw invalid(`"${lang}" is not a language tag such as en, fr or es.`);
  const file = resolve(options.file);
  if (options.mapping !== undefined && !format.takesMapping) {
    const mapped = Object.values(IMPORT_FORMATS).filter((known) => known.takesMapping).map((known) => known.name);
    throw invalid(`A mapping file reads the formats ${mapped.join(', ')}, not ${format.name}.`);
  }
  const mapping = options.mapping === undefined ? undefined : resolve(options.mapping);
  return { format, file, open: { lang, mapping } };
}

export async function importFile(context: ImportContext, options: ImportFileOptions): Promise<ImportReport> {
  const { format, file, open } = importInput(options);
  const records = await openRecords(format, file, open, options.threads);
  try {
    const report = await runImport({
      objects: context.objects,
      ...(await importDestination(context, options)),
      ...records.from,
      reason: `import of ${basename(file)}`,
      ...(records.keep ? { keep: records.keep } : {}),
      ...(records.fieldLabel ? { fieldLabel: records.fieldLabel } : {}),
      attachImage: async (objectId, bytes, filename, actor) => {
        await context.photos.addPhoto(actor, objectId, bytes, filename);
      },
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
      ...(options.strict ? { strict: true } : {}),
      ...(options.onIssue ? { onIssue: options.onIssue } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.afterBatch ? { afterBatch: options.afterBatch } : {}),
    });
    const coverage = records.coverage();
    return coverage ? { ...report, coverage } : report;
  } finally {
    await records.close();
  }
}

/**
 * The file's records: read, mapped and validated in a worker thread for large files (or when
 * `threads` says so), in this thread otherwise, and also when a worker cannot be started.
 */
async function openRecords(format: ImportFormat, file: string, open: OpenOptions, threads: boolean | undefined) {
  if (threads ?? importBytes(format, file, WORKER_MIN_BYTES) >= WORKER_MIN_BYTES) {
    try {
      const worker = await prepareInWorker({ format: format.name, file, ...open });
      const label = (path: ReadonlyArray<PropertyKey>) => (path.length === 1 && path[0] === 'inventoryNumber' ? worker.inventoryLabel : path.map(String).join('.'));
      return { from: { prepared: worker }, keep: worker.keep, fieldLabel: label, coverage: worker.coverage, close: worker.close };
    } catch (error) {
      if (error instanceof DomainError || threads === true) throw error;
    }
  }
  const coverage = open.mapping === undefined ? undefined : new CoverageCollector();
  const opened = openImportPath(format, file, { ...open, coverage });
  return { from: { source: opened.source, map: opened.map }, keep: opened.keep, fieldLabel: opened.fieldLabel, coverage: () => coverage?.result(), close: async () => {} };
}

/** Imports a CSV file (see csv-format.ts). */
export function importCsv(context: ImportContext, options: Omit<ImportFileOptions, 'format'>): Promise<ImportReport> {
  return importFile(context, { ...options, format: 'csv' });
}
