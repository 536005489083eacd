import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db, type DatabaseHandle } from './database.js';
import { unitOfWork } from './unit-of-work.js';

/** A repository of the `meta` table, bound to whatever it is given (the database or a transaction). */
const metaOn = (db: Db) => ({
  meta: {
    put: async (key: string, value: string) => void (await db.insertInto('meta').values({ key, value }).execute()),
    get: async (key: string) => (await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst())?.value,
  },
});

describe('unitOfWork', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase({ memory: true });
  });
  afterAll(() => handle.close());

  it('commits what the work wrote through its repositories, and returns its result', async () => {
    const transact = unitOfWork(handle.db, metaOn);
    const result = await transact(async ({ meta }) => {
      await meta.put('uow.a', '1');
      await meta.put('uow.b', '2');
      return meta.get('uow.a');
    });
    expect(result).toBe('1');
    expect(await metaOn(handle.db).meta.get('uow.b')).toBe('2');
  });

  it('writes nothing when the work throws midway', async () => {
    const transact = unitOfWork(handle.db, metaOn);
    await expect(
      transact(async ({ meta }) => {
        await meta.put('uow.c', '3');
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await metaOn(handle.db).meta.get('uow.c')).toBeUndefined();
  });
});
