import type { DialectName } from '../src/db/database.js';

/** The engines a benchmark runs on: `--dialect sqlite` (the default), `--dialect postgres` or `--dialect sqlite,postgres`. */
export function dialectsOf(args: string[]): DialectName[] {
  const at = args.indexOf('--dialect');
  const names = (at >= 0 ? (args[at + 1] ?? '') : 'sqlite').split(',');
  if (names.some((name) => name !== 'sqlite' && name !== 'postgres')) throw new Error('--dialect takes sqlite, postgres or sqlite,postgres');
  return names as DialectName[];
}
