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

  async createApiToken(tokenHash: string, userId: number, label: string): Promise<void> {
    await this.db
      .insertInto('api_tokens')
      .values({ token_hash: tokenHash, user_id: userId, label, created_at: new Date().toISOString() })
      .execute();
  }

  async findApiTokenUser(tokenHash: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('api_tokens')
      .select('user_id')
      .where('token_hash', '=', tokenHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return row?.user_id;
  }
}
