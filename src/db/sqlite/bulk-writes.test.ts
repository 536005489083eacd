import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../database.js';
import { withBulkWrites } from './bulk-writes.js';

describe('withBulkWrites', () => {
  let handle: DatabaseHandle;
  beforeEach(async () => {
    handle = await openDatabase({ memory: true });
  });
  afterEach(() => handle.close());

  const pragmas = async () => {
    const read = async (name: string) => Number(Object.values((await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(handle.db)).rows[0]!)[0]);
    return { walAutocheckpoint: await read('wal_autocheckpoint'), cacheSize: await read('cache_size') };
  };

  it('checkpoints less often and caches 8 MB of pages while the work runs, then restores the connection’s settings', async () => {
    const before = await pragmas();
    expect(before).toEqual({ walAutocheckpoint: 1000, cacheSize: -32768 });
    const during = await withBulkWrites(handle.db, pragmas);
    expect(during).toEqual({ walAutocheckpoint: 16_384, cacheSize: -8192 });
    expect(await pragmas()).toEqual(before);
  });

  it('restores them when the work fails', async () => {
    const before = await pragmas();
    await expect(withBulkWrites(handle.db, () => Promise.reject(new Error('killed mid-batch')))).rejects.toThrow('killed mid-batch');
    expect(await pragmas()).toEqual(before);
  });
});
