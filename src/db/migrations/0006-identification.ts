import type { Kysely } from 'kysely';
import { createIdentifyTriggers, dropIdentifyTriggers } from '../sqlite/identify-triggers.js';

/**
 * Identification:
 * - `identify_images`: the features of each indexed registry photo. `seq` is the photo's slot in
 *   the in-memory index; `words` and the hash are what the index loads at start, `features`
 *   (keypoints and descriptors) what verification reads for a few candidates per query.
 * - `identify_jobs`: photos still to index — a persistent queue filled by triggers (see
 *   identify-triggers.ts), emptied as features are written, so a killed process loses nothing.
 * - `identifications`: each photo someone identified, with its verdict and the candidates shown
 *   (with their matched points, to draw the evidence); the photo as the engine saw it is a file
 *   under `<data>/identifications/`.
 * - `sightings`: a candidate a signed-in person confirmed, with where it was seen; each notifies
 *   the owning organisation and investigators. `sighting_reads` holds who has read which.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('identify_images')
    .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('photo_id', 'text', (c) => c.notNull().unique().references('object_photos.id'))
    .addColumn('extractor', 'text', (c) => c.notNull())
    .addColumn('hash_high', 'integer', (c) => c.notNull())
    .addColumn('hash_low', 'integer', (c) => c.notNull())
    .addColumn('words', 'blob', (c) => c.notNull())
    .addColumn('features', 'blob', (c) => c.notNull())
    .addColumn('indexed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('identify_jobs')
    .addColumn('photo_id', 'text', (c) => c.primaryKey())
    .addColumn('enqueued_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .execute();
  await createIdentifyTriggers(db);
  await db.schema
    .createTable('identifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('photo_file', 'text', (c) => c.notNull())
    .addColumn('photo_width', 'integer', (c) => c.notNull())
    .addColumn('photo_height', 'integer', (c) => c.notNull())
    .addColumn('candidates', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('sightings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('identification_id', 'text', (c) => c.notNull().references('identifications.id'))
    .addColumn('object_seq', 'integer', (c) => c.notNull().references('objects.seq'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('reporter', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('country', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('sightings_once_per_candidate', ['identification_id', 'object_seq'])
    .execute();
  await db.schema.createIndex('sightings_by_object').on('sightings').columns(['object_seq', 'created_at']).execute();
  await db.schema.createIndex('sightings_by_time').on('sightings').column('created_at').execute();
  await db.schema
    .createTable('sighting_reads')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('sighting_id', 'text', (c) => c.notNull().references('sightings.id'))
    .addColumn('read_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sighting_reads_pk', ['user_id', 'sighting_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sighting_reads').execute();
  await db.schema.dropTable('sightings').execute();
  await db.schema.dropTable('identifications').execute();
  await dropIdentifyTriggers(db);
  await db.schema.dropTable('identify_jobs').execute();
  await db.schema.dropTable('identify_images').execute();
}
