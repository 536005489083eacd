import { sql, type Kysely } from 'kysely';
import { writeTransaction } from '../write-transaction.js';

/** Header of the index terms' second layout (a version above any word of the first). */
const HEADER = 0xff000002;
const BATCH = 500;

/**
 * The inverted file now weighs votes by how consistently keypoints turn and scale, so the index
 * terms stored for each photo (`identify_images.words`) carry each keypoint's angle and octave too.
 * They are copied from the stored features, rewritten in batches: no photo is described again. A
 * row already rewritten is recognised by its header, so a migration interrupted part-way resumes.
 * Layouts are spelt out here rather than imported so that this step stays as it ran.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await rewriteAll(db, (words, features) => (isRewritten(words) ? undefined : withGeometry(words, features)));
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await rewriteAll(db, (words) => (isRewritten(words) ? words.subarray(4, 4 + ((words.byteLength - 4) / 14) * 12) : undefined));
}

/** Rewrites each row's index terms with `rewrite` (undefined: leave the row), a transaction a batch. */
async function rewriteAll(db: Kysely<unknown>, rewrite: (words: Buffer, features: Buffer) => Buffer | undefined): Promise<void> {
  for (let last = 0; ; ) {
    const rows = (await sql<{ seq: number; words: Uint8Array; features: Uint8Array }>`select seq, words, features from identify_images where seq > ${last} order by seq limit ${BATCH}`.execute(db)).rows;
    if (rows.length === 0) return;
    last = rows[rows.length - 1]!.seq;
    await writeTransaction(db, async (trx) => {
      for (const row of rows) {
        const words = rewrite(asBuffer(row.words), asBuffer(row.features));
        if (words) await sql`update identify_images set words = ${words} where seq = ${row.seq}`.execute(trx);
      }
    });
  }
}

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const isRewritten = (words: Buffer) => words.byteLength >= 4 && words.readUInt32LE(0) === HEADER;

/** First layout: per keypoint word, signature high, signature low (uint32 each). Features: count at byte 8, then points (8 bytes each), angles, octaves. */
function withGeometry(words: Buffer, features: Buffer): Buffer {
  const count = words.byteLength / 12;
  if (features.readUInt32LE(8) !== count) throw new Error('Stored features and index terms disagree: run egide index rebuild.');
  const angles = 12 + count * 8;
  const rewritten = Buffer.alloc(4 + count * 14);
  rewritten.writeUInt32LE(HEADER, 0);
  words.copy(rewritten, 4);
  features.copy(rewritten, 4 + count * 12, angles, angles + count * 2);
  return rewritten;
}
