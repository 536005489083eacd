import { Kysely, Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeIndexTerms, encodeFeatures, encodeIndexTerms } from '../../identify/feature-codec.js';
import type { Database } from '../schema.js';
import { createSqliteDialect } from '../sqlite/sqlite-adapter.js';
import { migrationProvider } from './index.js';

const features = (count: number, seed: number) =>
  encodeFeatures({
    width: 640,
    height: 480,
    points: Float32Array.from({ length: count * 2 }, (_, i) => i),
    angles: Uint8Array.from({ length: count }, (_, i) => (i * 37 + seed) & 255),
    octaves: Uint8Array.from({ length: count }, (_, i) => (i + seed) % 8),
    descriptors: new Uint8Array(count * 32).fill(seed),
    descriptorBytes: 32,
  });
/** Index terms as the first layout stored them: word, signature high, signature low per keypoint. */
const firstLayout = (count: number, seed: number) => Buffer.from(Uint32Array.from({ length: count * 3 }, (_, i) => i * 1000 + seed).buffer);

describe('migration 0007: index terms with each keypoint’s geometry', () => {
  let db: Kysely<Database> | undefined;
  afterEach(() => db?.destroy());

  it('copies angles and octaves from the stored features into every row, and back out when reverted', async () => {
    db = new Kysely<Database>({ dialect: createSqliteDialect(':memory:') });
    const migrator = new Migrator({ db, provider: migrationProvider });
    expect((await migrator.migrateTo('0006-identification')).error).toBeUndefined();
    await sql`pragma foreign_keys = off`.execute(db); // the rows below stand alone: no photo or object behind them (so this test migrates no further than 0008: 0009 rebuilds objects and checks every foreign key)
    const counts = [0, 3, 700, 701];
    for (const [seq, count] of counts.entries()) {
      await sql`insert into identify_images (seq, photo_id, extractor, hash_high, hash_low, words, features, indexed_at) values (${seq + 1}, ${`p${seq}`}, 'orb', 0, 0, ${firstLayout(count, seq)}, ${features(count, seq)}, '')`.execute(db);
    }

    expect((await migrator.migrateTo('0008-identify-visibility-version')).error).toBeUndefined();
    const rows = await db.selectFrom('identify_images').select(['seq', 'words']).orderBy('seq').execute();
    for (const [seq, count] of counts.entries()) {
      const terms = decodeIndexTerms(rows[seq]!.words);
      const old = new Uint32Array(firstLayout(count, seq).buffer);
      expect([...terms.words]).toEqual([...old.filter((_, i) => i % 3 === 0)]);
      expect([...terms.signatures]).toEqual([...old.filter((_, i) => i % 3 !== 0)]);
      expect([...terms.angles]).toEqual(Array.from({ length: count }, (_, i) => (i * 37 + seq) & 255));
      expect([...terms.octaves]).toEqual(Array.from({ length: count }, (_, i) => (i + seq) % 8));
    }

    expect((await migrator.migrateTo('0006-identification')).error).toBeUndefined();
    const reverted = await db.selectFrom('identify_images').select('words').orderBy('seq').execute();
    expect(reverted.map((row) => Buffer.from(row.words))).toEqual(counts.map((count, seq) => firstLayout(count, seq)));
  });

  it('leaves a row already rewritten as it is, so that an interrupted run resumes', async () => {
    db = new Kysely<Database>({ dialect: createSqliteDialect(':memory:') });
    const migrator = new Migrator({ db, provider: migrationProvider });
    await migrator.migrateTo('0006-identification');
    await sql`pragma foreign_keys = off`.execute(db);
    const rewritten = encodeIndexTerms({ words: Uint32Array.from([5, 6]), signatures: Uint32Array.from([1, 2, 3, 4]), angles: Uint8Array.from([9, 8]), octaves: Uint8Array.from([1, 2]) });
    await sql`insert into identify_images (seq, photo_id, extractor, hash_high, hash_low, words, features, indexed_at) values (1, 'p', 'orb', 0, 0, ${rewritten}, ${features(2, 0)}, '')`.execute(db);
    expect((await migrator.migrateTo('0008-identify-visibility-version')).error).toBeUndefined();
    const row = await db.selectFrom('identify_images').select('words').executeTakeFirstOrThrow();
    expect(Buffer.from(row.words)).toEqual(rewritten);
  });
});
