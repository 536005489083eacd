import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { testDatabaseEnv } from './test-database.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Egide's settings, removed from the environment so that a test's CLI run only sees its own flags. */
const EGIDE_VARIABLES = ['PORT', 'EGIDE_DATA', 'EGIDE_HOST', 'EGIDE_LOG_LEVEL', 'EGIDE_SECURE_COOKIES', 'EGIDE_BASE_URL', 'EGIDE_ADMIN_EMAIL', 'EGIDE_HSTS', 'EGIDE_TRUSTED_PROXIES', 'EGIDE_REQUEST_TIMEOUT', 'EGIDE_HEADERS_TIMEOUT', 'EGIDE_TOKEN_LIFETIME_DAYS', 'EGIDE_REQUIRE_2FA_ROLES', 'EGIDE_DATABASE_URL'];

/** Runs the real CLI from the sources in a child process (about a second each: use sparingly). */
export async function runEgide(args: string[], input?: string): Promise<CliRun> {
  const env = { ...process.env };
  for (const name of EGIDE_VARIABLES) delete env[name];
  const dataDir = dataFolderOf(args);
  if (dataDir) Object.assign(env, await testDatabaseEnv(dataDir));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: REPO_ROOT, env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** The `--data` folder a command is given: on PostgreSQL, it names the test's database (test-database.ts). */
export function dataFolderOf(args: readonly string[]): string | undefined {
  const at = args.indexOf('--data');
  if (at >= 0) return args[at + 1];
  return args.find((arg) => arg.startsWith('--data='))?.slice('--data='.length);
}
