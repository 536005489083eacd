import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntryTable } from '../db/schema.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { AuditRepository } from './audit.repository.js';

/** The trail's filters and append-only rules, on the engine under test (SQLite, or PostgreSQL with EGIDE_TEST_DIALECT=postgres). */
let t: TestApp;
let repository: AuditRepository;
let louvreId: number;

const insert = async (entry: Partial<Omit<AuditEntryTable, 'id'>>) =>
  (
    await t.context.db
      .insertInto('audit_entries')
      .values({ at: '2026-01-01T00:00:00.000Z', actor_kind: 'user', action: 'object.read', details: '{}', outcome: 'success', prev_hash: 'p', hash: 'h', ...entry })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
const targets = async (filter: Parameters<AuditRepository['newest']>[0]) => (await repository.newest(filter, 50, 0)).items.map((item) => item.target_id).sort();

beforeAll(async () => {
  t = await createTestApp();
  repository = new AuditRepository(t.context.db);
  louvreId = (await t.context.organisations.ensure('louvre', 'Musée du Louvre', 'museum')).id;
  await t.context.organisations.ensure('prado', 'Museo del Prado', 'museum');
  await insert({ actor_name: 'Ada LOVELACE', target_id: 'ada' });
  await insert({ actor_name: 'Grace Hopper', target_id: 'grace' });
  await insert({ details: JSON.stringify({ owner: 'louvre' }), target_id: 'owned' });
  await insert({ details: JSON.stringify({ organisation: 'louvre' }), target_id: 'account' });
  await insert({ details: JSON.stringify({ owner: 'prado' }), target_id: 'elsewhere' });
  await insert({ organisation_id: louvreId, target_id: 'member' });
});
afterAll(() => t.close());

describe('audit trail filters', () => {
  it('finds actors by part of their name, whatever the case of its letters', async () => {
    expect(await targets({ actor: 'lovelace' })).toEqual(['ada']);
    expect(await targets({ actor: 'ADA L' })).toEqual(['ada']);
    expect(await targets({ actor: 'per' })).toEqual(['grace']);
  });

  it('finds an organisation’s entries: its people’s, and those whose details name it as owner or organisation', async () => {
    expect(await targets({ organisation: 'louvre' })).toEqual(['account', 'member', 'owned']);
    expect(await targets({ organisation: 'prado' })).toEqual(['elsewhere']);
  });
});

describe('audit trail storage', () => {
  it('refuses to change an entry, and to delete one no purge checkpoint covers', async () => {
    const first = await insert({ target_id: 'kept' });
    await expect(sql`update audit_entries set outcome = 'failure' where id = ${first}`.execute(t.context.db)).rejects.toThrow(/cannot be changed/);
    await expect(sql`delete from audit_entries where id = ${first}`.execute(t.context.db)).rejects.toThrow(/except by a purge/);
    expect(await t.context.db.selectFrom('audit_entries').select('id').where('id', '=', first).execute()).toEqual([{ id: first }]);
  });

  it('deletes the entries a purge checkpoint covers, and only those', async () => {
    const covered = await insert({ target_id: 'covered' });
    const after = await insert({ target_id: 'after' });
    await insert({ action: 'audit.purge', details: JSON.stringify({ throughId: covered }) });
    await sql`delete from audit_entries where id <= ${covered}`.execute(t.context.db);
    await expect(sql`delete from audit_entries where id = ${after}`.execute(t.context.db)).rejects.toThrow(/except by a purge/);
    const left = await t.context.db.selectFrom('audit_entries').select('target_id').where('action', '=', 'object.read').execute();
    expect(left).toEqual([{ target_id: 'after' }]);
  });
});
