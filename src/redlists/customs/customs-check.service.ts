import { readFile } from 'node:fs/promises';
import type { AuditTrail } from '../../audit/audit.service.js';
import { DomainError, conflict, invalid, notFound } from '../../errors.js';
import type { PhotoSource } from '../../identify/describe-pool.js';
import type { IdentificationView, IdentifyService } from '../../identify/identify.service.js';
import { newPublicId } from '../../registry/ids.js';
import type { Principal } from '../../roles.js';
import type { RedListService } from '../red-list.service.js';
import { assessCheck } from './assess-check.js';
import { prepareCategories, type CategoryIndex } from './category-ranking.js';
import { isKnownCountry, listCountryNames, type CountryNames } from './check-countries.js';
import type { DeclaredFacts, PublishedList, RegistryMatch, VisualScores } from './check-model.js';
import type { CheckPage, CheckPlace, CustomsCheck } from './customs-check.js';
import type { CustomsCheckRepository } from './customs-check.repository.js';
import { describePhoto, VisualExampleIndex } from './visual-similarity.js';
import { MAX_CHECK_PHOTOS, type CheckRequest, type DecisionInput } from './customs-check.schemas.js';

/** A photo of the object: an uploaded file (or bytes) and its name. */
export interface CheckPhoto {
  source: PhotoSource;
  filename: string;
}

export interface RunInput extends CheckRequest {
  photos: readonly CheckPhoto[];
}

/** A check and the names of the countries only published Red Lists know, to say its facts and reasons. */
export interface CheckView {
  check: CustomsCheck;
  countries: CountryNames;
  /** Investigators of the organisation and admins decide, once. */
  canDecide: boolean;
}

export interface CustomsCheckParts {
  checks: CustomsCheckRepository;
  identify: Pick<IdentifyService, 'identify' | 'sharedPhoto' | 'sharedEvidence'>;
  /** The published Red List editions the check reads. */
  lists: Pick<RedListService, 'listPublished' | 'publishedDescriptors'>;
  audit: Pick<AuditTrail, 'record'>;
}

export const CHECKS_PER_PAGE = 20;
/** Stored with each check beside the list editions: bump it when the engine's rules or ranking change, so old answers stay explained. */
export const CUSTOMS_ENGINE = 'egide-customs-check/1';

const mayCheck = (principal: Principal | null): boolean => principal?.role === 'investigator' || principal?.role === 'admin';

/**
 * The customs check: the photos identified against the registry (what the officer may see), the
 * declared facts read against the published Red Lists by the engine (assess-check.ts), the answer
 * stored for the officer's organisation, then the officer's decision. A check is seen by its
 * organisation's people and admins only: anyone else is told it does not exist.
 */
export class CustomsCheckService {
  /** The categories prepared for ranking and their example photos described, for the published editions they were made from. */
  private prepared: { editions: string; index: CategoryIndex; examples: Promise<VisualExampleIndex> } | undefined;

  constructor(private readonly parts: CustomsCheckParts) {}

  async run(principal: Principal | null, input: RunInput): Promise<CheckView> {
    const officer = this.officer(principal);
    if (input.photos.length > MAX_CHECK_PHOTOS) throw invalid(`At most ${MAX_CHECK_PHOTOS} photos a check.`, [{ field: 'photo', message: `at most ${MAX_CHECK_PHOTOS}` }]);
    const lists = (await this.parts.lists.listPublished()).map((published) => published.document);
    const countries = listCountryNames(lists);
    checkCountries(input.facts, countries);
    const identifications: IdentificationView[] = [];
    for (const photo of input.photos) identifications.push(await this.parts.identify.identify(officer, photo.source, photo.filename));
    const { index, examples } = this.prepare(lists);
    const visual = input.photos.length > 0 ? await visualScores(await examples, input.photos) : undefined;
    const today = new Date();
    const assessment = assessCheck({ facts: input.facts, registryMatches: registryMatches(identifications), hasPhoto: identifications.length > 0, lists, index, ...(visual ? { visual } : {}), today });
    const check: CustomsCheck = {
      id: newPublicId(),
      organisation: { id: officer.organisationId, slug: officer.organisationSlug, name: '' },
      officer: { userId: officer.userId, name: officer.displayName },
      createdAt: today.toISOString(),
      place: placeOf(input.place),
      facts: input.facts,
      identificationIds: identifications.map((identification) => identification.id),
      assessment,
      editions: { engine: CUSTOMS_ENGINE, lists: lists.map((list) => ({ slug: list.slug, edition: list.edition.number })) },
      decision: null,
    };
    await this.parts.checks.insert(check);
    await this.parts.audit.record(officer, {
      action: 'customs-check.run',
      targetType: 'customs-check',
      targetId: check.id,
      details: { recommendation: assessment.recommendation.action, registry: assessment.registry.map((match) => match.objectId), categories: assessment.categories.slice(0, 3).map((c) => `${c.listSlug}/${c.categoryId}`) },
    });
    return { check: await this.readable(officer, check.id), countries, canDecide: true };
  }

  /** A check, for its organisation's people and admins; recorded in the audit trail. */
  async get(principal: Principal | null, id: string): Promise<CheckView> {
    const check = await this.readable(principal, id);
    await this.parts.audit.record(principal, { action: 'customs-check.read', targetType: 'customs-check', targetId: id, details: { organisation: check.organisation.slug } });
    return this.view(principal, check);
  }

  /**
   * Photo `n` (from 1) of a check, for whoever may read the check: the officer's colleagues see
   * what was photographed, though the identification itself stays its author's.
   */
  async photo(principal: Principal | null, id: string, n: number, variant: 'display' | 'thumbnail'): Promise<Buffer> {
    const check = await this.readable(principal, id);
    const identificationId = check.identificationIds[n - 1];
    if (!identificationId) throw notFound(`The customs check ${id} has no photo ${n}.`);
    return this.parts.identify.sharedPhoto(identificationId, variant);
  }

  /** The evidence of a registry match of the check (the photo that showed it best beside the registry's), for whoever may read the check. */
  async evidence(principal: Principal | null, id: string, objectId: string): Promise<Buffer> {
    const check = await this.readable(principal, id);
    if (!check.assessment.registry.some((match) => match.objectId === objectId)) throw notFound(`The customs check ${id} matched no object ${objectId}.`);
    return this.parts.identify.sharedEvidence(principal, check.identificationIds, objectId);
  }

  /** The organisation's checks, newest first (admins: every organisation's). */
  async list(principal: Principal | null, options: { page?: number | undefined } = {}): Promise<CheckPage> {
    const officer = this.officer(principal);
    const page = Math.max(1, Math.trunc(options.page ?? 1));
    const { total, items } = await this.parts.checks.list(officer.role === 'admin' ? undefined : officer.organisationId, CHECKS_PER_PAGE, (page - 1) * CHECKS_PER_PAGE);
    return { total, page, pageSize: CHECKS_PER_PAGE, items };
  }

  /**
   * The officer confirms the recommendation or overrides it, saying why; once. A second decision
   * is a conflict, so that what was decided at the border is never silently replaced.
   */
  async decide(principal: Principal | null, id: string, input: DecisionInput): Promise<CheckView> {
    const check = await this.readable(principal, id);
    const officer = this.officer(principal);
    const recommended = check.assessment.recommendation.action;
    const reason = input.reason?.trim() || null;
    if (input.decision !== recommended && !reason) {
      throw invalid(`Say why you decide to ${input.decision} when the recommendation is to ${recommended}.`, [{ field: 'reason', message: 'required when the decision differs from the recommendation' }]);
    }
    const decided = await this.parts.checks.decide(id, { decision: input.decision, reason, decidedBy: { userId: officer.userId, name: officer.displayName }, decidedAt: new Date().toISOString() });
    if (!decided) throw conflict(`The check ${id} was decided already.`);
    await this.parts.audit.record(officer, { action: 'customs-check.decide', targetType: 'customs-check', targetId: id, details: { decision: input.decision, recommended, overridden: input.decision !== recommended } });
    return this.view(officer, await this.readable(officer, id));
  }

  /** Prepared once per set of published editions (a new edition prepares them again). */
  private prepare(lists: readonly PublishedList[]): { index: CategoryIndex; examples: Promise<VisualExampleIndex> } {
    const editions = lists.map((list) => `${list.slug}@${list.edition.number}`).join(' ');
    if (this.prepared?.editions !== editions) {
      const prepared = { editions, index: prepareCategories(lists), examples: this.describeExamples(lists) };
      // A failed description is not kept: the next check tries again.
      prepared.examples.catch(() => {
        if (this.prepared === prepared) this.prepared = undefined;
      });
      this.prepared = prepared;
    }
    return this.prepared;
  }

  /**
   * Every example photo of the lists with the descriptor stored when its image was (visual-similarity.ts
   * says how it was measured): one query, no image read. An example whose image could not be
   * described, or whose list was published again meanwhile, is left out until the next preparation.
   */
  private async describeExamples(lists: readonly PublishedList[]): Promise<VisualExampleIndex> {
    const descriptors = new Map<string, Float32Array>();
    for (const row of await this.parts.lists.publishedDescriptors()) descriptors.set(`${row.slug}@${row.edition}/${row.name}`, row.descriptor);
    const examples = new VisualExampleIndex();
    for (const list of lists) {
      for (const category of list.categories) {
        for (const example of category.examples) {
          const descriptor = descriptors.get(`${list.slug}@${list.edition.number}/${example.image}`);
          if (descriptor) examples.add(list.slug, category.id, descriptor);
        }
      }
    }
    return examples;
  }

  private officer(principal: Principal | null): Principal {
    if (!principal) throw new DomainError('unauthorized', 'Sign in (or send an API token) to check an object.');
    if (!mayCheck(principal)) throw new DomainError('forbidden', `Customs checks are for investigators and admins; your role is ${principal.role}.`);
    return principal;
  }

  private async readable(principal: Principal | null, id: string): Promise<CustomsCheck> {
    const check = await this.parts.checks.find(id);
    if (!check || !principal || (principal.role !== 'admin' && principal.organisationId !== check.organisation.id)) throw notFound(`No customs check with the id "${id}".`);
    return check;
  }

  /** The countries only the published Red Lists know, which a check may declare (the form offers them). */
  async countries(): Promise<CountryNames> {
    return listCountryNames((await this.parts.lists.listPublished()).map((published) => published.document));
  }

  private async view(principal: Principal | null, check: CustomsCheck): Promise<CheckView> {
    return { check, countries: await this.countries(), canDecide: check.decision === null && mayCheck(principal) };
  }
}

/**
 * The declared countries must be ISO countries or countries a published Red List names (a fictional
 * region's, a new state's): the schema cannot know the latter, so they are checked here.
 */
function checkCountries(facts: DeclaredFacts, countries: CountryNames): void {
  const unknown = (['originCountry', 'destinationCountry'] as const).filter((field) => facts[field] !== undefined && !isKnownCountry(facts[field], countries));
  if (unknown.length > 0) {
    throw invalid(
      `Unknown country: ${unknown.map((field) => facts[field]).join(', ')}.`,
      unknown.map((field) => ({ field: `facts.${field}`, message: 'neither an ISO 3166-1 country nor a country of a published Red List' })),
    );
  }
}

/** The registry's candidates over every photo, each object once with its best verdict (a match before a possible one), then its best score. */
function registryMatches(identifications: readonly IdentificationView[]): RegistryMatch[] {
  const best = new Map<string, RegistryMatch>();
  for (const { candidates } of identifications) {
    for (const candidate of candidates) {
      const match: RegistryMatch = { objectId: candidate.object.id, title: candidate.object.title, verdict: candidate.verdict === 'match' ? 'match' : 'possible', score: candidate.score, status: candidate.object.status };
      const known = best.get(match.objectId);
      if (!known || strongerMatch(match, known) < 0) best.set(match.objectId, match);
    }
  }
  return [...best.values()].sort(strongerMatch);
}

/** Negative when `a` is the stronger evidence: a match before a possible one, then the higher score. */
function strongerMatch(a: RegistryMatch, b: RegistryMatch): number {
  return Number(a.verdict !== 'match') - Number(b.verdict !== 'match') || b.score - a.score;
}

/** How much the photos look like each category's examples: for each category, its best photo's similarity. */
async function visualScores(examples: VisualExampleIndex, photos: readonly CheckPhoto[]): Promise<VisualScores | undefined> {
  if (examples.size === 0) return undefined;
  const best = new Map<string, number>();
  for (const photo of photos) {
    const bytes = Buffer.isBuffer(photo.source) ? photo.source : await readFile(photo.source.path);
    for (const [key, score] of examples.similarities(await describePhoto(bytes))) best.set(key, Math.max(score, best.get(key) ?? 0));
  }
  return best;
}

function placeOf(place: CheckRequest['place']): CheckPlace | null {
  return place && (place.text !== undefined || place.latitude !== undefined) ? place : null;
}
