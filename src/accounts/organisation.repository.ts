import type { Db } from '../db/database.js';
import type { OrganisationRow } from '../db/schema.js';
import type { OrganisationKind } from '../roles.js';

export class OrganisationRepository {
  constructor(private readonly db: Db) {}

  findBySlug(slug: string): Promise<OrganisationRow | undefined> {
    return this.db.selectFrom('organisations').selectAll().where('slug', '=', slug).executeTakeFirst();
  }

  async renameSlug(from: string, to: string): Promise<void> {
    await this.db.updateTable('organisations').set({ slug: to }).where('slug', '=', from).execute();
  }

  list(): Promise<OrganisationRow[]> {
    return this.db.selectFrom('organisations').selectAll().orderBy('name').execute();
  }

  /** Creates the organisation unless one with this slug exists; returns it either way. */
  async ensure(slug: string, name: string, kind: OrganisationKind): Promise<OrganisationRow> {
    await this.db
      .insertInto('organisations')
      .values({ slug, name, kind, created_at: new Date().toISOString() })
      .onConflict((oc) => oc.column('slug').doNothing())
      .execute();
    return this.db.selectFrom('organisations').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow();
  }
}
