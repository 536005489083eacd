import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { AuditEntryRow } from '../db/schema.js';
import { PURGE_ACTION } from '../db/sqlite/audit-triggers.js';
import { chainHash, GENESIS_HASH, type AuditContent } from './audit-entry.js';

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

/** The audit trail's storage. Appends are serialised by the caller's write transaction. */
export class AuditRepository {
  constructor(private readonly db: Db) {}

  /** Appends entries after the last one, chaining each to the one before; call inside a write transaction. */
  async append(contents: readonly AuditContent[], trx: Db): Promise<void> {
    if (contents.length === 0) return;
    let prevHash = (await trx.selectFrom('audit_entries').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst())?.hash ?? GENESIS_HASH;
    const rows = contents.map((content) => {
      const hash = chainHash(prevHash, content);
      const row = {
        at: content.at,
        actor_kind: content.actorKind,
        actor_user_id: content.actorUserId,
        actor_token_id: content.actorTokenId,
        actor_name: content.actorName,
        client_address: content.clientAddress,
        organisation_id: content.organisationId,
        action: content.action,
        target_type: content.targetType,
        target_id: content.targetId,
        details: content.details,
        outcome: content.outcome,
        prev_hash: prevHash,
        hash,
      };
      prevHash = hash;
      return row;
    });
    await trx.insertInto('audit_entries').values(rows).execute();
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

  /** The newest entry written before `cutoff`, the last a purge removes. */
  async lastBefore(cutoff: string, trx: Db): Promise<Pick<AuditEntryRow, 'id' | 'hash'> | undefined> {
    return trx.selectFrom('audit_entries').select(['id', 'hash']).where('at', '<', cutoff).orderBy('id', 'desc').limit(1).executeTakeFirst();
  }

  /** Removes entries up to `throughId`; the triggers allow it only once a checkpoint covers them. */
  async deleteThrough(throughId: number, trx: Db): Promise<number> {
    const result = await trx.deleteFrom('audit_entries').where('id', '<=', throughId).executeTakeFirst();
    return Number(result.numDeletedRows);
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
        : query.where(sql<boolean>`instr(lower(audit_entries.actor_name), ${actor.toLowerCase()}) > 0`);
    }
    if (filter.organisation) {
      const slug = filter.organisation;
      query = query.where((eb) =>
        eb.or([
          eb('organisations.slug', '=', slug),
          eb(sql<string>`json_extract(audit_entries.details, '$.owner')`, '=', slug),
          eb(sql<string>`json_extract(audit_entries.details, '$.organisation')`, '=', slug),
        ]),
      );
    }
    if (filter.action) query = query.where('audit_entries.action', '=', filter.action);
    if (filter.targetId) query = query.where('audit_entries.target_id', '=', filter.targetId);
    if (filter.from) query = query.where('audit_entries.at', '>=', filter.from);
    if (filter.to) query = query.where('audit_entries.at', '<=', /^\d{4}-\d{2}-\d{2}$/.test(filter.to) ? `${filter.to}T23:59:59.999Z` : filter.to);
    return query;
  }
}
