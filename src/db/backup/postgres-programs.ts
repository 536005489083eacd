import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Lines of a failed program's error output kept for its error message. */
const ERROR_LINES = 10;

/** `pg_dump` or `pg_restore` ended in failure; the message ends with what it said last. */
export class PostgresProgramError extends Error {}

export interface ProgramOutput {
  /** Each line the program writes to standard output (a `--file=-` script, a `--list`). */
  stdoutLine?: (line: string) => void;
  /** Each line of its error output (`--verbose` progress), besides those kept for the error message. */
  stderrLine?: (line: string) => void;
}

/** The server's address as `--dbname` and, out of the command line (which `ps` shows), its password. */
export function connectionOf(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { dbname: `--dbname=${parsed.toString()}`, env: password ? { PGPASSWORD: password } : {} };
}

/** Runs `program` to its end, line by line; rejects with its last error lines when it exits in failure. */
export async function runProgram(program: string, args: string[], output: ProgramOutput = {}, env: NodeJS.ProcessEnv = {}): Promise<void> {
  const child = spawn(program, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lastErrors: string[] = [];
  const stderr = createInterface({ input: child.stderr, crlfDelay: Infinity });
  stderr.on('line', (line) => {
    lastErrors.push(line);
    if (lastErrors.length > ERROR_LINES) lastErrors.shift();
    output.stderrLine?.(line);
  });
  const stdout = createInterface({ input: child.stdout, crlfDelay: Infinity });
  stdout.on('line', (line) => output.stdoutLine?.(line));
  const [code] = await Promise.all([
    new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', resolve);
    }),
    new Promise((resolve) => stdout.once('close', resolve)),
    new Promise((resolve) => stderr.once('close', resolve)),
  ]);
  if (code !== 0) {
    const name = program.slice(program.lastIndexOf('/') + 1);
    // Without `--verbose`'s progress lines, when it said more.
    const said = lastErrors.filter((line) => /: (error|warning|detail|hint): /.test(line));
    throw new PostgresProgramError(`${name} failed (exit code ${code}): ${(said.length > 0 ? said : lastErrors).join(' / ') || 'no message'}`);
  }
}
