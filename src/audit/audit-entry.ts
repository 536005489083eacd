import { createHash } from 'node:crypto';
import type { AuditEntryRow } from '../db/schema.js';

/** What the trail records; see README "Audit trail". */
export const AUDIT_ACTIONS = [
  'object.read',
  'object.history',
  'search',
  'identify',
  'export',
  'harvest',
  'sign-in',
  'token.use',
  'token.create',
  'token.revoke',
  'user.add',
  'user.disable',
  'user.enable',
  'user.password',
  'organisation.add',
  'audit.export',
  'audit.purge',
  'sign-in.second-factor',
  'two-factor.enrol',
  'two-factor.recovery-codes',
  'two-factor.reset',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_OUTCOMES = ['success', 'failure'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** A request's user ('user'), a bearer token ('token'), nobody signed in ('anonymous'), or the command line ('cli'). */
export type ActorKind = 'user' | 'token' | 'anonymous' | 'cli';

/** The previous hash of the very first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** An entry as written, before the chain gives it its place (id and hashes). */
export interface AuditContent {
  at: string;
  actorKind: ActorKind;
  actorUserId: number | null;
  actorTokenId: number | null;
  actorName: string | null;
  clientAddress: string | null;
  organisationId: number | null;
  action: AuditAction;
  targetType: string | null;
  targetId: string | null;
  /** A JSON object, hashed exactly as stored. */
  details: string;
  outcome: AuditOutcome;
}

/**
 * The hash chaining an entry to the one before it: SHA-256 of the previous hash and the entry's
 * content, as a JSON array in a fixed order (so that the same content always hashes the same).
 * Changing any field, or the previous hash, changes it.
 */
export function chainHash(prevHash: string, content: AuditContent): string {
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

export function contentOf(row: AuditEntryRow): AuditContent {
  return {
    at: row.at,
    actorKind: row.actor_kind as ActorKind,
    actorUserId: row.actor_user_id,
    actorTokenId: row.actor_token_id,
    actorName: row.actor_name,
    clientAddress: row.client_address,
    organisationId: row.organisation_id,
    action: row.action as AuditAction,
    targetType: row.target_type,
    targetId: row.target_id,
    details: row.details,
    outcome: row.outcome as AuditOutcome,
  };
}
