import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import { SQLITE_FILE } from '../database.js';
import { sqliteSnapshots } from './sqlite-snapshot.js';

const ROWS = 3000;

describe('SQLite snapshots', () => {
  const dir = mkdtempSync(join(tmpdir(), 'egide-sqlite-snapshot-'));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finish while another connection writes between every step, as one consistent, self-contained copy', async () => {
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    const writer = new SQLite(join(dataDir, SQLITE_FILE));
    writer.pragma('journal_mode = WAL');
    writer.exec('create table t (id integer primary key, b blob)');
    // About 3,000 pages: several steps of the copy.
    writer.transaction(() => {
      for (let n = 0; n < ROWS; n++) writer.prepare('insert into t (b) values (randomblob(4000))').run();
    })();
    const insert = writer.prepare('insert into t (b) values (randomblob(4000))');
    const out = join(dir, 'out');
    mkdirSync(out);
    let steps = 0;
    try {
      // Each write makes SQLite restart the copy; without the one-step fallback it would never end.
      const taken = await sqliteSnapshots.take(
        loadConfig({ data: dataDir }, {}),
        out,
        () => {
          steps++;
          insert.run();
        },
        async (snapshot) => (await snapshot.rowCounts()).t,
      );
      expect(taken.files).toEqual([SQLITE_FILE]);
      // `read` is given the copy.
      expect(taken.read).toBe(ROWS + steps);
    } finally {
      writer.close();
    }
    expect(steps).toBeGreaterThan(1);
    // Rollback journal mode (header bytes 18-19 = 1): one file, which read-only opens leave alone.
    expect([...readFileSync(join(out, SQLITE_FILE)).subarray(18, 20)]).toEqual([1, 1]);
    const copy = await sqliteSnapshots.open(out);
    try {
      expect(await copy.integrityProblems()).toEqual([]);
      const { t } = await copy.rowCounts();
      // Each write came before a step, so the last step (the one that completed the copy) saw them all.
      expect(t).toBe(ROWS + steps);
    } finally {
      await copy.close();
    }
  });
});
