import { createHash } from 'node:crypto';
import type { AuditEntryTable } from './schema.js';

/**
 * The audit trail's hash chain, shared by the audit repository and service and by the SQLite
 * appender (sqlite/audit-appender.ts), which chains entries under the write lock itself.
 */

/** The previous hash of the very first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** An entry as the chain hashes it; audit/audit-entry.ts narrows its vocabularies (AuditContent). */
export interface ChainContent {
  at: string;
  actorKind: string;
  actorUserId: number | null;
  actorTokenId: number | null;
  actorName: string | null;
  clientAddress: string | null;
  organisationId: number | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  /** A JSON object, hashed exactly as stored. */
  details: string;
  outcome: string;
}

/**
 * The hash chaining an entry to the one before it: SHA-256 of the previous hash and the entry's
 * content, as a JSON array in a fixed order (so that the same content always hashes the same).
 * Changing any field, or the previous hash, changes it.
 */
export function chainHash(prevHash: string, content: ChainContent): string {
  const canonical = JSON.stringify([
    content.at,
    content.actorKind,
    content.actorUserId,
    content.actorTokenId,
    content.actorName,
    content.clientAddress,
    content.organisationId,
    content.action,
    content.targetType,
    content.targetId,
    content.details,
    content.outcome,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

/** A stored entry without its id, which the database gives it. */
export type ChainedRow = Omit<AuditEntryTable, 'id'>;

/** `contents` as the rows that follow the entry hashed `prevHash`, each chained to the one before. */
export function chainedRows(prevHash: string, contents: readonly ChainContent[]): ChainedRow[] {
  return contents.map((content) => {
    const hash = chainHash(prevHash, content);
    const row: ChainedRow = {
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
}

/**
 * An engine's way to append entries at once, synchronously: after the last one, in one write
 * transaction, each chained to the one before (`chainedRows`). True once they are committed; false,
 * having written nothing, when it cannot without waiting (the caller then appends them through a
 * write transaction, which waits). The write lock serialises appends across processes and
 * connections, so the chain never forks.
 */
export interface AuditAppender {
  appendAtOnce(contents: readonly ChainContent[]): boolean;
}
