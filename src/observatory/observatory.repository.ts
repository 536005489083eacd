import { sql, type SelectQueryBuilder } from 'kysely';
import { inLists } from '../db/chunks.js';
import type { Db } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { writeTransaction } from '../db/write-transaction.js';
import type { SourceObject } from './observatory-facts.js';

const RECOVERED_STATUSES = ['recovered', 'found'];
/**
 * Versions of changes kept: a process further behind reads every object again. A version is one
 * read after writes (a report, an import batch), so this covers hours of a busy network.
 */
const CHANGES_KEPT = 10_000;
/** Objects read per query when loading everything (bounded memory per step). */
const LOAD_STEP = 50_000;
/** Consecutive seqs read as a range rather than in a list. */
const RANGE_MIN = 100;

export interface ObservatoryVersion {
  version: number;
  updatedAt: string;
}

/**
 * The observatory's reads of the registry (objects, materials, incidents, recoveries, sightings)
 * and its data version. Triggers (src/db/{sqlite,postgres}/observatory-triggers.ts) mark every
 * object whose figures may have changed; `version()` turns the marks into a new version and logs
 * which objects it covers, so that each process reads again those objects only.
 */
export class ObservatoryRepository {
  constructor(private readonly db: Db) {}

  /** The data's version, moved first if objects were marked since. */
  async version(): Promise<ObservatoryVersion> {
    const marked = await this.db.selectFrom('observatory_dirty').select('object_seq').limit(1).executeTakeFirst();
    if (marked) {
      await writeTransaction(this.db, async (trx) => {
        const state = await trx.selectFrom('observatory_state').select('version').where('id', '=', 1).executeTakeFirstOrThrow();
        const next = Number(state.version) + 1;
        await sql`insert into observatory_changes (version, object_seq) select cast(${next} as bigint), object_seq from observatory_dirty`.execute(trx);
        await trx.deleteFrom('observatory_dirty').execute();
        await trx.deleteFrom('observatory_changes').where('version', '<=', next - CHANGES_KEPT).execute();
        await trx.updateTable('observatory_state').set({ version: next, updated_at: new Date().toISOString() }).where('id', '=', 1).execute();
      });
    }
    const row = await this.db.selectFrom('observatory_state').select(['version', 'updated_at']).where('id', '=', 1).executeTakeFirstOrThrow();
    return { version: Number(row.version), updatedAt: row.updated_at };
  }

  /** The objects changed after `version` up to `upTo`, or undefined when the log no longer reaches back that far. */
  async changedSince(version: number, upTo: number): Promise<number[] | undefined> {
    if (upTo - version >= CHANGES_KEPT) return undefined;
    const rows = await this.db.selectFrom('observatory_changes').select('object_seq').distinct().where('version', '>', version).where('version', '<=', upTo).execute();
    return rows.map((row) => Number(row.object_seq));
  }

  /** Every object with an incident or a sighting, LOAD_STEP seqs at a time (ranges read in a handful of queries). */
  async *everySource(): AsyncGenerator<SourceObject[]> {
    const last = await this.db
      .selectFrom('objects')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst();
    const end = Number(last?.seq ?? 0);
    for (let from = 0; from <= end; from += LOAD_STEP) {
      const objects = await this.read({ range: [from, from + LOAD_STEP] });
      if (objects.length > 0) yield objects;
    }
  }

  /**
   * The registry rows the facts of these objects come from (deleted objects have none). Runs of
   * consecutive seqs (an import's new objects) are read as ranges, the rest in lists: reading an
   * import of 50,000 objects back through lists took longer than the facts' whole update.
   */
  async sources(seqs: readonly number[]): Promise<SourceObject[]> {
    const objects: SourceObject[] = [];
    const scattered: number[] = [];
    const sorted = [...new Set(seqs)].sort((a, b) => a - b);
    for (let first = 0; first < sorted.length; ) {
      let last = first;
      while (last + 1 < sorted.length && last + 1 - first < LOAD_STEP && sorted[last + 1] === sorted[last]! + 1) last += 1;
      if (last - first + 1 >= RANGE_MIN) for (const object of await this.read({ range: [sorted[first]! - 1, sorted[last]!] })) objects.push(object);
      else scattered.push(...sorted.slice(first, last + 1));
      first = last + 1;
    }
    for (const chunk of inLists(scattered)) objects.push(...(await this.read({ seqs: chunk })));
    return objects;
  }

  /** The objects of a list, or of a range of seqs (from excluded, to included) that have an incident or a sighting. */
  private async read(which: { seqs: number[] } | { range: [number, number] }): Promise<SourceObject[]> {
    const among = <Q extends SelectQueryBuilder<Database, keyof Database, object>>(query: Q, column: string): Q =>
      ('seqs' in which
        ? query.where(sql.ref(column), 'in', which.seqs)
        : query.where(sql.ref(column), '>', which.range[0]).where(sql.ref(column), '<=', which.range[1])) as Q;
    const objects = new Map<number, SourceObject>();
    const of = (seq: number) => objects.get(Number(seq));
    const incidents = await among(this.db.selectFrom('incidents').select(['object_seq', 'country', 'method', 'place_kind', 'reported_on', 'discovered_on']), 'object_seq').execute();
    const sightings = await among(this.db.selectFrom('sightings').select(['object_seq', 'country', 'created_at']), 'object_seq').execute();
    if ('range' in which && incidents.length === 0 && sightings.length === 0) return [];
    const counted = new Set([...incidents, ...sightings].map((row) => Number(row.object_seq)));
    const rows = await among(this.db.selectFrom('objects').select(['seq', 'status', 'object_type', 'earliest_year', 'latest_year']), 'seq').execute();
    for (const row of rows) {
      if (!counted.has(Number(row.seq))) continue;
      objects.set(Number(row.seq), {
        seq: Number(row.seq),
        status: row.status,
        objectType: row.object_type,
        earliestYear: row.earliest_year === null ? null : Number(row.earliest_year),
        latestYear: row.latest_year === null ? null : Number(row.latest_year),
        materials: [],
        incidents: [],
        recoveries: [],
        sightings: [],
      });
    }
    for (const row of await among(this.db.selectFrom('object_materials').select(['object_seq', 'material']), 'object_seq').execute()) of(row.object_seq)?.materials.push(row.material);
    for (const row of incidents) {
      of(row.object_seq)?.incidents.push({ country: row.country, method: row.method, placeKind: row.place_kind, reportedOn: row.reported_on, discoveredOn: row.discovered_on });
    }
    const changes = await among(this.db.selectFrom('object_history').select(['object_seq', 'at', 'changes']).where('action', '=', 'status-changed'), 'object_seq').execute();
    for (const row of changes) if (RECOVERED_STATUSES.includes(statusAfter(row.changes))) of(row.object_seq)?.recoveries.push(row.at);
    for (const row of sightings) of(row.object_seq)?.sightings.push({ country: row.country, at: row.created_at });
    return [...objects.values()];
  }
}

/** The status a history entry's changes moved to (`{ status: [from, to] }`), or ''. */
function statusAfter(changes: string): string {
  try {
    const status = (JSON.parse(changes) as { status?: unknown }).status;
    return Array.isArray(status) && typeof status[1] === 'string' ? status[1] : '';
  } catch {
    return '';
  }
}
