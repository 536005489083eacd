import type { Db } from '../db/database.js';

/** Web sessions and API tokens: both stored only as hashes of their secrets. */
export class CredentialRepository {
  constructor(private readonly db: Db) {}

  async createSession(tokenHash: string, userId: number, expiresAt: Date): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({ token_hash: tokenHash, user_id: userId, created_at: new Date().toISOString(), expires_at: expiresAt.toISOString() })
      .execute();
  }

  async findSessionUser(tokenHash: string, now: Date): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .select('user_id')
      .where('token_hash', '=', tokenHash)
      .where('expires_at', '>', now.toISOString())
      .executeTakeFirst();
    return row?.user_id;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  }

  async deleteExpiredSessions(now: Date): Promise<void> {
    await this.db.deleteFrom('sessions').where('expires_at', '<=', now.toISOString()).execute();
  }

  /** Ends every session of the user, but the one whose hash is `except` (the one that changed the password). */
  async deleteUserSessions(userId: number, except?: string): Promise<void> {
    let query = this.db.deleteFrom('sessions').where('user_id', '=', userId);
    if (except !== undefined) query = query.where('token_hash', '!=', except);
    await query.execute();
  }

  async createApiToken(token: NewApiToken): Promise<number> {
    const row = await this.db
      .insertInto('api_tokens')
      .values({
        token_hash: token.tokenHash,
        user_id: token.userId,
        label: token.label,
        created_at: new Date().toISOString(),
        expires_at: token.expiresAt?.toISOString() ?? null,
        created_by: token.createdBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** The token with this hash, if it is neither revoked nor expired at `now`. */
  findUsableApiToken(tokenHash: string, now: Date): Promise<{ id: number; user_id: number; label: string; last_used_at: string | null } | undefined> {
    return this.db
      .selectFrom('api_tokens')
      .select(['id', 'user_id', 'label', 'last_used_at'])
      .where('token_hash', '=', tokenHash)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now.toISOString())]))
      .executeTakeFirst();
  }

  async touchApiToken(id: number, now: Date): Promise<void> {
    await this.db.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', id).execute();
  }

  /** Tokens with their organisation, role and who created and revoked them, newest first. */
  listApiTokens(filter: { organisationId?: number; id?: number } = {}): Promise<ApiTokenListRow[]> {
    let query = this.db
      .selectFrom('api_tokens')
      .innerJoin('users as service', 'service.id', 'api_tokens.user_id')
      .innerJoin('organisations', 'organisations.id', 'service.organisation_id')
      .leftJoin('users as creator', 'creator.id', 'api_tokens.created_by')
      .leftJoin('users as revoker', 'revoker.id', 'api_tokens.revoked_by')
      .select([
        'api_tokens.id',
        'api_tokens.label',
        'organisations.slug as organisation',
        'service.role',
        'api_tokens.created_at',
        'creator.display_name as created_by',
        'api_tokens.expires_at',
        'api_tokens.last_used_at',
        'api_tokens.revoked_at',
        'revoker.display_name as revoked_by',
      ])
      .orderBy('api_tokens.id', 'desc');
    if (filter.organisationId !== undefined) query = query.where('service.organisation_id', '=', filter.organisationId);
    if (filter.id !== undefined) query = query.where('api_tokens.id', '=', filter.id);
    return query.execute();
  }

  /** Revokes the token unless it already is; false when no token has this id. */
  async revokeApiToken(id: number, by: number | null, now: Date): Promise<boolean> {
    const exists = await this.db.selectFrom('api_tokens').select('id').where('id', '=', id).executeTakeFirst();
    if (!exists) return false;
    await this.db.updateTable('api_tokens').set({ revoked_at: now.toISOString(), revoked_by: by }).where('id', '=', id).where('revoked_at', 'is', null).execute();
    return true;
  }
}

export interface NewApiToken {
  tokenHash: string;
  userId: number;
  label: string;
  /** Null: never expires. */
  expiresAt: Date | null;
  /** The person who created it; null from the command line. */
  createdBy: number | null;
}

export interface ApiTokenListRow {
  id: number;
  label: string;
  organisation: string;
  role: string;
  created_at: string;
  created_by: string | null;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
}
