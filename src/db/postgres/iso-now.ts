/**
 * The moment of a change as Egide stores times (ISO 8601, milliseconds, UTC: what `toISOString()`
 * and SQLite's `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')` write). `clock_timestamp()`, not `now()`:
 * the moment of the statement, as in SQLite, not the start of its transaction.
 */
export const ISO_NOW = `to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
