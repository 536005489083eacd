import { invalid } from '../errors.js';

/** How long a new API token lasts unless told otherwise: `EGIDE_TOKEN_LIFETIME_DAYS`, default 365. */
export function defaultTokenLifetimeDays(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.EGIDE_TOKEN_LIFETIME_DAYS;
  if (raw === undefined || raw.trim() === '') return 365;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1) throw invalid(`EGIDE_TOKEN_LIFETIME_DAYS must be a whole number of days, at least 1 (got "${raw}").`);
  return days;
}

const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

/** `90d`, `12h`, `2w`: when a token given that lifetime now expires. */
export function expiryAfter(lifetime: string, now = new Date()): Date {
  const match = /^(\d+)\s*([hdw])$/i.exec(lifetime.trim());
  const amount = Number(match?.[1]);
  if (!match || amount < 1) throw invalid(`--expires-in "${lifetime}" is not a lifetime: write a number then h, d or w (e.g. 90d).`);
  return new Date(now.getTime() + amount * UNIT_MS[match[2]!.toLowerCase() as keyof typeof UNIT_MS]);
}

/** An `--expires-at` date (`2027-06-30`, or a full ISO time); it must be in the future. */
export function expiryAt(value: string, now = new Date()): Date {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value.trim()) ? `${value.trim()}T00:00:00Z` : value.trim());
  if (Number.isNaN(date.getTime())) throw invalid(`--expires-at "${value}" is not a date (e.g. 2027-06-30).`);
  if (date <= now) throw invalid(`--expires-at ${value} is not in the future.`);
  return date;
}
