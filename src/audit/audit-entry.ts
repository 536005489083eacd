import type { ChainContent } from '../db/audit-chain.js';
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
  'customs-check.run',
  'customs-check.read',
  'customs-check.decide',
  'red-list.create',
  'red-list.save-draft',
  'red-list.add-image',
  'red-list.publish',
  'red-list.start-edition',
  'red-list.import',
  'red-list.editor.add',
  'red-list.editor.remove',
  'observatory-dataset.import',
  'observatory-dataset.delete',
  'library.create',
  'library.update',
  'library.delete',
  'library.consent',
  'library.document',
  'heritage-place.create',
  'heritage-place.update',
  'heritage-place.assess',
  'evacuation.move',
  'due-diligence.check',
  'certificate.issue',
  'certificate.withdraw',
  'certificate.revoke',
  'signing-key.rotate',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_OUTCOMES = ['success', 'failure'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** A request's user ('user'), a bearer token ('token'), nobody signed in ('anonymous'), or the command line ('cli'). */
export type ActorKind = 'user' | 'token' | 'anonymous' | 'cli';

/** An entry as written, before the chain gives it its place (id and hashes): what the chain hashes, in the trail's vocabulary. */
export interface AuditContent extends ChainContent {
  actorKind: ActorKind;
  action: AuditAction;
  outcome: AuditOutcome;
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
