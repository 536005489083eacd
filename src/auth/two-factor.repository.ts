import type { Db } from '../db/database.js';

export type PendingPurpose = 'second-factor' | 'enrol';

export interface PendingSignIn {
  userId: number;
  purpose: PendingPurpose;
  nextPath: string;
}

/** TOTP secrets, recovery codes and half-finished sign-ins (migration 0013). */
export class TwoFactorRepository {
  constructor(private readonly db: Db) {}

  findTotp(userId: number) {
    return this.db.selectFrom('user_totp').selectAll().where('user_id', '=', userId).executeTakeFirst();
  }

  /** Starts an enrolment with this secret, replacing an unconfirmed one (never a confirmed one). */
  async saveUnconfirmedSecret(userId: number, secret: string, now: Date): Promise<void> {
    await this.db
      .insertInto('user_totp')
      .values({ user_id: userId, secret, created_at: now.toISOString(), confirmed_at: null, last_used_step: null })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ secret, created_at: now.toISOString() }).where('user_totp.confirmed_at', 'is', null))
      .execute();
  }

  /**
   * Records that the code of `step` was accepted, unless this or a later step already was: one
   * conditional update, so two requests bringing the same code cannot both succeed.
   */
  async useStep(userId: number, step: number, confirmAt?: Date): Promise<boolean> {
    let update = this.db
      .updateTable('user_totp')
      .set({ last_used_step: step })
      .where('user_id', '=', userId)
      .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]));
    update = confirmAt ? update.set({ confirmed_at: confirmAt.toISOString() }).where('confirmed_at', 'is', null) : update.where('confirmed_at', 'is not', null);
    const result = await update.executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Replaces every recovery code of the user with these hashes. */
  async replaceRecoveryCodes(userId: number, codeHashes: readonly string[], now: Date): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
      await trx
        .insertInto('recovery_codes')
        .values(codeHashes.map((code_hash) => ({ user_id: userId, code_hash, created_at: now.toISOString(), used_at: null })))
        .execute();
    });
  }

  /** Marks the unused code with this hash used; false if there is none (wrong, or already used). */
  async useRecoveryCode(userId: number, codeHash: string, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('recovery_codes')
      .set({ used_at: now.toISOString() })
      .where('user_id', '=', userId)
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async countUnusedRecoveryCodes(userId: number): Promise<number> {
    const row = await this.db
      .selectFrom('recovery_codes')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** Forgets the user's second factor entirely: secret, recovery codes and half-finished sign-ins. */
  async deleteAll(userId: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('user_totp').where('user_id', '=', userId).execute();
      await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
      await trx.deleteFrom('pending_sign_ins').where('user_id', '=', userId).execute();
    });
  }

  async createPending(tokenHash: string, pending: PendingSignIn, expiresAt: Date, now: Date): Promise<void> {
    await this.db.deleteFrom('pending_sign_ins').where('expires_at', '<=', now.toISOString()).execute();
    await this.db
      .insertInto('pending_sign_ins')
      .values({ token_hash: tokenHash, user_id: pending.userId, purpose: pending.purpose, next_path: pending.nextPath, expires_at: expiresAt.toISOString() })
      .execute();
  }

  async findPending(tokenHash: string, now: Date): Promise<PendingSignIn | undefined> {
    const row = await this.db
      .selectFrom('pending_sign_ins')
      .select(['user_id', 'purpose', 'next_path'])
      .where('token_hash', '=', tokenHash)
      .where('expires_at', '>', now.toISOString())
      .executeTakeFirst();
    return row && { userId: row.user_id, purpose: row.purpose as PendingPurpose, nextPath: row.next_path };
  }

  /** Ends a half-finished sign-in; false if it was already ended (so only one request can finish it). */
  async deletePending(tokenHash: string): Promise<boolean> {
    const result = await this.db.deleteFrom('pending_sign_ins').where('token_hash', '=', tokenHash).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
