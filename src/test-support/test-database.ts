import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import pg from 'pg';

/**
 * Which engine the medium tests run on. `EGIDE_TEST_DIALECT=postgres` (set by `npm run test:postgres`)
 * makes the global setup (tests/postgres-setup.ts) start a throwaway cluster and hand its address
 * to the test processes in `EGIDE_TEST_POSTGRES_ADMIN_URL`; without it the tests use SQLite files.
 */
export const TEST_POSTGRES_ADMIN_URL = 'EGIDE_TEST_POSTGRES_ADMIN_URL';
/** The database every test database is copied from: migrated once by the global setup. */
export const TEMPLATE_DATABASE = 'egide_template';

export function testDialect(): 'sqlite' | 'postgres' {
  return process.env[TEST_POSTGRES_ADMIN_URL] ? 'postgres' : 'sqlite';
}

const made = new Map<string, Promise<string>>();

/**
 * The environment that points Egide at the test database of `dataDir`: on PostgreSQL, a database
 * of its own named after the folder (made from the migrated template the first time), so a server,
 * the CLI and an in-process app given the same folder share their data as they do on SQLite.
 * On SQLite, nothing: the file is in the folder.
 */
export async function testDatabaseEnv(dataDir: string): Promise<NodeJS.ProcessEnv> {
  const admin = process.env[TEST_POSTGRES_ADMIN_URL];
  if (!admin) return {};
  const name = databaseNameOf(dataDir);
  let url = made.get(name);
  if (!url) {
    url = createIfMissing(admin, name, TEMPLATE_DATABASE);
    made.set(name, url);
  }
  return { EGIDE_DATABASE_URL: await url };
}

/**
 * The environment of `dataDir`'s test database as `testDatabaseEnv` gives it, but made empty
 * rather than a copy of the migrated template: the target of a restore. Call it first.
 */
export async function emptyTestDatabaseEnv(dataDir: string): Promise<NodeJS.ProcessEnv> {
  const admin = process.env[TEST_POSTGRES_ADMIN_URL];
  if (!admin) return {};
  const name = databaseNameOf(dataDir);
  if (made.has(name)) throw new Error(`The test database of ${dataDir} was already made.`);
  const url = createIfMissing(admin, name);
  made.set(name, url);
  return { EGIDE_DATABASE_URL: await url };
}

function databaseNameOf(dataDir: string): string {
  return `egide_${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 24)}`;
}

async function createIfMissing(adminUrl: string, name: string, template?: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await client.query(`create database "${name}"${template ? ` template "${template}"` : ''}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops the test database of `dataDir` (its connections closed first), when the test is done with its folder. */
export async function dropTestDatabase(dataDir: string): Promise<void> {
  const admin = process.env[TEST_POSTGRES_ADMIN_URL];
  if (!admin) return;
  const name = databaseNameOf(dataDir);
  made.delete(name);
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await client.end();
  }
}
