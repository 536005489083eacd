import { sql, type Kysely } from 'kysely';

/** An object whose figures may have changed (src/observatory/observatory.repository.ts reads the list). */
const mark = (seq: string) => `insert or ignore into observatory_dirty (object_seq) values (${seq});`;

/** Only objects that were ever reported contribute incidents or recoveries: the others' edits mark nothing. */
const REPORTED = (seq: string) => `(select reported from objects where seq = ${seq}) = 1`;

/**
 * Every write that changes the observatory's figures marks the object dirty: an incident reported,
 * changed or deleted, a status change, an edit of the type, dates or materials of a reported object,
 * a sighting, an object deleted. Triggers, so that no path (service, import, demo, SQL) leaves the
 * figures stale; each process then reads the marked objects again, and them only
 * (src/observatory/observatory.repository.ts). PostgreSQL: ../postgres/observatory-triggers.ts.
 */
export async function createObservatoryTriggers(db: Kysely<unknown>): Promise<void> {
  const triggers = [
    `create trigger observatory_incident_added after insert on incidents begin ${mark('new.object_seq')} end`,
    `create trigger observatory_incident_changed after update on incidents begin ${mark('old.object_seq')} ${mark('new.object_seq')} end`,
    `create trigger observatory_incident_removed after delete on incidents begin ${mark('old.object_seq')} end`,
    `create trigger observatory_object_changed after update of status, object_type, earliest_year, latest_year, reported on objects
      when new.reported = 1 or old.reported = 1 begin ${mark('new.seq')} end`,
    `create trigger observatory_object_removed after delete on objects when old.reported = 1 begin ${mark('old.seq')} end`,
    `create trigger observatory_material_added after insert on object_materials when ${REPORTED('new.object_seq')} begin ${mark('new.object_seq')} end`,
    `create trigger observatory_material_removed after delete on object_materials when ${REPORTED('old.object_seq')} begin ${mark('old.object_seq')} end`,
    `create trigger observatory_sighting_added after insert on sightings begin ${mark('new.object_seq')} end`,
    `create trigger observatory_sighting_removed after delete on sightings begin ${mark('old.object_seq')} end`,
  ];
  for (const trigger of triggers) await sql.raw(trigger).execute(db);
}

export const OBSERVATORY_TRIGGERS = [
  'observatory_incident_added',
  'observatory_incident_changed',
  'observatory_incident_removed',
  'observatory_object_changed',
  'observatory_object_removed',
  'observatory_material_added',
  'observatory_material_removed',
  'observatory_sighting_added',
  'observatory_sighting_removed',
];

export async function dropObservatoryTriggers(db: Kysely<unknown>): Promise<void> {
  for (const trigger of OBSERVATORY_TRIGGERS) await sql.raw(`drop trigger if exists ${trigger}`).execute(db);
}
