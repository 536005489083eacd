import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Principal } from '../../roles.js';
import { AuditRepository } from '../../audit/audit.repository.js';
import { AuditTrail } from '../../audit/audit.service.js';
import { openDatabase, SQLITE_FILE, type DatabaseHandle } from '../database.js';
import { SqliteAuditAppender } from './audit-appender.js';

/** The server's appender (a worker thread with its own connection) on a real SQLite file. */
const admin: Principal = { userId: 1, displayName: 'Admin', role: 'admin', organisationId: 1, organisationSlug: 'secretariat', via: 'session' };
let dir: string;
let handle: DatabaseHandle;
let appender: SqliteAuditAppender;
let trail: AuditTrail;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'egide-audit-appender-'));
  handle = await openDatabase({ dataDir: dir });
  appender = new SqliteAuditAppender(join(dir, SQLITE_FILE));
  trail = new AuditTrail(new AuditRepository(handle.db, appender), { retentionDays: 400, enabled: true });
});
afterEach(async () => {
  await appender.close();
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
});

it('chains entries appended by the worker and by the request thread into one unforked trail', async () => {
  const onThisThread = new AuditTrail(new AuditRepository(handle.db), { retentionDays: 400, enabled: true });
  await Promise.all(
    Array.from({ length: 80 }, (_, i) => (i % 3 === 0 ? onThisThread : trail).record(admin, { action: 'search', details: { q: `query ${i}` } })),
  );
  const rows = await handle.db.selectFrom('audit_entries').select(['prev_hash', 'details']).orderBy('id').execute();
  expect(rows).toHaveLength(80);
  expect(new Set(rows.map((row) => row.prev_hash)).size).toBe(80);
  expect(new Set(rows.map((row) => row.details)).size).toBe(80);
  expect(await trail.verify()).toEqual({ ok: true, entries: 80 });
});

it('answers only once the entry is committed, and refuses entries once closed', async () => {
  await trail.record(admin, { action: 'object.read', targetType: 'object', targetId: 'a', details: { owner: 'louvre' } });
  expect(await handle.db.selectFrom('audit_entries').select('target_id').execute()).toEqual([{ target_id: 'a' }]);
  await appender.close();
  await expect(trail.record(admin, { action: 'search' })).rejects.toThrow(/closed/);
});
