import type { OrganisationRepository } from '../accounts/organisation.repository.js';
import type { Db } from '../db/database.js';
import { conflict, notFound } from '../errors.js';
import { foldForSearch } from '../i18n/fold.js';
import { LANGUAGES, type Lang } from '../i18n/languages.js';
import type { CooperationTheme, Partner, PartnerCategory } from './partner.js';
import type { PartnerRepository } from './partner.repository.js';
import { SEED_PARTNERS } from './seed/partners.js';

export interface PartnerFilter {
  category?: PartnerCategory | undefined;
  theme?: CooperationTheme | undefined;
  /** Words that must all appear (accents and case ignored) in a name, acronym or text, in any language. */
  q?: string | undefined;
}

export interface PartnerInLanguage {
  slug: string;
  lang: Lang;
  category: PartnerCategory;
  name: string;
  acronym: string;
  description: string;
  cooperation: string;
  themes: CooperationTheme[];
  since: { year: number; agreement: string | null } | null;
  website: string;
}

const SEEDED_KEY = 'network.seeded';
export const SECRETARIAT_SLUG = 'secretariat';

export class PartnerService {
  constructor(
    private readonly db: Db,
    private readonly partners: PartnerRepository,
    private readonly organisations: OrganisationRepository,
  ) {}

  async list(filter: PartnerFilter = {}): Promise<Partner[]> {
    const words = foldForSearch(filter.q ?? '').split(/\s+/).filter(Boolean);
    const all = await this.partners.listAll();
    return all.filter(
      (partner) =>
        (!filter.category || partner.category === filter.category) &&
        (!filter.theme || partner.themes.includes(filter.theme)) &&
        (words.length === 0 || matchesAll(partner, words)),
    );
  }

  async get(slug: string): Promise<Partner> {
    const partner = (await this.partners.listAll()).find((candidate) => candidate.slug === slug);
    if (!partner) throw notFound(`No partner with the slug "${slug}".`);
    return partner;
  }

  async create(partner: Partner): Promise<Partner> {
    await this.db.transaction().execute(async (trx) => {
      if (await trx.selectFrom('partners').select('id').where('slug', '=', partner.slug).executeTakeFirst()) {
        throw conflict(`A partner with the slug "${partner.slug}" already exists.`);
      }
      const organisation = await this.organisations.ensure(partner.slug, partner.name.en, 'partner', trx);
      await this.partners.insert(partner, organisation.id, trx);
    });
    return partner;
  }

  async replace(slug: string, partner: Partner): Promise<Partner> {
    if (partner.slug !== slug && (await this.partners.exists(partner.slug))) {
      throw conflict(`A partner with the slug "${partner.slug}" already exists.`);
    }
    if (!(await this.partners.replace(slug, partner))) throw notFound(`No partner with the slug "${slug}".`);
    return partner;
  }

  async delete(slug: string): Promise<void> {
    if (!(await this.partners.delete(slug))) throw notFound(`No partner with the slug "${slug}".`);
  }

  /**
   * Loads the seed network once, on the first start. Later starts find the marker and keep whatever
   * admins have changed since, deletions included. All of it happens in one transaction.
   */
  async seedOnFirstStart(): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const seeded = await trx.selectFrom('meta').select('value').where('key', '=', SEEDED_KEY).executeTakeFirst();
      if (seeded) return false;
      await this.organisations.ensure(SECRETARIAT_SLUG, 'Network secretariat', 'secretariat', trx);
      for (const partner of SEED_PARTNERS) {
        const organisation = await this.organisations.ensure(partner.slug, partner.name.en, 'partner', trx);
        await this.partners.insert(partner, organisation.id, trx);
      }
      await trx.insertInto('meta').values({ key: SEEDED_KEY, value: new Date().toISOString() }).execute();
      return true;
    });
  }
}

export function inLanguage(partner: Partner, lang: Lang): PartnerInLanguage {
  return {
    slug: partner.slug,
    lang,
    category: partner.category,
    name: partner.name[lang],
    acronym: partner.acronym[lang],
    description: partner.description[lang],
    cooperation: partner.cooperation[lang],
    themes: partner.themes,
    since: partner.since && { year: partner.since.year, agreement: partner.since.agreement?.[lang] ?? null },
    website: partner.website,
  };
}

function matchesAll(partner: Partner, words: string[]): boolean {
  const haystack = foldForSearch(
    LANGUAGES.flatMap((lang) => [partner.name[lang], partner.acronym[lang], partner.description[lang], partner.cooperation[lang]]).join(' '),
  );
  return words.every((word) => haystack.includes(word));
}
