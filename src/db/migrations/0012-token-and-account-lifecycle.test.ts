import { Kysely, Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { AccountService } from '../../accounts/account.service.js';
import { OrganisationRepository } from '../../accounts/organisation.repository.js';
import { UserRepository } from '../../accounts/user.repository.js';
import { AuditRepository } from '../../audit/audit.repository.js';
import { AuditTrail } from '../../audit/audit.service.js';
import { CredentialRepository } from '../../accounts/credential.repository.js';
import { hashSecret } from '../../accounts/secret-token.js';
import { migrateToLatest } from '../database.js';
import type { Database } from '../schema.js';
import { createSqliteDialect } from '../sqlite/sqlite-adapter.js';
import { migrationProvider } from './index.js';

const NOW = '2026-01-01T00:00:00.000Z';

describe('migration 0012: tokens and people can be cut off', () => {
  let db: Kysely<Database> | undefined;
  afterEach(() => db?.destroy());

  it('keeps a token issued before it working, with no expiry, and listed as its own row', async () => {
    db = new Kysely<Database>({ dialect: createSqliteDialect(':memory:') });
    const migrator = new Migrator({ db, provider: migrationProvider });
    expect((await migrator.migrateTo('0011-audit-trail')).error).toBeUndefined();
    await sql`insert into organisations (id, slug, name, kind, created_at) values (1, 'm', 'Museum', 'museum', ${NOW})`.execute(db);
    await sql`insert into users (id, organisation_id, email, display_name, password_hash, role, kind, created_at) values (7, 1, null, 'Museum (registrar service)', null, 'registrar', 'service', ${NOW})`.execute(db);
    await sql`insert into api_tokens (id, user_id, token_hash, label, created_at) values (3, 7, ${hashSecret('egide_old')}, 'old sync', ${NOW})`.execute(db);

    // As Egide migrates: later migrations that rebuild tables (0015's users) run in their own transaction.
    await migrateToLatest(db, 'sqlite');

    const accounts = new AccountService(new OrganisationRepository(db), new UserRepository(db), new CredentialRepository(db), new AuditTrail(new AuditRepository(db), { retentionDays: 365, enabled: false }));
    expect(await accounts.principalFromApiToken('egide_old')).toMatchObject({ userId: 7, tokenId: 3, role: 'registrar', organisationSlug: 'm', displayName: 'Museum (registrar service), token #3 “old sync”' });
    expect(await accounts.listApiTokens('m')).toEqual([
      expect.objectContaining({ id: 3, label: 'old sync', organisation: 'm', role: 'registrar', createdAt: NOW, expiresAt: null, revokedAt: null, state: 'active' }),
    ]);
  });
});
