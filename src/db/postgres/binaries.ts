import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../config/config-error.js';

/** Debian installs each PostgreSQL major version's programs under `/usr/lib/postgresql/<major>/bin`. */
const ROOT = '/usr/lib/postgresql';

/** PostgreSQL's programs Egide looks for: the test cluster's `initdb` (its folder holds the other server tools), the backup's dump and restore. */
export type PostgresProgram = 'initdb' | 'pg_dump' | 'pg_restore';

/** The major versions installed with `program`, newest first. */
function versionsWith(program: PostgresProgram): number[] {
  if (!existsSync(ROOT)) return [];
  return readdirSync(ROOT)
    .filter((version) => /^\d+$/.test(version) && existsSync(join(ROOT, version, 'bin', program)))
    .map(Number)
    .sort((a, b) => b - a);
}

/** The folder of the newest installed server's programs (`initdb`, `pg_ctl`, `postgres`). */
export function serverBinaries(): string {
  const newest = versionsWith('initdb')[0];
  if (newest === undefined) throw new ConfigError('PostgreSQL is not installed: Debian\'s "postgresql" package provides it (apt-get install postgresql).');
  return join(ROOT, String(newest), 'bin');
}

/**
 * `pg_dump` or `pg_restore` for a server of major version `serverMajor` (none given: the newest
 * installed). Both read and write what older servers hold, never what newer ones do: the server's own
 * version, else the newest installed one above it.
 */
export function clientProgram(program: 'pg_dump' | 'pg_restore', serverMajor?: number): string {
  const versions = versionsWith(program);
  const chosen = serverMajor === undefined ? versions[0] : versions.includes(serverMajor) ? serverMajor : versions.find((version) => version > serverMajor);
  if (chosen === undefined) {
    const wanted = serverMajor === undefined ? '' : ` ${serverMajor} or newer`;
    throw new ConfigError(`${program}${wanted} is not installed: Debian's "postgresql-client${serverMajor === undefined ? '' : `-${serverMajor}`}" package provides it.`);
  }
  return join(ROOT, String(chosen), 'bin', program);
}
