import type { Db } from '../db/database.js';
import type { UserRow } from '../db/schema.js';
import type { Principal, Role } from '../roles.js';

export interface NewUser {
  organisationId: number;
  email: string | null;
  displayName: string;
  passwordHash: string | null;
  role: Role;
  kind: 'person' | 'service';
}

export interface PersonListRow {
  id: number;
  email: string | null;
  display_name: string;
  role: string;
  organisation: string;
  created_at: string;
  disabled_at: string | null;
}

export class UserRepository {
  constructor(private readonly db: Db) {}

  async create(user: NewUser): Promise<UserRow> {
    return this.db
      .insertInto('users')
      .values({
        organisation_id: user.organisationId,
        email: user.email,
        display_name: user.displayName,
        password_hash: user.passwordHash,
        role: user.role,
        kind: user.kind,
        created_at: new Date().toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  findByEmail(email: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  }

  findService(organisationId: number, role: Role): Promise<UserRow | undefined> {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('role', '=', role)
      .where('kind', '=', 'service')
      .executeTakeFirst();
  }

  findById(userId: number): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  }

  /** Disables the user (`at` a time) or enables it again (`at` null). */
  async setDisabled(userId: number, at: Date | null, by: number | null): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ disabled_at: at?.toISOString() ?? null, disabled_by: at ? by : null })
      .where('id', '=', userId)
      .execute();
  }

  /** People who sign in (not service users), with their organisation, by organisation then name. */
  listPeople(): Promise<PersonListRow[]> {
    return this.db
      .selectFrom('users')
      .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
      .select(['users.id', 'users.email', 'users.display_name', 'users.role', 'organisations.slug as organisation', 'users.created_at', 'users.disabled_at'])
      .where('users.kind', '=', 'person')
      .orderBy('organisations.slug')
      .orderBy('users.display_name')
      .execute();
  }

  async setPassword(userId: number, passwordHash: string): Promise<void> {
    await this.db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
  }

  /** The principal behind an active user id, with its organisation. */
  async findPrincipal(userId: number, via: Principal['via']): Promise<Principal | undefined> {
    const row = await this.db
      .selectFrom('users')
      .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
      .select(['users.id', 'users.display_name', 'users.role', 'users.organisation_id', 'organisations.slug'])
      .where('users.id', '=', userId)
      .where('users.disabled_at', 'is', null)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      userId: row.id,
      displayName: row.display_name,
      role: row.role as Role,
      organisationId: row.organisation_id,
      organisationSlug: row.slug,
      via,
    };
  }
}
