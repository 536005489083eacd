import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { Principal } from '../roles.js';
import { createLogger } from '../config/logger.js';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { AuditRepository } from './audit.repository.js';
import { AuditTrail } from './audit.service.js';
import { scheduleAuditPurge } from './purge-schedule.js';

let handle: DatabaseHandle;
const admin: Principal = { userId: 1, displayName: 'Admin', role: 'admin', organisationId: 1, organisationSlug: 'secretariat', via: 'session' };

beforeEach(async () => {
  handle = await openDatabase({ memory: true });
});
afterEach(async () => {
  vi.useRealTimers();
  await handle.close();
});

it('purges what is past the retention period as the server starts, and logs it', async () => {
  const trail = new AuditTrail(new AuditRepository(handle.db), { retentionDays: 30, enabled: true });
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(Date.now() - 31 * 86_400_000));
  await trail.record(admin, { action: 'search' });
  vi.useRealTimers();
  await trail.record(admin, { action: 'search' });
  const lines: string[] = [];
  await scheduleAuditPurge(trail, createLogger('info', (line) => lines.push(line))).stop();
  const kept = await handle.db.selectFrom('audit_entries').select(['id', 'action']).orderBy('id').execute();
  expect(kept).toEqual([
    { id: 2, action: 'search' },
    { id: 3, action: 'audit.purge' },
  ]);
  expect(lines.join('\n')).toContain('"count":1');
  expect(await trail.verify()).toEqual({ ok: true, entries: 2 });
});
