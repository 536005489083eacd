import type { OrganisationRepository } from '../accounts/organisation.repository.js';
import type { ChangeFeed } from '../db/change-feed.js';
import type { UnitOfWork } from '../db/unit-of-work.js';
import { conflict, notFound } from '../errors.js';
import { foldForSearch } from '../i18n/fold.js';
import { LANGUAGES, type Lang } from '../i18n/languages.js';
import type { CooperationTheme, Partner, PartnerCategory } from './partner.js';
import type { PartnerRepository } from './partner.repository.js';
import { SEED_PARTNERS } from './seed/partners.js';

export interface PartnerFilter {
  category?: PartnerCategory | undefined;
  theme?: CooperationTheme | undefined;
  /**
   * Words that must all appear (accents and case ignored) in a name or acronym in any language,
   * or in a description in `lang` (in every language when `lang` is not given).
   */
  q?: string | undefined;
  lang?: Lang | undefined;
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

export const SECRETARIAT_SLUG = 'secretariat';

/**
 * The directory is small and read on every page, so it is kept in memory and reloaded after each
 * write made through this service. Partners are only written by server processes (API and admin
 * pages): each tells the others through the change feed (followChanges), so no copy goes stale.
 */
export class PartnerService {
  private directory: Promise<Partner[]> | undefined;
  private changes: Pick<ChangeFeed, 'publish'> | undefined;
  /** Bumped on every write, so caches of rendered pages know when to drop their copies. */
  private revision = 0;

  constructor(
    private readonly transact: UnitOfWork<{ partners: PartnerRepository; organisations: OrganisationRepository }>,
    private readonly partners: PartnerRepository,
  ) {}

  async list(filter: PartnerFilter = {}): Promise<Partner[]> {
    const words = foldForSearch(filter.q ?? '').split(/\s+/).filter(Boolean);
    const all = await this.all();
    return all.filter(
      (partner) =>
        (!filter.category || partner.category === filter.category) &&
        (!filter.theme || partner.themes.includes(filter.theme)) &&
        (words.length === 0 || words.every((word) => searchableText(partner, filter.lang).includes(word))),
    );
  }

  async get(slug: string): Promise<Partner> {
    const partner = (await this.all()).find((candidate) => candidate.slug === slug);
    if (!partner) throw notFound(`No partner with the slug "${slug}".`);
    return partner;
  }

  async create(partner: Partner): Promise<Partner> {
    await this.transact(async ({ partners, organisations }) => {
      if (await partners.exists(partner.slug)) throw conflict(`A partner with the slug "${partner.slug}" already exists.`);
      const organisation = await organisations.ensure(partner.slug, partner.name.en, 'partner');
      await partners.insert(partner, organisation.id);
    });
    this.changed();
    return partner;
  }

  /** Replaces a partner; a new slug renames the partner's organisation too, so its tokens and users follow. */
  async replace(slug: string, partner: Partner): Promise<Partner> {
    try {
      await this.transact(async ({ partners, organisations }) => {
        if (partner.slug !== slug && ((await partners.exists(partner.slug)) || (await organisations.findBySlug(partner.slug)))) {
          throw conflict(`A partner or organisation with the slug "${partner.slug}" already exists.`);
        }
        if (!(await partners.replace(slug, partner))) throw notFound(`No partner with the slug "${slug}".`);
        if (partner.slug !== slug) await organisations.renameSlug(slug, partner.slug);
      });
    } finally {
      this.changed();
    }
    return partner;
  }

  async delete(slug: string): Promise<void> {
    const deleted = await this.partners.delete(slug);
    this.changed();
    if (!deleted) throw notFound(`No partner with the slug "${slug}".`);
  }

  /** Changes whenever the directory does. */
  get version(): number {
    return this.revision;
  }

  private all(): Promise<Partner[]> {
    const loading = (this.directory ??= this.partners.listAll());
    // A failed load must not be cached.
    loading.catch(() => {
      if (this.directory === loading) this.directory = undefined;
    });
    return loading;
  }

  /** Tells the other processes serving the database of this service's writes, and drops the copy when they write. */
  followChanges(changes: Pick<ChangeFeed, 'publish' | 'subscribe'>): void {
    this.changes = changes;
    changes.subscribe('partners', () => this.forget());
  }

  private changed(): void {
    this.forget();
    void this.changes?.publish('partners');
  }

  private forget(): void {
    this.directory = undefined;
    this.revision += 1;
  }

  /**
   * Loads the seed network once, on the first start. Later starts find the marker and keep whatever
   * admins have changed since, deletions included. All of it happens in one transaction.
   */
  async seedOnFirstStart(): Promise<boolean> {
    return this.transact(async ({ partners, organisations }) => {
      if (!(await partners.claimSeeding(new Date().toISOString()))) return false;
      await organisations.ensure(SECRETARIAT_SLUG, 'Network secretariat', 'secretariat');
      for (const partner of SEED_PARTNERS) {
        const organisation = await organisations.ensure(partner.slug, partner.name.en, 'partner');
        await partners.insert(partner, organisation.id);
      }
      return true;
    }).finally(() => this.changed());
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

/** The folded text a search looks in; `PartnerCard` gives the in-page filter the same text. */
export function searchableText(partner: Partner, lang?: Lang): string {
  const textLanguages = lang ? [lang] : LANGUAGES;
  return foldForSearch(
    [
      ...LANGUAGES.flatMap((l) => [partner.name[l], partner.acronym[l]]),
      ...textLanguages.flatMap((l) => [partner.description[l], partner.cooperation[l]]),
    ].join(' '),
  );
}
