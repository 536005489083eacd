import { ConfigError } from './config-error.js';

/** How much identification the server accepts, and how long anonymous ones are kept. */
export interface IdentifySettings {
  /** Identifications running at once (`EGIDE_IDENTIFY_CONCURRENCY`). */
  concurrency: number;
  /** Accepted behind those; beyond, 503 (`EGIDE_IDENTIFY_QUEUE`). */
  queue: number;
  /** Per client address and minute, for the public (`EGIDE_IDENTIFY_RATE_ANONYMOUS`). */
  anonymousPerMinute: number;
  /** Per account and minute, for people and tokens signed in (`EGIDE_IDENTIFY_RATE_SIGNED_IN`). */
  signedInPerMinute: number;
  /** Anonymous identifications and their photos are removed after this many days (`EGIDE_ANONYMOUS_IDENTIFICATION_DAYS`). */
  anonymousRetentionDays: number;
}

/** Sized for a small server (2 cores): each running identification takes about a core. */
export const DEFAULT_IDENTIFY_SETTINGS: IdentifySettings = {
  concurrency: 2,
  queue: 8,
  anonymousPerMinute: 10,
  signedInPerMinute: 60,
  anonymousRetentionDays: 30,
};

/** The settings from the environment; a value that is not a whole number (≥ 1; the queue may be 0) stops with its name. */
export function identifySettings(fromEnv: (name: string) => string | undefined): IdentifySettings {
  const count = (name: string, fallback: number, min = 1) => {
    const value = fromEnv(name);
    if (value === undefined) return fallback;
    const number = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
    if (!(number >= min)) throw new ConfigError(`${name}="${value}": give a whole number of at least ${min}.`);
    return number;
  };
  const defaults = DEFAULT_IDENTIFY_SETTINGS;
  return {
    concurrency: count('EGIDE_IDENTIFY_CONCURRENCY', defaults.concurrency),
    queue: count('EGIDE_IDENTIFY_QUEUE', defaults.queue, 0),
    anonymousPerMinute: count('EGIDE_IDENTIFY_RATE_ANONYMOUS', defaults.anonymousPerMinute),
    signedInPerMinute: count('EGIDE_IDENTIFY_RATE_SIGNED_IN', defaults.signedInPerMinute),
    anonymousRetentionDays: count('EGIDE_ANONYMOUS_IDENTIFICATION_DAYS', defaults.anonymousRetentionDays),
  };
}
