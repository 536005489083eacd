import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { AuditEntryRow } from '../db/schema.js';
import { PURGE_ACTION } from '../db/audit-checkpoints.js';
import { textFunctions } from '../db/text-functions.js';
import { writeTransaction } from '../db/write-transaction.js';
import { chainedRows, GENESIS_HASH, type AuditAppender } from '../db/audit-chain.js';
import type { AuditAction, AuditContent } from './audit-entry.js';

/** Filters of the admin page, the API and the export; every one optional. */
export interface AuditFilter {
  /** A user id, or text found in the actor's name (or the e-mail tried at sign-in). */
  actor?: string | undefined;
  /** An organisation's slug: what its people did, who read its objects' sensitive fields, and changes to its accounts. */
  organisation?: string | undefined;
  action?: string | undefined;
  targetId?: string | undefined;
  /** ISO dates or times, inclusive; a bare date `to` covers its whole day. */
  from?: string | undefined;
  to?: string | undefined;
}

export interface AuditEntryView extends AuditEntryRow {
  organisation_slug: string | null;
}

/** The audit trail's storage. */
export class AuditRepository {
  /** `appender`: the engine's way to append at once, if it has one (see AuditAppender). */
  constructor(
    private readonly db: Db,
    private readonly appender?: AuditAppender,
  ) {}

  /** Appends entries after the last one now, if that needs no waiting; false, having written nothing, otherwise. */
  appendAtOnce(contents: readonly AuditContent[]): boolean {
    return this.appender?.appendAtOnce(contents) ?? false;
  }

  /** Appends entries after the last one, in a write transaction (waiting for the write lock). */
  append(contents: readonly AuditContent[]): Promise<void> {
    return writeTransaction(this.db, (trx) => this.appendIn(trx, contents));
  }

  private async appendIn(trx: Db, contents: readonly AuditContent[]): Promise<void> {
    if (contents.length === 0) return;
    const prevHash = (await trx.selectFrom('audit_entries').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst())?.hash ?? GENESIS_HASH;
    await trx.insertInto('audit_entries').values(chainedRows(prevHash, contents)).execute();
  }

  /** Entries after `afterId`, oldest first: verification and export read the trail page by page. */
  async page(afterId: number, limit: number, filter: AuditFilter = {}): Promise<AuditEntryView[]> {
    return this.filtered(filter).where('audit_entries.id', '>', afterId).orderBy('audit_entries.id').limit(limit).execute();
  }

  /** Newest first, for people reading the trail. */
  async newest(filter: AuditFilter, limit: number, offset: number): Promise<{ total: number; items: AuditEntryView[] }> {
    const [items, counted] = await Promise.all([
      this.filtered(filter).orderBy('audit_entries.id', 'desc').limit(limit).offset(offset).execute(),
      this.filtered(filter).clearSelect().select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    ]);
    return { total: Number(counted.total), items };
  }

  /** The newest purge checkpoint: it vouches for the previous hash of the oldest entry kept. */
  async lastCheckpoint(): Promise<AuditEntryRow | undefined> {
    return this.db.selectFrom('audit_entries').selectAll().where('action', '=', PURGE_ACTION).orderBy('id', 'desc').limit(1).executeTakeFirst();
  }

  /**
   * Removes the entries written before `cutoff`, in one write transaction. The checkpoint entry
   * `checkpoint` makes of the purge's event is appended first, holding the hash of the last entry
   * removed, so that the oldest entry kept still links to something the chain vouches for (the
   * triggers allow the deletion only then). Returns how many entries were removed.
   */
  purgeBefore(cutoff: string, checkpoint: (event: { action: AuditAction; details: Record<string, unknown> }) => AuditContent): Promise<number> {
    return writeTransaction(this.db, async (trx) => {
      const last = await trx.selectFrom('audit_entries').select(['id', 'hash']).where('at', '<', cutoff).orderBy('id', 'desc').limit(1).executeTakeFirst();
      if (!last) return 0;
      await this.appendIn(trx, [checkpoint({ action: PURGE_ACTION, details: { throughId: last.id, lastPurgedHash: last.hash, before: cutoff } })]);
      const result = await trx.deleteFrom('audit_entries').where('id', '<=', last.id).executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }

  private filtered(filter: AuditFilter) {
    let query = this.db
      .selectFrom('audit_entries')
      .leftJoin('organisations', 'organisations.id', 'audit_entries.organisation_id')
      .selectAll('audit_entries')
      .select('organisations.slug as organisation_slug');
    if (filter.actor) {
      const actor = filter.actor.trim();
      query = /^\d+$/.test(actor)
        ? query.where('audit_entries.actor_user_id', '=', Number(actor))
        : query.where(textFunctions(this.db).containsIgnoringCase(sql.ref('audit_entries.actor_name'), actor.toLowerCase()));
    }
    if (filter.organisation) {
      const slug = filter.organisation;
      const { jsonField } = textFunctions(this.db);
      const details = sql.ref<string>('audit_entries.details');
      query = query.where((eb) =>
        eb.or([eb('organisations.slug', '=', slug), eb(jsonField(details, 'owner'), '=', slug), eb(jsonField(details, 'organisation'), '=', slug)]),
      );
    }
    if (filter.action) query = query.where('audit_entries.action', '=', filter.action);
    if (filter.targetId) query = query.where('audit_entries.target_id', '=', filter.targetId);
    if (filter.from) query = query.where('audit_entries.at', '>=', filter.from);
    if (filter.to) query = query.where('audit_entries.at', '<=', /^\d{4}-\d{2}-\d{2}$/.test(filter.to) ? `${filter.to}T23:59:59.999Z` : filter.to);
    return query;
  }
}
