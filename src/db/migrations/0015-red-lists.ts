import { sql, type Kysely } from 'kysely';
import { writeTransaction } from '../write-transaction.js';
import { rebuildUsers } from './users-table.js';

/** `pragma foreign_keys = off` does nothing inside a transaction: the users rebuild makes its own, with them off. */
export const ownTransaction = true;

/**
 * Red Lists (src/redlists): lists, their editions (one JSON document each), the images the
 * editions show (content-addressed, files in the photo store under `red-lists/`), and who edits
 * which list. A new role, `red-list-editor`, widens the check on `users.role`: SQLite cannot alter
 * a check, so `users` is rebuilt as migration 0009 rebuilds `objects` (foreign keys off, every row
 * and id kept, renamed into place; the tables naming `users` keep pointing at it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await rebuildUsers(db, [...ROLES_BEFORE, 'red-list-editor']);
  await writeTransaction(db, async (trx) => {
    for (const statement of RED_LIST_SCHEMA) await sql.raw(statement).execute(trx);
  });
}

/** Fails (and changes nothing: the users come first) while a `red-list-editor` user exists. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await rebuildUsers(db, ROLES_BEFORE);
  await writeTransaction(db, async (trx) => {
    for (const table of ['red_list_editors', 'red_list_edition_images', 'red_list_images', 'red_list_editions', 'red_lists']) await sql.raw(`drop table ${table}`).execute(trx);
  });
}

const ROLES_BEFORE = ['admin', 'registrar', 'investigator'];

/** Published editions never change: their document, their images, their number. Drafts are written freely. */
const PUBLISHED_IS_FINAL = 'a published Red List edition never changes';

const RED_LIST_SCHEMA = [
  `create table red_lists (
    id integer primary key autoincrement,
    slug text not null unique,
    created_at text not null,
    created_by integer references users (id))`,
  `create table red_list_editions (
    id integer primary key autoincrement,
    list_id integer not null references red_lists (id),
    number integer not null,
    status text not null check (status in ('draft', 'published')),
    document text not null,
    version integer not null default 1,
    created_at text not null,
    created_by integer references users (id),
    updated_at text not null,
    updated_by integer references users (id),
    published_at text,
    published_by integer references users (id),
    constraint red_list_editions_number unique (list_id, number))`,
  // At most one draft per list.
  `create unique index red_list_editions_one_draft on red_list_editions (list_id) where status = 'draft'`,
  `create index red_list_editions_status on red_list_editions (status, list_id, number)`,
  `create trigger red_list_editions_final_update before update on red_list_editions when old.status = 'published'
    begin select raise(abort, '${PUBLISHED_IS_FINAL}'); end`,
  `create trigger red_list_editions_final_delete before delete on red_list_editions when old.status = 'published'
    begin select raise(abort, '${PUBLISHED_IS_FINAL}'); end`,
  `create table red_list_images (
    sha256 text primary key,
    content_type text not null,
    width integer not null,
    height integer not null,
    bytes integer not null,
    created_at text not null,
    descriptor blob)`,
  `create table red_list_edition_images (
    edition_id integer not null references red_list_editions (id) on delete cascade,
    name text not null,
    sha256 text not null references red_list_images (sha256),
    constraint red_list_edition_images_pk primary key (edition_id, name))`,
  `create index red_list_edition_images_sha256 on red_list_edition_images (sha256)`,
  ...['insert', 'update', 'delete'].map(
    (event) => `create trigger red_list_edition_images_final_${event} before ${event} on red_list_edition_images
    when (select status from red_list_editions where id = ${event === 'insert' ? 'new' : 'old'}.edition_id) = 'published'
    begin select raise(abort, '${PUBLISHED_IS_FINAL}'); end`,
  ),
  `create table red_list_editors (
    list_id integer not null references red_lists (id) on delete cascade,
    user_id integer not null references users (id) on delete cascade,
    added_at text not null,
    added_by integer references users (id),
    constraint red_list_editors_pk primary key (list_id, user_id))`,
  `create index red_list_editors_user on red_list_editors (user_id)`,
];
