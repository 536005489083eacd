/**
 * The action of the checkpoint entry an audit purge appends (audit.repository.ts): each engine's
 * triggers (sqlite/audit-triggers.ts, postgres/audit-triggers.ts) let a purge delete only the
 * entries such a checkpoint covers.
 */
export const PURGE_ACTION = 'audit.purge';
