import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from './cli.js';
import { testDatabaseEnv } from './test-database.js';

export interface EgideServer {
  child: ChildProcess;
  url: string;
  /** Error log lines and 5xx answers, as the server logged them. */
  errors: string[];
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export interface EgideServerOptions {
  /**
   * Settings of this server (`EGIDE_DATABASE_URL`, a shared photo folder, `EGIDE_TRUSTED_PROXIES`…).
   * With `EGIDE_DATABASE_URL`, the server uses that database rather than the test database of `dataDir`.
   */
  env?: Record<string, string>;
}

/** A real `egide serve` process on `dataDir`, on a free local port, once it listens. */
export async function startEgideServer(dataDir: string, options: EgideServerOptions = {}): Promise<EgideServer> {
  const database = options.env?.EGIDE_DATABASE_URL ? {} : await testDatabaseEnv(dataDir);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0', '--host', '127.0.0.1', '--data', dataDir], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...database, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
  const errors: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (entry.level === 'error' || (entry.msg === 'request' && Number(entry.status) >= 500)) errors.push(line);
      if (entry.msg === 'egide listening') resolve(String(entry.url).replace('0.0.0.0', '127.0.0.1'));
    });
    child.on('close', (code) => reject(new Error(`the server exited (${code}) before listening:\n${stderr}`)));
  });
  return {
    child,
    url,
    errors,
    exited,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
