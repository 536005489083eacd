import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.js';
import { dialectOf } from '../../db/dialect-of.js';
import { dropAuditTriggers as dropPostgresAuditTriggers } from '../../db/postgres/audit-triggers.js';
import { dropAuditTriggers as dropSqliteAuditTriggers } from '../../db/sqlite/audit-triggers.js';
import { runEgide } from '../../test-support/cli.js';
import { createTestApp } from '../../test-support/test-app.js';

/** `egide audit verify` and `egide audit export` on a real data folder, run as the real CLI. */
let dataDir: string;

/** What someone holding the database could do: remove the triggers that keep the trail append-only. */
const dropAuditTriggers = (db: Db) => (dialectOf(db) === 'postgres' ? dropPostgresAuditTriggers(db) : dropSqliteAuditTriggers(db));

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'egide-audit-cli-'));
  const t = await createTestApp(dataDir);
  await t.context.organisations.ensure('louvre', 'Musée du Louvre', 'museum');
  await t.token('registrar', 'louvre');
  await t.token('admin');
  await t.context.accounts.verifyCredentials('nobody@louvre.test', 'wrong password!');
  await t.close();
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('egide audit', () => {
  it('exports an organisation’s entries as JSON Lines (its exports among them), and records the export', async () => {
    expect((await runEgide(['export', '--format', 'csv', '--org', 'louvre', '--data', dataDir])).code).toBe(0);
    const out = join(dataDir, 'louvre-audit.jsonl');
    const run = await runEgide(['audit', 'export', '--org', 'louvre', '--from', '2000-01-01', '--out', out, '--data', dataDir]);
    expect(run.stderr).toContain('entries of louvre written to');
    expect(run.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { action: string; details: { organisation?: string }; hash: string });
    expect(lines.map((line) => line.action)).toEqual(['token.create', 'export', 'audit.export']);
    expect(lines[0]!.details.organisation).toBe('louvre');
    expect(lines[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses an unknown organisation and a date it cannot read, naming them', async () => {
    const unknown = await runEgide(['audit', 'export', '--org', 'nowhere', '--data', dataDir]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('"nowhere"');
    const badDate = await runEgide(['audit', 'export', '--org', 'louvre', '--to', '12/06/2026', '--data', dataDir]);
    expect(badDate.code).toBe(1);
    expect(badDate.stderr).toContain('--to "12/06/2026"');
  });

  it('verifies the trail, then names the entry that was edited', async () => {
    const intact = await runEgide(['audit', 'verify', '--data', dataDir]);
    expect(intact.stdout).toMatch(/audit trail intact: \d+ entries checked/);
    expect(intact.code).toBe(0);

    const t = await createTestApp(dataDir);
    await dropAuditTriggers(t.context.db);
    await sql`update audit_entries set outcome = 'success' where action = 'sign-in'`.execute(t.context.db);
    const { id } = await t.context.db.selectFrom('audit_entries').select('id').where('action', '=', 'sign-in').executeTakeFirstOrThrow();
    await t.close();

    const broken = await runEgide(['audit', 'verify', '--data', dataDir]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`entry ${id} is broken: its content does not match its hash`);
  });
});
