import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runEgide } from '../test-support/cli.js';

const folder = mkdtempSync(join(tmpdir(), 'egide-data-file-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('--data', () => {
  it('pointing at a file is a clear error naming it, and the file is left as it was', async () => {
    const file = join(folder, 'egide.sqlite');
    writeFileSync(file, 'not a folder');
    const run = await runEgide(['org', 'list', '--data', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`egide: The data folder ${file} (--data or EGIDE_DATA) is a file, not a folder: give a folder (created if missing).\n`);
    expect(readFileSync(file, 'utf8')).toBe('not a folder');
  });
});
