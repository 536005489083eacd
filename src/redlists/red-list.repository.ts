import type { Selectable } from 'kysely';
import type { Db } from '../db/database.js';
import type { RedListEditionTable, RedListImageTable } from '../db/schema.js';
import type { Role } from '../roles.js';

export type EditionRow = Selectable<RedListEditionTable>;
export type ImageRow = Selectable<RedListImageTable>;

/** A published edition as the public reads it. */
export interface PublishedRow {
  slug: string;
  number: number;
  publishedAt: string;
  document: string;
}

/** An image of a list's latest published edition, by its name there, with its descriptor. */
export interface DescriptorRow {
  slug: string;
  number: number;
  name: string;
  descriptor: Buffer | null;
}

export interface EditionSummaryRow {
  number: number;
  status: 'draft' | 'published';
  version: number;
  updatedAt: string;
  publishedAt: string | null;
}

export interface ListSummaryRow {
  id: number;
  slug: string;
  /** The draft's document, else the latest published one's (the list's title is read from it). */
  document: string;
  draft: { number: number; version: number; updatedAt: string } | null;
  latestPublished: number | null;
}

export interface EditorRow {
  userId: number;
  email: string | null;
  displayName: string;
  addedAt: string;
}

/** An image of an edition: its name in the document, and the stored image it is. */
export interface EditionImageRow extends ImageRow {
  name: string;
}

/**
 * Every read and write of Red Lists: lists, editions, their images and editors. Writes that go
 * together (a list and its first draft, a publication) are run by the service in one unit of work.
 * Published editions are final: the database refuses any change to them (migration triggers).
 */
export class RedListRepository {
  constructor(private readonly db: Db) {}

  /** The latest published edition of every list that has one, by slug. */
  async latestPublished(): Promise<PublishedRow[]> {
    return this.latestPublishedEditions()
      .select(['l.slug', 'e.number', 'e.published_at as publishedAt', 'e.document'])
      .orderBy('l.slug')
      .execute() as Promise<PublishedRow[]>;
  }

  /** The stored descriptor of every image the latest published editions name (null: not described), in one query. */
  async latestPublishedDescriptors(): Promise<DescriptorRow[]> {
    return this.latestPublishedEditions()
      .innerJoin('red_list_edition_images as ei', 'ei.edition_id', 'e.id')
      .innerJoin('red_list_images as i', 'i.sha256', 'ei.sha256')
      .select(['l.slug', 'e.number', 'ei.name', 'i.descriptor'])
      .execute();
  }

  private latestPublishedEditions() {
    return this.db
      .selectFrom('red_list_editions as e')
      .innerJoin('red_lists as l', 'l.id', 'e.list_id')
      .where('e.status', '=', 'published')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('red_list_editions as later')
              .select('later.id')
              .whereRef('later.list_id', '=', 'e.list_id')
              .where('later.status', '=', 'published')
              .whereRef('later.number', '>', 'e.number'),
          ),
        ),
      );
  }

  /** The numbers of every list's published editions, newest first. */
  async publishedNumbers(): Promise<Map<string, number[]>> {
    const rows = await this.db
      .selectFrom('red_list_editions as e')
      .innerJoin('red_lists as l', 'l.id', 'e.list_id')
      .where('e.status', '=', 'published')
      .select(['l.slug', 'e.number'])
      .orderBy('l.slug')
      .orderBy('e.number', 'desc')
      .execute();
    const numbers = new Map<string, number[]>();
    for (const row of rows) numbers.set(row.slug, [...(numbers.get(row.slug) ?? []), row.number]);
    return numbers;
  }

  /** How many editions are published: it only grows (published editions are final), so it tells whether another process published one. */
  async publishedCount(): Promise<number> {
    const row = await this.db
      .selectFrom('red_list_editions')
      .where('status', '=', 'published')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async findList(slug: string): Promise<{ id: number; slug: string } | undefined> {
    return this.db.selectFrom('red_lists').select(['id', 'slug']).where('slug', '=', slug).executeTakeFirst();
  }

  async createList(slug: string, userId: number | null, now: string): Promise<number> {
    const row = await this.db.insertInto('red_lists').values({ slug, created_at: now, created_by: userId }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  /** The list's draft, or its published edition `number`. */
  async findEdition(listId: number, ref: number | 'draft'): Promise<EditionRow | undefined> {
    let query = this.db.selectFrom('red_list_editions').selectAll().where('list_id', '=', listId);
    query = ref === 'draft' ? query.where('status', '=', 'draft') : query.where('status', '=', 'published').where('number', '=', ref);
    return query.executeTakeFirst();
  }

  /** The highest edition number the list has used, published or draft (0: none). */
  async lastNumber(listId: number, status?: 'published'): Promise<number> {
    let query = this.db.selectFrom('red_list_editions').where('list_id', '=', listId);
    if (status) query = query.where('status', '=', status);
    const row = await query.select((eb) => eb.fn.max('number').as('last')).executeTakeFirst();
    return Number(row?.last ?? 0);
  }

  async editions(listId: number): Promise<EditionSummaryRow[]> {
    return this.db
      .selectFrom('red_list_editions')
      .where('list_id', '=', listId)
      .select(['number', 'status', 'version', 'updated_at as updatedAt', 'published_at as publishedAt'])
      .orderBy('number', 'desc')
      .execute();
  }

  async insertEdition(edition: { listId: number; number: number; document: string; userId: number | null; now: string }): Promise<number> {
    const row = await this.db
      .insertInto('red_list_editions')
      .values({
        list_id: edition.listId,
        number: edition.number,
        status: 'draft',
        document: edition.document,
        created_at: edition.now,
        created_by: edition.userId,
        updated_at: edition.now,
        updated_by: edition.userId,
        published_at: null,
        published_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Replaces a draft's document if it is still at `expectedVersion`; returns the new version, or undefined when it is not. */
  async updateDraft(editionId: number, document: string, expectedVersion: number, userId: number | null, now: string): Promise<number | undefined> {
    const row = await this.db
      .updateTable('red_list_editions')
      .set((eb) => ({ document, version: eb('version', '+', 1), updated_at: now, updated_by: userId }))
      .where('id', '=', editionId)
      .where('status', '=', 'draft')
      .where('version', '=', expectedVersion)
      .returning('version')
      .executeTakeFirst();
    return row?.version;
  }

  async publish(editionId: number, userId: number | null, now: string): Promise<void> {
    await this.db
      .updateTable('red_list_editions')
      .set({ status: 'published', published_at: now, published_by: userId, updated_at: now, updated_by: userId })
      .where('id', '=', editionId)
      .where('status', '=', 'draft')
      .executeTakeFirstOrThrow();
  }

  /** Deletes a draft, and what it names of images (the images stay: other editions may name them). */
  async deleteDraft(editionId: number): Promise<void> {
    await this.db.deleteFrom('red_list_editions').where('id', '=', editionId).where('status', '=', 'draft').execute();
  }

  /** Records a stored image; one already recorded (the same bytes) is kept as it is. */
  async insertImage(image: ImageRow): Promise<void> {
    await this.db.insertInto('red_list_images').values(image).onConflict((conflict) => conflict.column('sha256').doNothing()).execute();
  }

  /**
   * An image an edition names, with the edition's status: one query that leaves the edition's
   * document unread (a booklet reads 300 images; reading the document each time cost 200 MB on PostgreSQL).
   */
  async editionImage(listId: number, ref: number | 'draft', name: string): Promise<(EditionImageRow & { status: EditionRow['status'] }) | undefined> {
    let query = this.db
      .selectFrom('red_list_editions as e')
      .innerJoin('red_list_edition_images as ei', 'ei.edition_id', 'e.id')
      .innerJoin('red_list_images as i', 'i.sha256', 'ei.sha256')
      .where('e.list_id', '=', listId)
      .where('ei.name', '=', name);
    query = ref === 'draft' ? query.where('e.status', '=', 'draft') : query.where('e.status', '=', 'published').where('e.number', '=', ref);
    return query.selectAll('i').select(['ei.name', 'e.status']).executeTakeFirst();
  }

  async editionImages(editionId: number): Promise<EditionImageRow[]> {
    return this.db
      .selectFrom('red_list_edition_images as ei')
      .innerJoin('red_list_images as i', 'i.sha256', 'ei.sha256')
      .where('ei.edition_id', '=', editionId)
      .selectAll('i')
      .select('ei.name')
      .orderBy('ei.name')
      .execute();
  }

  /** Names `sha256` `name` in a draft, replacing the image the name had. */
  async linkImage(editionId: number, name: string, sha256: string): Promise<void> {
    await this.db
      .insertInto('red_list_edition_images')
      .values({ edition_id: editionId, name, sha256 })
      .onConflict((conflict) => conflict.columns(['edition_id', 'name']).doUpdateSet({ sha256 }))
      .execute();
  }

  /** Forgets the draft's images whose names are not in `keep`. */
  async unlinkImagesExcept(editionId: number, keep: readonly string[]): Promise<void> {
    let query = this.db.deleteFrom('red_list_edition_images').where('edition_id', '=', editionId);
    if (keep.length > 0) query = query.where('name', 'not in', keep);
    await query.execute();
  }

  async copyImages(fromEditionId: number, toEditionId: number): Promise<void> {
    await this.db
      .insertInto('red_list_edition_images')
      .columns(['edition_id', 'name', 'sha256'])
      .expression((eb) => eb.selectFrom('red_list_edition_images').select([eb.val(toEditionId).as('edition_id'), 'name', 'sha256']).where('edition_id', '=', fromEditionId))
      .execute();
  }

  /** Every list (`userId` undefined) or those `userId` edits, with their draft and latest published edition. */
  async listSummaries(userId?: number): Promise<ListSummaryRow[]> {
    let lists = this.db.selectFrom('red_lists').select(['id', 'slug']).orderBy('slug');
    if (userId !== undefined) lists = lists.where('id', 'in', (eb) => eb.selectFrom('red_list_editors').select('list_id').where('user_id', '=', userId));
    const rows = await lists.execute();
    if (rows.length === 0) return [];
    const editions = await this.db
      .selectFrom('red_list_editions')
      .where(
        'list_id',
        'in',
        rows.map((row) => row.id),
      )
      .select(['list_id', 'number', 'status', 'version', 'updated_at', 'document'])
      .orderBy('number', 'desc')
      .execute();
    return rows.map((list) => {
      const own = editions.filter((edition) => edition.list_id === list.id);
      const draft = own.find((edition) => edition.status === 'draft');
      const published = own.find((edition) => edition.status === 'published');
      return {
        id: list.id,
        slug: list.slug,
        document: (draft ?? published ?? own[0])!.document,
        draft: draft ? { number: draft.number, version: draft.version, updatedAt: draft.updated_at } : null,
        latestPublished: published?.number ?? null,
      };
    });
  }

  async isEditor(listId: number, userId: number): Promise<boolean> {
    const row = await this.db.selectFrom('red_list_editors').select('user_id').where('list_id', '=', listId).where('user_id', '=', userId).executeTakeFirst();
    return row !== undefined;
  }

  async editors(listId: number): Promise<EditorRow[]> {
    return this.db
      .selectFrom('red_list_editors as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .where('r.list_id', '=', listId)
      .select(['u.id as userId', 'u.email', 'u.display_name as displayName', 'r.added_at as addedAt'])
      .orderBy('u.display_name')
      .execute();
  }

  async addEditor(listId: number, userId: number, addedBy: number | null, now: string): Promise<void> {
    await this.db
      .insertInto('red_list_editors')
      .values({ list_id: listId, user_id: userId, added_at: now, added_by: addedBy })
      .onConflict((conflict) => conflict.columns(['list_id', 'user_id']).doNothing())
      .execute();
  }

  async removeEditor(listId: number, userId: number): Promise<boolean> {
    const result = await this.db.deleteFrom('red_list_editors').where('list_id', '=', listId).where('user_id', '=', userId).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async userByEmail(email: string): Promise<{ id: number; role: Role; disabled: boolean } | undefined> {
    const row = await this.db.selectFrom('users').select(['id', 'role', 'disabled_at']).where('email', '=', email).executeTakeFirst();
    return row && { id: row.id, role: row.role as Role, disabled: row.disabled_at !== null };
  }
}
