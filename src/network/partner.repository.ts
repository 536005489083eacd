import type { Db } from '../db/database.js';
import { groupBy } from '../util/group-by.js';
import { LANGUAGES, type Lang, type Localized } from '../i18n/languages.js';
import type { CooperationTheme, Partner, PartnerCategory } from './partner.js';

const SEEDED_KEY = 'network.seeded';

/** Every read and write of the partner directory; a partner spans three tables, written in one transaction. */
export class PartnerRepository {
  constructor(private readonly db: Db) {}

  async listAll(): Promise<Partner[]> {
    const [partners, texts, themes] = await Promise.all([
      this.db.selectFrom('partners').selectAll().orderBy('position').orderBy('id').execute(),
      this.db.selectFrom('partner_texts').selectAll().execute(),
      this.db.selectFrom('partner_themes').selectAll().orderBy('position').execute(),
    ]);
    const textsByPartner = groupBy(texts, (text) => text.partner_id);
    const themesByPartner = groupBy(themes, (theme) => theme.partner_id);
    return partners.map((row) => {
      const rowTexts = new Map((textsByPartner.get(row.id) ?? []).map((text) => [text.lang as Lang, text]));
      const pick = (field: 'name' | 'acronym' | 'description' | 'cooperation'): Localized =>
        Object.fromEntries(LANGUAGES.map((lang) => [lang, rowTexts.get(lang)?.[field] ?? ''])) as Localized;
      const agreement = LANGUAGES.some((lang) => rowTexts.get(lang)?.agreement)
        ? (Object.fromEntries(LANGUAGES.map((lang) => [lang, rowTexts.get(lang)?.agreement ?? ''])) as Localized)
        : null;
      return {
        slug: row.slug,
        category: row.category as PartnerCategory,
        name: pick('name'),
        acronym: pick('acronym'),
        description: pick('description'),
        cooperation: pick('cooperation'),
        themes: (themesByPartner.get(row.id) ?? []).map((theme) => theme.theme as CooperationTheme),
        since: row.since_year === null ? null : { year: row.since_year, agreement },
        website: row.website,
      };
    });
  }

  async exists(slug: string): Promise<boolean> {
    const row = await this.db.selectFrom('partners').select('id').where('slug', '=', slug).executeTakeFirst();
    return row !== undefined;
  }

  /** Inserts a new partner at the end of the directory (or at `position`). */
  async insert(partner: Partner, organisationId: number | null): Promise<void> {
    const now = new Date().toISOString();
    const position =
      (await this.db.selectFrom('partners').select((eb) => eb.fn.max('position').as('last')).executeTakeFirst())?.last ?? 0;
    const { id } = await this.db
      .insertInto('partners')
      .values({
        slug: partner.slug,
        organisation_id: organisationId,
        category: partner.category,
        website: partner.website,
        since_year: partner.since?.year ?? null,
        position: Number(position) + 1,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await this.writeDetails(id, partner);
  }

  /** Replaces the partner's content; returns false when no partner has `slug`. Run it in a transaction. */
  async replace(slug: string, partner: Partner): Promise<boolean> {
    const row = await this.db
      .updateTable('partners')
      .set({
        slug: partner.slug,
        category: partner.category,
        website: partner.website,
        since_year: partner.since?.year ?? null,
        updated_at: new Date().toISOString(),
      })
      .where('slug', '=', slug)
      .returning('id')
      .executeTakeFirst();
    if (!row) return false;
    await this.db.deleteFrom('partner_texts').where('partner_id', '=', row.id).execute();
    await this.db.deleteFrom('partner_themes').where('partner_id', '=', row.id).execute();
    await this.writeDetails(row.id, partner);
    return true;
  }

  async delete(slug: string): Promise<boolean> {
    const result = await this.db.deleteFrom('partners').where('slug', '=', slug).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /** When the seed network was loaded (the first start), if it was. */
  /**
   * Claims the first start's seeding: true for the one transaction that records it, false once it is
   * recorded. Two servers starting at once on a new database both try: the second waits for the first's
   * row and, once it is committed, records nothing (reading first, both seeded and one failed).
   */
  async claimSeeding(at: string): Promise<boolean> {
    const result = await this.db.insertInto('meta').values({ key: SEEDED_KEY, value: at }).onConflict((conflict) => conflict.column('key').doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  private async writeDetails(partnerId: number, partner: Partner): Promise<void> {
    await this.db
      .insertInto('partner_texts')
      .values(
        LANGUAGES.map((lang) => ({
          partner_id: partnerId,
          lang,
          name: partner.name[lang],
          acronym: partner.acronym[lang],
          description: partner.description[lang],
          cooperation: partner.cooperation[lang],
          agreement: partner.since?.agreement?.[lang] ?? null,
        })),
      )
      .execute();
    if (partner.themes.length > 0) {
      await this.db
        .insertInto('partner_themes')
        .values(partner.themes.map((theme, position) => ({ partner_id: partnerId, theme, position })))
        .execute();
    }
  }
}
