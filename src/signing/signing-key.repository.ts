import type { Db } from '../db/database.js';
import { writeTransaction } from '../db/write-transaction.js';

export interface StoredKey {
  kid: string;
  algorithm: string;
  publicJwk: string;
  privateJwk: string;
  createdAt: string;
  current: boolean;
}

const CURRENT = 'current';

/** The network's signing keys, in the database so that every instance signs with the same one. */
export class SigningKeyRepository {
  constructor(private readonly db: Db) {}

  async current(): Promise<StoredKey | undefined> {
    const row = await this.db.selectFrom('signing_keys').selectAll().where('slot', '=', CURRENT).executeTakeFirst();
    return row && stored(row);
  }

  /** Stores `key` as the current key unless another instance stored one first; the current key either way. */
  async addCurrentUnlessPresent(key: Omit<StoredKey, 'current'>): Promise<StoredKey> {
    await this.db
      .insertInto('signing_keys')
      .values({ kid: key.kid, algorithm: key.algorithm, public_jwk: key.publicJwk, private_jwk: key.privateJwk, created_at: key.createdAt, slot: CURRENT })
      .onConflict((oc) => oc.column('slot').doNothing())
      .execute();
    const current = await this.current();
    if (!current) throw new Error('No current signing key after storing one.');
    return current;
  }

  /**
   * Makes `key` the current key and retires the one before (its row stays, without slot), in one
   * transaction: at every moment exactly one key is current, and every key ever used stays listed.
   */
  async rotate(key: Omit<StoredKey, 'current'>): Promise<StoredKey> {
    await writeTransaction(this.db, async (trx) => {
      await trx.updateTable('signing_keys').set({ slot: null }).where('slot', '=', CURRENT).execute();
      await trx
        .insertInto('signing_keys')
        .values({ kid: key.kid, algorithm: key.algorithm, public_jwk: key.publicJwk, private_jwk: key.privateJwk, created_at: key.createdAt, slot: CURRENT })
        .execute();
    });
    return { ...key, current: true };
  }

  /** Every key, current and retired, oldest first: retired ones still verify what they signed. */
  async all(): Promise<StoredKey[]> {
    return (await this.db.selectFrom('signing_keys').selectAll().orderBy('created_at').orderBy('kid').execute()).map(stored);
  }
}

function stored(row: { kid: string; algorithm: string; public_jwk: string; private_jwk: string; created_at: string; slot: string | null }): StoredKey {
  return { kid: row.kid, algorithm: row.algorithm, publicJwk: row.public_jwk, privateJwk: row.private_jwk, createdAt: row.created_at, current: row.slot === CURRENT };
}
