import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { serverBinaries } from '../db/postgres/binaries.js';
import { freePort } from './free-port.js';

/**
 * A throwaway PostgreSQL cluster for tests and benchmarks: Debian's `postgresql` binaries, a new
 * data folder, a free TCP port on loopback. Never a mock: when the binaries are missing, starting
 * fails with a message saying what to install.
 */
export interface PostgresCluster {
  /** The superuser's address of the `postgres` database (`postgres://egide@127.0.0.1:PORT/postgres`). */
  adminUrl: string;
  /** The address of another database of this cluster. */
  urlOf(database: string): string;
  /** Stops the server at once, keeping its data, as a crash would (connections drop); `resume` starts it again on the same port. */
  interrupt(): void;
  resume(): void;
  stop(): void;
}

const USER = 'egide';


/** initdb refuses to run as root: as root, the cluster belongs to Debian's `postgres` user. */
function asClusterOwner(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

export async function startPostgresCluster(options: { settings?: Record<string, string> } = {}): Promise<PostgresCluster> {
  const bin = serverBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'egide-pg-'));
  const dataDir = join(dir, 'data');
  if (process.getuid?.() === 0) {
    const owner = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const group = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, owner, group);
    chmodSync(dir, 0o700);
  }
  const run = (command: string, args: string[]) => {
    const [file, argv] = asClusterOwner(join(bin, command), args);
    const result = spawnSync(file, argv, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr || result.stdout}`);
  };
  run('initdb', ['-D', dataDir, '-U', USER, '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync']);
  const port = await freePort();
  // Durability is not what tests measure: without fsync a test database is made in milliseconds.
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: dir,
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    max_connections: '300',
    shared_buffers: '256MB',
    ...options.settings,
  };
  const flags = Object.entries(settings)
    .map(([key, value]) => `-c ${key}=${value}`)
    .join(' ');
  const start = () => run('pg_ctl', ['-D', dataDir, '-l', join(dir, 'server.log'), '-o', flags, '-w', '-t', '60', 'start']);
  start();
  const urlOf = (database: string) => `postgres://${USER}@127.0.0.1:${port}/${database}`;
  return {
    adminUrl: urlOf('postgres'),
    urlOf,
    interrupt: () => run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']),
    resume: start,
    stop: () => {
      try {
        run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Creates database `name` on the cluster at `adminUrl` (a copy of `template` when given) and returns its address. */
export async function createDatabase(adminUrl: string, name: string, template?: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const quoted = (id: string) => `"${id.replaceAll('"', '""')}"`;
    await client.query(`create database ${quoted(name)}${template ? ` template ${quoted(template)}` : ''}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
