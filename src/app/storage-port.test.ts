import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The storage port (issue 12): services, pages and APIs reach the database through repositories
 * and the unit of work only, so that the engine (SQLite or PostgreSQL) is chosen in one place.
 * Which of Egide's own modules they may import is a rule of .dependency-cruiser.cjs
 * (services-through-repositories); Kysely, a package, is outside what it checks, hence this test.
 */
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The module outside the storage layer that repositories and search stores share: the one visibility
 * rule, written as a Kysely expression so that every query applies it in SQL.
 */
const STORAGE_SHARED = new Set(['registry/visibility.ts']);

/** Where Kysely may be used: the database folder, repositories, migrations, the composition root; and tests. */
function mayUseKysely(file: string, specifiers: readonly string[]): boolean {
  return (
    specifiers.includes('vitest') ||
    file.startsWith('db/') ||
    file.endsWith('.repository.ts') ||
    file.includes('/migrations/') ||
    file === 'app/context.ts' ||
    /\.test\.tsx?$/.test(file) ||
    file.endsWith('.contract.ts') ||
    file.startsWith('test-support/') ||
    file.startsWith('interop/testing/') ||
    STORAGE_SHARED.has(file)
  );
}

const isKysely = (specifier: string) => specifier === 'kysely' || specifier.startsWith('kysely/');

function sourceFiles(folder: string): string[] {
  return readdirSync(join(SRC, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = folder ? `${folder}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every module specifier a file imports or re-exports, types and dynamic imports included. */
function specifiersOf(text: string): string[] {
  const found = text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*'([^']+)'|import\(\s*'([^']+)'\s*\)/g);
  return [...found].map((match) => match[1] ?? match[2]!);
}

describe('the storage port', () => {
  it('keeps Kysely inside the storage layer: services, pages and APIs never build a query', () => {
    const outside = sourceFiles('')
      .map((file) => ({ file, specifiers: specifiersOf(readFileSync(join(SRC, file), 'utf8')) }))
      .filter(({ file, specifiers }) => !mayUseKysely(file, specifiers));
    expect(outside.length).toBeGreaterThan(100);
    expect(outside.filter(({ specifiers }) => specifiers.some(isKysely)).map(({ file }) => file)).toEqual([]);
  });

  it('finds Kysely however it is imported', () => {
    const text = ["import { sql } from 'kysely';", "import type {\n  Kysely,\n  Transaction,\n} from 'kysely';", "export type { Insertable } from 'kysely';", "const k = await import('kysely');"].join('\n');
    expect(specifiersOf(text).filter(isKysely)).toHaveLength(4);
  });
});
