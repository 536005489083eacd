import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../roles.js';
import { AuditRepository } from '../../audit/audit.repository.js';
import { AuditTrail } from '../../audit/audit.service.js';
import { openDatabase, SQLITE_FILE, type DatabaseHandle } from '../database.js';
import { writeTransaction } from '../write-transaction.js';
import { SqliteAuditAppender } from './audit-appender.js';

/** The server's appender (on its own SQLite connection, synchronously) on a real file. */
const admin: Principal = { userId: 1, displayName: 'Admin', role: 'admin', organisationId: 1, organisationSlug: 'secretariat', via: 'session' };
const settings = { retentionDays: 400, enabled: true };
let dir: string;
let handle: DatabaseHandle;
let trail: AuditTrail;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'egide-audit-appender-'));
  handle = await openDatabase({ dataDir: dir });
  trail = new AuditTrail(new AuditRepository(handle.db, new SqliteAuditAppender(handle.sqliteConnection!)), settings);
});
afterEach(async () => {
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
});

const dataVersion = () => handle.sqliteConnection!.pragma('data_version', { simple: true }) as number;

it('chains its entries and those written through Kysely into one unforked trail', async () => {
  const throughKysely = new AuditTrail(new AuditRepository(handle.db), settings);
  await Promise.all(Array.from({ length: 80 }, (_, i) => (i % 3 === 0 ? throughKysely : trail).record(admin, { action: 'search', details: { q: `query ${i}` } })));
  const rows = await handle.db.selectFrom('audit_entries').select(['prev_hash', 'details']).orderBy('id').execute();
  expect(rows).toHaveLength(80);
  expect(new Set(rows.map((row) => row.prev_hash)).size).toBe(80);
  expect(new Set(rows.map((row) => row.details)).size).toBe(80);
  expect(await trail.verify()).toEqual({ ok: true, entries: 80 });
});

it('answers once the entry is committed, on the server’s own connection (whose page cache another connection’s commit would empty)', async () => {
  const before = dataVersion();
  await trail.record(admin, { action: 'object.read', targetType: 'object', targetId: 'a', details: { owner: 'louvre' } });
  const other = new SQLite(join(dir, SQLITE_FILE), { readonly: true });
  try {
    expect(other.prepare('select target_id from audit_entries').all()).toEqual([{ target_id: 'a' }]);
  } finally {
    other.close();
  }
  expect(dataVersion()).toBe(before);
});

it('waits, without blocking the server, while another process holds the write lock', async () => {
  const other = new SQLite(join(dir, SQLITE_FILE));
  try {
    other.exec('begin immediate');
    let stored = false;
    const recorded = trail.record(admin, { action: 'search', details: { q: 'bishop' } }).then(() => (stored = true));
    // The event loop turns meanwhile: timers fire, and the entry waits.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(stored).toBe(false);
    other.exec('commit');
    await recorded;
    expect(await handle.db.selectFrom('audit_entries').select('action').execute()).toEqual([{ action: 'search' }]);
  } finally {
    other.close();
  }
});

it('never writes inside a transaction the server has open: a rolled-back change keeps the entry recorded meanwhile', async () => {
  let recorded: Promise<void> | undefined;
  await expect(
    writeTransaction(handle.db, async (trx) => {
      await sql`insert into meta (key, value) values ('probe', '1')`.execute(trx);
      recorded = trail.record(admin, { action: 'search', details: { q: 'during' } });
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw new Error('rolled back');
    }),
  ).rejects.toThrow('rolled back');
  await recorded;
  expect(await handle.db.selectFrom('audit_entries').select('details').execute()).toEqual([{ details: '{"q":"during"}' }]);
  expect(await trail.verify()).toEqual({ ok: true, entries: 1 });
});

describe('group commit', () => {
  const counted = () => {
    const appender = new SqliteAuditAppender(handle.sqliteConnection!);
    const commits: number[] = [];
    const appendAtOnce = appender.appendAtOnce.bind(appender);
    appender.appendAtOnce = (contents) => (commits.push(contents.length), appendAtOnce(contents));
    return { trail: new AuditTrail(new AuditRepository(handle.db, appender), settings), commits };
  };
  const stored = () => (handle.sqliteConnection!.prepare('select count(*) as n from audit_entries').get() as { n: number }).n;

  it('commits the entries of one turn of the event loop together', async () => {
    const { trail, commits } = counted();
    await Promise.all(['a', 'b', 'c'].map((q) => trail.record(admin, { action: 'search', details: { q } })));
    expect(commits).toEqual([3]);
    expect(stored()).toBe(3);
  });

  it('commits at once a batch that has waited 2 ms, without waiting for the turn to end', async () => {
    const { trail, commits } = counted();
    const first = trail.record(admin, { action: 'search', details: { q: 'first' } });
    for (const start = performance.now(); performance.now() - start < 3; );
    const second = trail.record(admin, { action: 'search', details: { q: 'second' } });
    // Still in the same turn: both were committed by the second record.
    expect(commits).toEqual([2]);
    expect(stored()).toBe(2);
    await Promise.all([first, second]);
    expect(await trail.verify()).toEqual({ ok: true, entries: 2 });
  });
});

it('leaves the connection’s busy timeout as it found it (Kysely sets it to 0 just before its BEGIN)', async () => {
  const connection = handle.sqliteConnection!;
  connection.pragma('busy_timeout = 0');
  await trail.record(admin, { action: 'search', details: { q: 'between' } });
  expect(connection.pragma('busy_timeout', { simple: true })).toBe(0);
  connection.pragma('busy_timeout = 5000');
  await trail.record(admin, { action: 'search', details: { q: 'after' } });
  expect(connection.pragma('busy_timeout', { simple: true })).toBe(5000);
});
