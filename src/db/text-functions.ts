import type { Expression, Kysely, RawBuilder } from 'kysely';
import { dialectOf } from './dialect-of.js';
import * as postgres from './postgres/text-functions.js';
import * as sqlite from './sqlite/text-functions.js';

/** SQL functions on text that each engine spells its own way; same results on both. */
export interface TextFunctions {
  /** The value at `key` of the JSON object stored as text in `json`, as text (null when absent). */
  jsonField(json: Expression<string | null>, key: string): RawBuilder<string | null>;
  /** Whether `text` contains `fragment` (given in lower case), ignoring the case of ASCII letters. */
  containsIgnoringCase(text: Expression<string | null>, fragment: string): RawBuilder<boolean>;
}

export function textFunctions<DB>(db: Kysely<DB>): TextFunctions {
  return dialectOf(db) === 'postgres' ? postgres : sqlite;
}
