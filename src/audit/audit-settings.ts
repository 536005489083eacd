import { ConfigError } from '../config/config-error.js';
import type { AuditSettings } from './audit.service.js';

/** Thirteen months: a year of activity can always be looked back on, with a month to spare. */
export const DEFAULT_RETENTION_DAYS = 400;

/**
 * `EGIDE_AUDIT_RETENTION_DAYS` (whole days, default 400). `EGIDE_AUDIT_DISABLED_FOR_BENCHMARK=true`
 * turns the trail off: it exists only so that `npm run bench:http` can measure what the trail costs.
 */
export function loadAuditSettings(env: NodeJS.ProcessEnv = process.env): AuditSettings {
  const days = env.EGIDE_AUDIT_RETENTION_DAYS || undefined;
  if (days !== undefined && !/^\s*\d+\s*$/.test(days)) throw new ConfigError(`EGIDE_AUDIT_RETENTION_DAYS="${days}": give a whole number of days.`);
  const retentionDays = days === undefined ? DEFAULT_RETENTION_DAYS : Number(days);
  if (retentionDays < 1) throw new ConfigError(`EGIDE_AUDIT_RETENTION_DAYS="${days}": keep the trail at least 1 day.`);
  return { retentionDays, enabled: env.EGIDE_AUDIT_DISABLED_FOR_BENCHMARK !== 'true' };
}
