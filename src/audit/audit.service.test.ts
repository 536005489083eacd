import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../roles.js';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { createAuditTriggers, dropAuditTriggers } from '../db/sqlite/audit-triggers.js';
import { chainHash, GENESIS_HASH } from '../db/audit-chain.js';
import { contentOf } from './audit-entry.js';
import { AuditRepository } from './audit.repository.js';
import { AuditTrail } from './audit.service.js';

/** The chain, its verification and its purge, on a real (in-memory) SQLite database with the migration's triggers. */
let handle: DatabaseHandle;
let trail: AuditTrail;

const investigator: Principal = { userId: 7, displayName: 'Inspector Lestrade', role: 'investigator', organisationId: 1, organisationSlug: 'secretariat', via: 'session' };
const registrar: Principal = { ...investigator, userId: 8, displayName: 'Registrar', role: 'registrar' };
const DAY = 86_400_000;

beforeEach(async () => {
  handle = await openDatabase({ memory: true });
  trail = new AuditTrail(new AuditRepository(handle.db), { retentionDays: 400, enabled: true });
});
afterEach(() => handle.close());

const rows = () => handle.db.selectFrom('audit_entries').selectAll().orderBy('id').execute();

async function recordFive(): Promise<void> {
  for (const target of ['a', 'b', 'c', 'd', 'e']) await trail.record(investigator, { action: 'object.read', targetType: 'object', targetId: target, details: { owner: 'louvre' } });
}

describe('appending', () => {
  it('chains each entry to the one before, from the genesis hash', async () => {
    await recordFive();
    const stored = await rows();
    expect(stored).toHaveLength(5);
    expect(stored[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < stored.length; i++) expect(stored[i]!.prev_hash).toBe(stored[i - 1]!.hash);
    expect(stored[0]).toMatchObject({ actor_kind: 'cli', actor_user_id: 7, actor_name: 'Inspector Lestrade', action: 'object.read', target_id: 'a', outcome: 'success' });
    expect(await trail.verify()).toEqual({ ok: true, entries: 5 });
  });

  it('never forks under concurrent appends: every entry has its own predecessor', async () => {
    await Promise.all(Array.from({ length: 60 }, (_, i) => trail.record(null, { action: 'sign-in', outcome: 'failure', actorName: `user${i}@example.org` })));
    const stored = await rows();
    expect(stored).toHaveLength(60);
    expect(new Set(stored.map((row) => row.prev_hash)).size).toBe(60);
    expect(await trail.verify()).toEqual({ ok: true, entries: 60 });
  });

  it('records searches and identifications by investigators and admins only', async () => {
    await trail.recordInvestigation(registrar, { action: 'search', details: { q: 'vase' } });
    await trail.recordInvestigation(null, { action: 'search', details: { q: 'vase' } });
    await trail.recordInvestigation(investigator, { action: 'search', details: { q: 'crown' } });
    expect((await rows()).map((row) => row.details)).toEqual(['{"q":"crown"}']);
  });

  it('records a token’s use once a minute, not on every request', async () => {
    const viaToken: Principal = { ...investigator, via: 'token', tokenId: 3 };
    await trail.tokenUsed(viaToken);
    await trail.tokenUsed(viaToken);
    await trail.tokenUsed({ ...viaToken, tokenId: 4 });
    expect((await rows()).map((row) => [row.action, row.target_id, row.actor_token_id])).toEqual([
      ['token.use', '3', 3],
      ['token.use', '4', 4],
    ]);
  });

  it('records nothing when turned off for the benchmark', async () => {
    const off = new AuditTrail(new AuditRepository(handle.db), { retentionDays: 400, enabled: false });
    await off.record(investigator, { action: 'search' });
    expect(await rows()).toEqual([]);
  });
});

describe('append-only', () => {
  it('refuses to change or delete an entry', async () => {
    await recordFive();
    await expect(sql`update audit_entries set outcome = 'failure' where id = 2`.execute(handle.db)).rejects.toThrow(/cannot be changed/);
    await expect(sql`delete from audit_entries where id = 2`.execute(handle.db)).rejects.toThrow(/cannot be deleted/);
    expect(await rows()).toHaveLength(5);
  });
});

describe('verify', () => {
  beforeEach(async () => {
    await recordFive();
    // Whoever holds the database file can drop the triggers: verification must still tell.
    await dropAuditTriggers(handle.db);
  });

  it('names an edited entry', async () => {
    await sql`update audit_entries set target_id = 'z' where id = 3`.execute(handle.db);
    expect(await trail.verify()).toEqual({ ok: false, entries: 2, entryId: 3, problem: 'altered' });
  });

  it('names the entry after a removed one', async () => {
    await sql`delete from audit_entries where id = 3`.execute(handle.db);
    expect(await trail.verify()).toEqual({ ok: false, entries: 2, entryId: 4, problem: 'unlinked' });
  });

  it('names the first of two swapped entries', async () => {
    const [second, third] = (await rows()).slice(1, 3);
    const columns = (row: typeof second) => ({ ...row!, id: undefined });
    await sql`delete from audit_entries where id in (2, 3)`.execute(handle.db);
    await handle.db.insertInto('audit_entries').values({ ...columns(third), id: 2 }).execute();
    await handle.db.insertInto('audit_entries').values({ ...columns(second), id: 3 }).execute();
    expect(await trail.verify()).toEqual({ ok: false, entries: 1, entryId: 2, problem: 'unlinked' });
  });

  it('names an inserted entry, even one whose own hash is right', async () => {
    const [first, second] = await rows();
    // A forged entry slipped in after the first: it claims to follow it, but the next one does not follow it.
    await sql`delete from audit_entries where id >= 2`.execute(handle.db);
    const forged = { ...second!, id: 2, target_id: 'forged', prev_hash: first!.hash };
    forged.hash = chainHash(forged.prev_hash, contentOf(forged));
    await handle.db.insertInto('audit_entries').values(forged).execute();
    await handle.db.insertInto('audit_entries').values({ ...second!, id: 3 }).execute();
    expect(await trail.verify()).toEqual({ ok: false, entries: 2, entryId: 3, problem: 'unlinked' });
  });

  it('names the oldest entry when the first ones were removed without a purge', async () => {
    await sql`delete from audit_entries where id = 1`.execute(handle.db);
    expect(await trail.verify()).toEqual({ ok: false, entries: 0, entryId: 2, problem: 'unvouched' });
  });
});

describe('purge', () => {
  it('removes entries past the retention period, leaving a checkpoint that keeps the chain verifiable', async () => {
    await recordFive();
    const removed = await trail.purge(null, new Date(Date.now() + 401 * DAY));
    expect(removed).toBe(5);
    const kept = await rows();
    expect(kept.map((row) => row.action)).toEqual(['audit.purge']);
    expect(JSON.parse(kept[0]!.details)).toMatchObject({ throughId: 5 });
    await trail.record(investigator, { action: 'search' });
    expect(await trail.verify()).toEqual({ ok: true, entries: 2 });
    // A second purge vouches for the first checkpoint it removes.
    await trail.record(investigator, { action: 'search' });
    expect(await trail.purge(null, new Date(Date.now() + 801 * DAY))).toBe(3);
    expect(await trail.verify()).toEqual({ ok: true, entries: 1 });
  });

  it('keeps what is within the retention period, and no checkpoint is written when nothing is old enough', async () => {
    await recordFive();
    expect(await trail.purge()).toBe(0);
    expect(await rows()).toHaveLength(5);
  });

  it('still refuses to delete entries no checkpoint covers', async () => {
    await recordFive();
    await trail.purge(null, new Date(Date.now() + 401 * DAY));
    await trail.record(investigator, { action: 'search' });
    await expect(sql`delete from audit_entries where action = 'search'`.execute(handle.db)).rejects.toThrow(/except by a purge/);
  });

  it('names the oldest kept entry when entries after the purge were removed', async () => {
    await recordFive();
    await trail.purge(null, new Date(Date.now() + 401 * DAY));
    await trail.record(investigator, { action: 'search' });
    await dropAuditTriggers(handle.db);
    await sql`delete from audit_entries where action = 'audit.purge'`.execute(handle.db);
    await createAuditTriggers(handle.db);
    expect(await trail.verify()).toMatchObject({ ok: false, entryId: 7, problem: 'unvouched' });
  });
});
