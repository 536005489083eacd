import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from './database.js';
import { DatabaseBusyError } from './errors.js';
import { writeTransaction } from './write-transaction.js';

describe('writeTransaction', () => {
  let dataDir: string;
  let handle: DatabaseHandle;
  /** A second connection to the same file, as another process has. */
  let other: SQLite.Database;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'egide-write-transaction-'));
    handle = await openDatabase({ dataDir });
    other = new SQLite(join(dataDir, 'egide.sqlite'));
  });
  afterEach(async () => {
    other.close();
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const put = (key: string) => (trx: DatabaseHandle['db']) => trx.insertInto('meta').values({ key, value: 'v' }).execute();
  const keys = async () => (await handle.db.selectFrom('meta').select('key').where('key', 'like', 't-%').orderBy('key').execute()).map((row) => row.key);

  it('holds the write lock from its start: another connection cannot write between its read and its write', async () => {
    other.pragma('busy_timeout = 0');
    await writeTransaction(handle.db, async (trx) => {
      await trx.selectFrom('meta').selectAll().execute();
      expect(() => other.prepare(`insert into meta (key, value) values ('t-other', 'v')`).run()).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
      await put('t-mine')(trx);
    });
    expect(await keys()).toEqual(['t-mine']);
  });

  it('waits, without blocking the process, while another connection writes, then commits', async () => {
    other.exec('begin immediate');
    let ticks = 0;
    const ticking = setInterval(() => ticks++, 5);
    setTimeout(() => other.exec('commit'), 150);
    const started = performance.now();
    await writeTransaction(handle.db, put('t-after-wait'));
    clearInterval(ticking);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(ticks).toBeGreaterThan(5);
    expect(await keys()).toEqual(['t-after-wait']);
  });

  it('gives up with a DatabaseBusyError when the lock stays taken, having done nothing', async () => {
    other.exec('begin immediate');
    let ran = false;
    const attempt = writeTransaction(handle.db, async () => void (ran = true), { maxWaitMs: 100 });
    await expect(attempt).rejects.toBeInstanceOf(DatabaseBusyError);
    await expect(attempt).rejects.toThrow(/stayed busy for 0\.1 s/);
    expect(ran).toBe(false);
    other.exec('rollback');
  });

  it('runs the work once and undoes it when it fails', async () => {
    let runs = 0;
    await expect(
      writeTransaction(handle.db, async (trx) => {
        runs++;
        await put('t-undone')(trx);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(runs).toBe(1);
    expect(await keys()).toEqual([]);
  });

  it('nested, undoes only the inner work when it fails and the outer work goes on', async () => {
    await writeTransaction(handle.db, async (trx) => {
      await put('t-outer')(trx);
      await expect(
        writeTransaction(trx, async (inner) => {
          await put('t-inner')(inner);
          throw new Error('inner refused');
        }),
      ).rejects.toThrow('inner refused');
      await writeTransaction(trx, put('t-inner-kept'));
    });
    expect(await keys()).toEqual(['t-inner-kept', 't-outer']);
  });

  it('nested, is undone with the outer transaction', async () => {
    await expect(
      writeTransaction(handle.db, async (trx) => {
        await writeTransaction(trx, put('t-inner'));
        throw new Error('outer refused');
      }),
    ).rejects.toThrow('outer refused');
    expect(await keys()).toEqual([]);
  });
});
