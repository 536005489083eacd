import { clientProgram } from '../postgres/binaries.js';
import { runProgram } from './postgres-programs.js';

/** A table of contents entry: `215; 1259 16390 TABLE public objects egide` (not `TABLE DATA public objects egide`, its rows). */
const TABLE_ENTRY = /^\d+; \d+ \d+ TABLE (?!DATA )(\S+) (\S+) /;
/** The start of a table's rows in a script: `COPY public.objects (seq, id, …) FROM stdin;`. */
const COPY_START = /^COPY (.+?) \((.*)\) FROM stdin;$/;
const COPY_END = '\\.';
const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/**
 * A `pg_dump --format=custom` file read without a server: `pg_restore --list` reads its table of
 * contents, and `pg_restore --data-only --file=-` writes its rows as COPY text, which is read back
 * here. Reading every row decompresses every block, which finds a damaged or truncated file.
 */
export class PostgresArchive {
  private readonly program = clientProgram('pg_restore');

  constructor(readonly file: string) {}

  /** The tables of the table of contents; throws when it cannot be read (not an archive, a damaged start). */
  async tables(): Promise<string[]> {
    const tables: string[] = [];
    await runProgram(this.program, ['--list', this.file], {
      stdoutLine: (line) => {
        const entry = TABLE_ENTRY.exec(line);
        if (entry) tables.push(entry[2]!);
      },
    });
    return tables.sort();
  }

  /** Every table's rows, counted by reading them all; throws when a block cannot be read. */
  async rowCounts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = Object.fromEntries((await this.tables()).map((table) => [table, 0]));
    await this.readRows([], (table) => {
      counts[table] = (counts[table] ?? 0) + 1;
    });
    return counts;
  }

  /** `columns` of every row of `table`, as text. */
  async textRows<C extends string>(table: string, columns: readonly C[]): Promise<Record<C, string | null>[]> {
    const rows: Record<C, string | null>[] = [];
    await this.readRows(['--table', table], (name, row) => {
      if (name === table) rows.push(Object.fromEntries(columns.map((column) => [column, row(column)])) as Record<C, string | null>);
    });
    return rows;
  }

  /** Calls `onRow` with each row's table and a reader of its columns. */
  private async readRows(args: string[], onRow: (table: string, column: (name: string) => string | null) => void): Promise<void> {
    let copying: { table: string; columns: string[] } | undefined;
    await runProgram(this.program, ['--data-only', '--file=-', ...args, this.file], {
      stdoutLine: (line) => {
        if (copying) {
          if (line === COPY_END) copying = undefined;
          else {
            const fields = line.split('\t');
            const { table, columns } = copying;
            onRow(table, (name) => {
              const at = columns.indexOf(name);
              if (at < 0) throw new Error(`${table} has no column ${name} in the backup`);
              return copyValue(fields[at]!);
            });
          }
          return;
        }
        const start = COPY_START.exec(line);
        if (start) copying = { table: unquote(start[1]!.slice(start[1]!.indexOf('.') + 1)), columns: start[2]!.split(', ').map(unquote) };
      },
    });
  }
}

function unquote(identifier: string): string {
  return identifier.startsWith('"') ? identifier.slice(1, -1).replaceAll('""', '"') : identifier;
}

/** A field of COPY's text format: `\N` is null, backslash escapes as https://www.postgresql.org/docs/current/sql-copy.html says. */
function copyValue(field: string): string | null {
  if (field === '\\N') return null;
  return field.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (_, escape: string) => {
    if (escape[0] === 'x') return String.fromCharCode(parseInt(escape.slice(1), 16));
    if (/^[0-7]/.test(escape)) return String.fromCharCode(parseInt(escape, 8));
    return ESCAPES[escape] ?? escape;
  });
}
