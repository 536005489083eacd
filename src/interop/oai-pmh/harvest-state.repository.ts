/**
 * Where each harvest stands, in the database (`oai_harvests`, migration 0005): one row per list
 * harvested (repository URL, metadata format, set, organisation). A run saves its next resumption
 * token and its counts after each page is imported, so that a run stopped by an error or a crash
 * is resumed from there; a complete run leaves the date it started at, the next run's `from`.
 */
import type { Db } from '../../db/database.js';
import type { OaiHarvestRow } from '../../db/schema.js';

export interface HarvestKey {
  url: string;
  metadataPrefix: string;
  /** '' for the whole repository. */
  set: string;
  organisationId: number;
}

/** What a run did so far, over all its invocations. */
export interface HarvestCounts {
  pages: number;
  records: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  deleted: number;
}

const NO_COUNTS: HarvestCounts = { pages: 0, records: 0, created: 0, updated: 0, unchanged: 0, failed: 0, deleted: 0 };

export function countsOf(row: OaiHarvestRow): HarvestCounts {
  const { pages, records, created, updated, unchanged, failed, deleted } = row;
  return { pages, records, created, updated, unchanged, failed, deleted };
}

export class HarvestStateRepository {
  constructor(private readonly db: Db) {}

  find(key: HarvestKey): Promise<OaiHarvestRow | undefined> {
    return this.db
      .selectFrom('oai_harvests')
      .selectAll()
      .where('url', '=', key.url)
      .where('metadata_prefix', '=', key.metadataPrefix)
      .where('set_spec', '=', key.set)
      .where('organisation_id', '=', key.organisationId)
      .executeTakeFirst();
  }

  /** A new run of the list from `from` (all of it when null): counts and token start again; what the last complete run reached stays. */
  async startRun(key: HarvestKey, from: string | null): Promise<OaiHarvestRow> {
    const run = { status: 'running', from_date: from, resumption_token: null, ...NO_COUNTS, last_error: null, started_at: new Date().toISOString(), finished_at: null, run_response_date: null };
    return this.db
      .insertInto('oai_harvests')
      .values({ url: key.url, metadata_prefix: key.metadataPrefix, set_spec: key.set, organisation_id: key.organisationId, ...run })
      .onConflict((oc) => oc.columns(['url', 'metadata_prefix', 'set_spec', 'organisation_id']).doUpdateSet(run))
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Resumes a run that failed or was interrupted. */
  async resumeRun(id: number): Promise<void> {
    await this.db.updateTable('oai_harvests').set({ status: 'running', last_error: null }).where('id', '=', id).execute();
  }

  /** The repository's date when the run began (kept if the run already had one: the earlier, the safer). */
  async setRunDate(id: number, responseDate: string): Promise<void> {
    await this.db.updateTable('oai_harvests').set({ run_response_date: responseDate }).where('id', '=', id).where('run_response_date', 'is', null).execute();
  }

  /** After a page is imported: the token of the next page (null to fetch the list's first page again) and the counts. */
  async savePage(id: number, token: string | null, counts: HarvestCounts): Promise<void> {
    await this.db
      .updateTable('oai_harvests')
      .set({ resumption_token: token, ...counts })
      .where('id', '=', id)
      .execute();
  }

  async fail(id: number, message: string): Promise<void> {
    await this.db.updateTable('oai_harvests').set({ status: 'failed', last_error: message }).where('id', '=', id).execute();
  }

  /** The run is complete: the next one harvests from the date this one started at. */
  async finish(id: number): Promise<OaiHarvestRow> {
    return this.db
      .updateTable('oai_harvests')
      .set((eb) => ({ status: 'finished', resumption_token: null, finished_at: new Date().toISOString(), harvested_until: eb.ref('run_response_date') }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
}
