/**
 * Harvesting another OAI-PMH repository into an organisation's inventory (`egide harvest`):
 * ListRecords page after page, following resumption tokens; each page's records go through the
 * import pipeline (keyed on their record id, so harvesting again updates instead of duplicating),
 * then the harvest's place is saved (harvest-state.repository.ts). An error stops the run with a
 * message and keeps its place: running the same harvest again resumes at the page that failed. A
 * complete run remembers the repository's date when it began, so that the next one asks only for
 * what changed since. Records the repository reports deleted are counted and listed, never deleted
 * here: the inventory is the museum's, and a withdrawn alert is for its registrars to act on.
 */
import { Readable } from 'node:stream';
import type { OaiHarvestRow } from '../../db/schema.js';
import { invalid } from '../../errors.js';
import { importActor, LANGUAGE_TAG, type ImportContext } from '../import/import-file.js';
import { describePlace, describeWarningReason, MAX_BATCH_SIZE, type RecordPosition, type RowIssue, type RowWarning, type SourceItem } from '../import/import-pipeline.js';
import { runImport } from '../import/import-writer.js';
import { mapLidoRecord } from '../lido/lido-mapper.js';
import { readLidoRecords, type LidoRecord } from '../lido/lido-reader.js';
import { countsOf, type HarvestCounts, type HarvestStateRepository } from './harvest-state.repository.js';
import { OaiClient, OaiProtocolError, OaiTransportError, type ListRequest, type OaiClientOptions } from './oai-client.js';
import type { OaiListPage } from './oai-client-xml.js';
import { datestamp, parseUtc, SET_SPEC } from './oai-provider.js';

export interface HarvestOptions {
  /** The repository's base URL. */
  url: string;
  metadataPrefix: string;
  /** Slug of the organisation the records are imported into. */
  organisation: string;
  /** Language of texts the records do not tag with theirs (en). */
  lang?: string | undefined;
  set?: string | undefined;
  /** `YYYY-MM-DD` or `YYYY-MM-DDThh:mm:ssZ`; by default, the date the last complete run began. */
  from?: string | undefined;
  client?: OaiClientOptions;
  /** After each page is imported and saved. */
  onPage?: (progress: HarvestProgress) => void;
  /** Things worth telling as they happen: resuming, starting a list again, waiting for a busy server. */
  onNotice?: (message: string) => void;
  /** Records with warnings fail instead of being imported. */
  strict?: boolean;
  /** Every warning and failure as it happens, with its page. */
  onIssue?: (issue: RowIssue & { page: number }) => void;
}

export interface HarvestProgress extends HarvestCounts {
  /** Records in the whole list, when the repository says. */
  completeListSize: number | undefined;
}

/** A record that could not be imported: the page and line of the response it came in, its identifier. */
export interface HarvestFailure extends RecordPosition {
  page: number;
  reason: string;
}

export interface HarvestReport extends HarvestCounts {
  /** The `from` the run asked for (null: the whole list). */
  from: string | null;
  /** Set when this invocation resumed an interrupted run: the page it resumed at. */
  resumedAtPage?: number;
  /** The next run's default `from`. */
  harvestedUntil: string | null;
  /** Identifiers of the records deleted at the source met by this invocation (the first MAX_LISTED). */
  deletedIdentifiers: string[];
  /** This invocation's failed records (the first MAX_LISTED). */
  failures: HarvestFailure[];
  /** Failures beyond those listed. */
  unlisted: number;
  /** Records this invocation imported with at least one warning. */
  warned: number;
  /** This invocation's warnings (the first MAX_LISTED), with their page. */
  warnings: Array<RowWarning & { page: number }>;
  /** Warnings beyond those listed. */
  unlistedWarnings: number;
}

/** The harvest stopped; its place is kept, and running it again resumes there. */
export class HarvestError extends Error {
  override name = 'HarvestError';
}

const MAX_LISTED = 1000;

/** "page 3, line 120: record X: reason". */
export function describeHarvestFailure(failure: HarvestFailure): string {
  return `page ${failure.page}, ${describePlace(failure)}${failure.recordId ? `, record ${failure.recordId}` : ''}: ${failure.reason}`;
}

/** "page 3, line 120, record X: date: reason". */
export const describeHarvestWarning = (warning: RowWarning & { page: number }): string => describeHarvestFailure({ ...warning, reason: describeWarningReason(warning) });

/** The formats whose records Egide can import. */
export const HARVEST_FORMATS = ['lido'] as const;

export async function harvest(context: ImportContext & { harvestStates: HarvestStateRepository }, options: HarvestOptions): Promise<HarvestReport> {
  if (!(HARVEST_FORMATS as readonly string[]).includes(options.metadataPrefix)) {
    throw invalid(`Records in "${options.metadataPrefix}" cannot be imported: harvest with --metadata-prefix ${HARVEST_FORMATS.join(' or ')}.`);
  }
  const lang = options.lang ?? 'en';
  if (!LANGUAGE_TAG.test(lang)) throw invalid(`"${lang}" is not a language tag such as en, fr or es.`);
  if (options.from !== undefined && !parseUtc(options.from, 'from')) throw invalid(`--from "${options.from}" is not a UTC date (YYYY-MM-DD) or date-time (YYYY-MM-DDThh:mm:ssZ).`);
  if (options.set !== undefined && !SET_SPEC.test(options.set)) throw invalid(`--set "${options.set}" is not an OAI-PMH set spec (such as org:louvre).`);
  const notice = options.onNotice ?? (() => {});
  let client: OaiClient;
  try {
    client = new OaiClient(options.url, {
      ...options.client,
      onRetry: (event) => {
        notice(`${event.reason}: trying again in ${Math.ceil(event.delayMs / 1000)} s (attempt ${event.attempt + 1})`);
        options.client?.onRetry?.(event);
      },
    });
  } catch (error) {
    if (error instanceof OaiTransportError) throw invalid(error.message);
    throw error;
  }
  const { organisation, actor } = await importActor(context, options.organisation);
  const states = context.harvestStates;
  const key = { url: options.url, metadataPrefix: options.metadataPrefix, set: options.set ?? '', organisationId: organisation.id };

  // An unfinished run of the same list is resumed, unless another --from asks for another list.
  const previous = await states.find(key);
  const unfinished = previous?.status === 'finished' ? undefined : previous;
  let state: OaiHarvestRow;
  let resumedAtPage: number | undefined;
  if (unfinished && (options.from === undefined || options.from === unfinished.from_date)) {
    state = unfinished;
    await states.resumeRun(state.id);
    resumedAtPage = state.pages + 1;
    notice(state.resumption_token ? `resuming the interrupted harvest at page ${resumedAtPage}` : 'starting the interrupted harvest again');
  } else {
    if (unfinished) notice(`the interrupted harvest (from ${unfinished.from_date ?? 'the start'}) is dropped for one from ${options.from}`);
    state = await states.startRun(key, options.from ?? previous?.harvested_until ?? null);
  }
  const counts = countsOf(state);
  const deletedIdentifiers: string[] = [];
  const failures: HarvestFailure[] = [];
  let unlisted = 0;
  const fail = (failure: HarvestFailure) => {
    if (failures.length < MAX_LISTED) failures.push(failure);
    else unlisted += 1;
  };
  const warnings: Array<RowWarning & { page: number }> = [];
  let unlistedWarnings = 0;
  let warned = 0;
  let token = state.resumption_token;
  // Each token given in this run, with the page that gave it: a repository whose tokens come round again would be harvested forever.
  const tokenPages = new Map<string, number>(token === null ? [] : [[token, state.pages]]);

  try {
    /** The list's `from` as the repository takes it: a day-only repository refuses seconds. */
    const listFrom = async () => {
      const identify = await client.identify();
      // Its clock before the list starts: what changes from then on is for the next run.
      await states.setRunDate(state.id, serverDate(identify.responseDate));
      return state.from_date === null ? undefined : identify.granularity === 'YYYY-MM-DD' ? state.from_date.slice(0, 10) : state.from_date;
    };
    let from = token ? undefined : await listFrom();
    let resuming = token !== null;
    for (;;) {
      const request: ListRequest = token ? { resumptionToken: token } : { metadataPrefix: options.metadataPrefix, from, set: options.set };
      let page: OaiListPage;
      let xml: string;
      try {
        ({ page, xml } = await client.listRecords(request));
      } catch (error) {
        if (!(error instanceof OaiProtocolError)) throw error;
        // An empty list (nothing changed since the last run) is a complete harvest.
        if (!token && error.has('noRecordsMatch')) break;
        if (resuming && error.has('badResumptionToken')) {
          // Tokens expire: the list is asked for again from its start; records already imported come back unchanged.
          notice('the repository no longer accepts the saved resumption token: harvesting the list again from its start');
          token = null;
          tokenPages.clear();
          resuming = false;
          from = await listFrom();
          continue;
        }
        throw new HarvestError(explain(error, options.metadataPrefix, options.set));
      }
      resuming = false;
      const pageNumber = counts.pages + 1;
      const next = page.resumptionToken ?? null;
      if (next !== null && tokenPages.has(next)) {
        throw new HarvestError(`${options.url}: page ${pageNumber} gave the resumption token "${next}", which page ${tokenPages.get(next)} gave already: the list goes round in a loop; stopping rather than harvesting it forever.`);
      }
      let deleted = 0;
      const onDeleted = (identifier: string) => {
        deleted += 1;
        if (deletedIdentifiers.length < MAX_LISTED) deletedIdentifiers.push(identifier);
      };
      const report = await runImport({
        objects: context.objects,
        actor,
        organisationId: organisation.id,
        source: { records: () => importableRecords(xml, onDeleted) },
        map: (record) => mapLidoRecord(record, { lang }),
        reason: `harvest of ${options.url}`,
        batchSize: MAX_BATCH_SIZE,
        ...(options.strict ? { strict: true } : {}),
        ...(options.onIssue ? { onIssue: (issue: RowIssue) => options.onIssue!({ ...issue, page: pageNumber }) } : {}),
      });
      // A page that cannot be read to its end would lose the records after the break: stop, to fetch it again.
      if (report.stopped) throw new HarvestError(`${options.url}: page ${pageNumber}, ${describePlace(report.stopped)}: ${report.stopped.reason}.`);
      counts.pages = pageNumber;
      counts.records += report.rows + deleted;
      counts.created += report.created;
      counts.updated += report.updated;
      counts.unchanged += report.unchanged;
      counts.failed += report.failed;
      counts.deleted += deleted;
      for (const failure of report.failures) fail({ ...failure, page: pageNumber });
      unlisted += report.unlisted;
      warned += report.warned;
      const listable = Math.max(0, MAX_LISTED - warnings.length);
      warnings.push(...report.warnings.slice(0, listable).map((warning) => ({ ...warning, page: pageNumber })));
      unlistedWarnings += report.unlistedWarnings + Math.max(0, report.warnings.length - listable);
      if (next !== null) tokenPages.set(next, pageNumber);
      await states.savePage(state.id, next, counts);
      options.onPage?.({ ...counts, completeListSize: page.completeListSize });
      if (next === null) break;
      token = next;
    }
  } catch (error) {
    const known = error instanceof HarvestError || error instanceof OaiTransportError;
    const message = `${error instanceof Error ? error.message : String(error)} The harvest stopped after ${counts.pages} page(s); run the same command again to resume it there.`;
    await states.fail(state.id, message);
    throw known ? new HarvestError(message) : error;
  }
  const finished = await states.finish(state.id);
  return {
    ...countsOf(finished),
    from: finished.from_date,
    ...(resumedAtPage === undefined ? {} : { resumedAtPage }),
    harvestedUntil: finished.harvested_until,
    deletedIdentifiers,
    failures,
    unlisted,
    warned,
    warnings,
    unlistedWarnings,
  };
}

/** The repository's responseDate at seconds granularity, or this machine's clock if it sent none readable. */
function serverDate(responseDate: string): string {
  const time = Date.parse(responseDate);
  return datestamp(new Date(Number.isNaN(time) ? Date.now() : time).toISOString());
}

/** What an OAI-PMH error means for this harvest. */
function explain(error: OaiProtocolError, prefix: string, set: string | undefined): string {
  if (error.has('cannotDisseminateFormat')) return `${error.message}: the repository does not offer records as "${prefix}".`;
  if (error.has('noSetHierarchy')) return `${error.message}: the repository has no sets; harvest it without --set.`;
  if (error.has('badResumptionToken')) return `${error.message}: the repository refused the resumption token it gave.`;
  if (error.has('badArgument')) return `${error.message}: the repository refused the request's arguments${set ? ` (is "${set}" one of its sets?)` : ''}.`;
  return `${error.message}.`;
}

/** The LIDO records of a page; records deleted at the source carry none, and are only counted. */
async function* importableRecords(xml: string, deleted: (identifier: string) => void): AsyncGenerator<SourceItem<LidoRecord>> {
  for await (const item of readLidoRecords(Readable.from([xml]))) {
    if ('record' in item && item.record.oai?.deleted) deleted(item.record.oai.identifier);
    else yield item;
  }
}
