import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AuditTrail } from '../audit/audit.service.js';
import type { Logger } from '../config/logger.js';
import { DomainError, invalid, notFound } from '../errors.js';
import type { IdentifyService } from '../identify/identify.service.js';
import { CONFIDENT_SCORE, prepareCategories, rankCategories, type CategoryIndex } from '../redlists/customs/category-ranking.js';
import type { DeclaredFacts } from '../redlists/customs/check-model.js';
import type { RedListService } from '../redlists/red-list.service.js';
import { newPublicId } from '../registry/ids.js';
import type { ObjectService } from '../registry/object.service.js';
import type { PhotoStore } from '../registry/photos/photo-store.js';
import type { SearchService } from '../registry/search/search.service.js';
import { ALERT_STATUSES, type ObjectStatus } from '../registry/status.js';
import type { Principal } from '../roles.js';
import type { CertifiableLot, ScreeningScope } from './certifiable-lot.js';
import type { CheckPage, ClaimedCheck, DueDiligenceCheck } from './due-diligence-check.js';
import type { DueDiligenceRepository, NewLot } from './due-diligence.repository.js';
import { importThresholds } from './import-thresholds.js';
import type { CategoryEvidence, Lot, LotEvidence, LotFields, LotPhoto, PhotoEvidence, TextEvidence } from './lot.js';
import { provenanceGaps } from './provenance.js';
import { lotOutcome, screenLotAgainstObject } from './screen-lot.js';

/** A lot as submitted: its fields and photos, or why its row could not be read. */
export interface SubmittedLot {
  position: number;
  fields?: LotFields | undefined;
  /** Read one at a time as the lot is stored (a catalogue's thousand photos are never all in memory). */
  photos?: ReadonlyArray<{ name: string; read(): Promise<Buffer> }> | undefined;
  error?: string | undefined;
}

export interface SubmitInput {
  source: string;
  filename?: string | undefined;
  lots: readonly SubmittedLot[];
}

export interface CheckView {
  check: DueDiligenceCheck;
  lots: Lot[];
  /** Lot id → the id of the certificate issued for it. */
  certificates: ReadonlyMap<number, string>;
}

export interface DueDiligenceParts {
  checks: DueDiligenceRepository;
  search: Pick<SearchService, 'search'>;
  objects: Pick<ObjectService, 'get'>;
  identify: Pick<IdentifyService, 'identify' | 'sharedEvidence'>;
  lists: Pick<RedListService, 'listPublished'>;
  /** Where the lots' photos are kept while (and after) they are screened. */
  files: PhotoStore;
  audit: Pick<AuditTrail, 'record'>;
  /** The principal a user id stands for now (undefined when disabled): a check screens with its owner's current rights. */
  principalOf(userId: number, via: Principal['via']): Promise<Principal | undefined>;
  logger?: Logger | undefined;
}

export const MAX_LOTS = 10_000;
export const MAX_PHOTOS_PER_LOT = 10;
export const CHECKS_PER_PAGE = 20;
/** Registry candidates read per query (inventory number, title, maker). */
const CANDIDATES_PER_QUERY = 10;
/** Red List categories kept as evidence: the best ones, from this score. */
const CATEGORY_EVIDENCE_SCORE = 0.3;
const MAX_CATEGORIES = 3;
/** A runner's hold on a check, renewed as its lots are screened: a killed runner's check is taken over after it. */
export const LEASE_MS = 60_000;
/**
 * Lots screened at once: identifying a photo is half describing it (a describe-pool worker) and half
 * searching the index (this thread), so two lots keep both cores of a small server busy (the
 * identification admission lets two run at a time, EGIDE_IDENTIFY_CONCURRENCY).
 */
const LOTS_AT_ONCE = 2;
const IDLE_POLL_MS = 2_000;
const PHOTO_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.avif']);

const ALERTS: ObjectStatus[] = [...ALERT_STATUSES];

/**
 * Due-diligence checks: a dealer, an auction house or a museum submits one object or a catalogue;
 * each lot is screened in the background against what the submitter may see — registry objects
 * reported stolen or missing (by text and by photo), Red List categories, the EU import thresholds
 * and its provenance — and the outcome kept with its evidence. A check is seen by its organisation
 * and admins only; anyone else is told it does not exist.
 */
export class DueDiligenceService {
  private running: Promise<void> | undefined;
  private stopping = false;
  /** Aborted to end the runner's idle wait early: a check was submitted, or the runner stops. */
  private idle: AbortController | undefined;

  constructor(private readonly parts: DueDiligenceParts) {}

  /** Stores the lots (broken rows with why) and their photos, queued for screening. */
  async submit(principal: Principal | null, input: SubmitInput): Promise<DueDiligenceCheck> {
    const owner = requester(principal);
    if (input.lots.length === 0) throw invalid('The catalogue has no lot.', [{ field: 'catalogue', message: 'no lot' }]);
    if (input.lots.length > MAX_LOTS) throw invalid(`At most ${MAX_LOTS} lots a check.`, [{ field: 'catalogue', message: `at most ${MAX_LOTS} lots` }]);
    const id = newPublicId();
    const lots: NewLot[] = [];
    const stored: string[] = [];
    try {
      for (const lot of input.lots) {
        const problem = lot.error ?? photoProblem(lot.photos ?? []);
        if (problem !== undefined) {
          lots.push({ position: lot.position, fields: lot.fields ?? {}, photos: [], error: problem });
          continue;
        }
        const photos: LotPhoto[] = [];
        for (const [i, photo] of (lot.photos ?? []).entries()) {
          const key = `due-diligence/${id}/${lot.position}-${i + 1}${extname(photo.name).toLowerCase()}`;
          const bytes = await photo.read();
          await this.parts.files.put(key, bytes);
          stored.push(key);
          photos.push({ name: photo.name, key, sha256: createHash('sha256').update(bytes).digest('hex') });
        }
        lots.push({ position: lot.position, fields: lot.fields ?? {}, photos, error: null });
      }
      await this.parts.checks.create({ id, principal: owner, createdAt: new Date().toISOString(), source: input.source, filename: input.filename ?? null }, lots);
    } catch (error) {
      await Promise.all(stored.map((key) => this.parts.files.delete(key).catch(() => undefined)));
      throw error;
    }
    await this.parts.audit.record(owner, { action: 'due-diligence.check', targetType: 'due-diligence-check', targetId: id, details: { source: input.source, catalogue: input.filename ?? null, lots: input.lots.length } });
    this.idle?.abort();
    return (await this.parts.checks.find(id))!;
  }

  async get(principal: Principal | null, id: string): Promise<CheckView> {
    const check = await this.readable(principal, id);
    const [lots, certificates] = await Promise.all([this.parts.checks.lots(id), this.parts.checks.certificates(id)]);
    return { check, lots, certificates };
  }

  /** A check's progress alone (what the page polls). */
  async progress(principal: Principal | null, id: string): Promise<DueDiligenceCheck> {
    return this.readable(principal, id);
  }

  /** The organisation's checks, newest first (admins: every organisation's). */
  async list(principal: Principal | null, options: { page?: number | undefined } = {}): Promise<CheckPage> {
    const owner = requester(principal);
    const page = Math.max(1, Math.trunc(options.page ?? 1));
    const { total, items } = await this.parts.checks.list(owner.role === 'admin' ? undefined : owner.organisationId, CHECKS_PER_PAGE, (page - 1) * CHECKS_PER_PAGE);
    return { total, page, pageSize: CHECKS_PER_PAGE, items };
  }

  /** Photo `n` (from 1) of a lot, for whoever may read the check. */
  async photo(principal: Principal | null, id: string, lotId: number, n: number): Promise<{ bytes: Buffer; name: string }> {
    await this.readable(principal, id);
    const photo = (await this.parts.checks.lot(id, lotId))?.photos[n - 1];
    const bytes = photo && (await this.parts.files.get(photo.key));
    if (!photo || !bytes) throw notFound(`The lot ${lotId} of the check ${id} has no photo ${n}.`);
    return { bytes, name: photo.name };
  }

  /** The evidence image of a photo match of a lot, for whoever may read the check. */
  async evidence(principal: Principal | null, id: string, lotId: number, objectId: string): Promise<Buffer> {
    await this.readable(principal, id);
    const hits = (await this.parts.checks.lot(id, lotId))?.evidence?.photos.filter((hit) => hit.objectId === objectId) ?? [];
    if (hits.length === 0) throw notFound(`The lot ${lotId} of the check ${id} matched no object ${objectId} by photo.`);
    return this.parts.identify.sharedEvidence(principal, hits.map((hit) => hit.identificationId), objectId);
  }

  /** A screened lot as a certificate is made from it (certifiable-lot.ts), for whoever may read the check. */
  async certifiableLot(principal: Principal | null, checkId: string, lotId: number): Promise<CertifiableLot> {
    const check = await this.readable(principal, checkId);
    const lot = await this.parts.checks.lot(checkId, lotId);
    if (!lot) throw notFound(`The check ${checkId} has no lot ${lotId}.`);
    if (lot.state !== 'done' || !lot.outcome || !lot.evidence || !lot.screenedAt || !check.registryState) throw invalid(`The lot ${lotId} of the check ${checkId} has not been screened.`, [{ field: 'lotId', message: 'not screened' }]);
    const scopes: ScreeningScope[] = ['registry-text', ...(lot.photos.length > 0 ? (['registry-photos'] as const) : []), 'red-lists', 'eu-import-thresholds', 'provenance'];
    return {
      checkId,
      lotId,
      fields: lot.fields,
      photos: lot.photos,
      outcome: lot.outcome,
      evidence: {
        textCandidates: lot.evidence.text.length,
        photoCandidates: lot.evidence.photos.length,
        categories: lot.evidence.categories.length,
        thresholds: lot.evidence.thresholds.map((threshold) => `${threshold.rule}:${threshold.applies}`),
        provenanceGaps: lot.evidence.provenance,
      },
      scopes,
      searchedAt: lot.screenedAt,
      registry: check.registryState,
      by: { name: check.requestedBy.name, organisation: check.organisation },
    };
  }

  /**
   * Screens the pending lots of one check (the next one waiting, or `checkId`), saving each
   * outcome as it goes: a killed runner leaves its check to be taken over when its lease expires,
   * from the first lot not yet screened. Returns the check run, or undefined when none waited.
   */
  async runNext(options: { checkId?: string | undefined; onProgress?: ((check: DueDiligenceCheck) => void) | undefined } = {}): Promise<DueDiligenceCheck | undefined> {
    const claimed = await this.parts.checks.claim(new Date(), LEASE_MS, options.checkId);
    if (!claimed) return undefined;
    await this.screenCheck(claimed, options.onProgress);
    return this.parts.checks.find(claimed.id);
  }

  /** Keeps screening in the background: a submitted check starts at once, a taken-over one within seconds. */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = (async () => {
      while (!this.stopping) {
        let ran: DueDiligenceCheck | undefined;
        try {
          ran = await this.runNext();
        } catch (error) {
          this.parts.logger?.error('due-diligence screening failed', { reason: error instanceof Error ? error.message : String(error) });
        }
        if (!ran && !this.stopping) {
          this.idle = new AbortController();
          await sleep(IDLE_POLL_MS, undefined, { signal: this.idle.signal }).catch(() => undefined);
        }
      }
    })();
  }

  /** Finishes the lot in hand, then stops (the check is taken over later). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.idle?.abort();
    await this.running;
    this.running = undefined;
  }

  private async screenCheck(claimed: ClaimedCheck, onProgress?: (check: DueDiligenceCheck) => void): Promise<void> {
    const { checks } = this.parts;
    const principal = await this.parts.principalOf(claimed.principal.userId, claimed.principal.via);
    if (!principal) {
      await checks.finish(claimed.id, 'failed', 'The person who asked for this check can no longer sign in.', new Date().toISOString());
      return;
    }
    const asked: Principal = { ...principal, ...(claimed.principal.tokenId === undefined ? {} : { tokenId: claimed.principal.tokenId }) };
    const check = await checks.find(claimed.id);
    if (!check?.registryState) await checks.setRegistryState(claimed.id, await checks.registryState(asked, new Date()));
    const index = prepareCategories((await this.parts.lists.listPublished()).map((published) => published.document));
    for (;;) {
      if (this.stopping) return;
      const lots = await checks.pendingLots(claimed.id, LOTS_AT_ONCE);
      if (lots.length === 0) break;
      await Promise.all(
        lots.map(async (lot) => {
          await this.screenOne(claimed.id, asked, lot, index);
          if (onProgress) onProgress((await checks.find(claimed.id))!);
        }),
      );
      await checks.renew(claimed.id, new Date(Date.now() + LEASE_MS));
    }
    await checks.finish(claimed.id, 'done', null, new Date().toISOString());
  }

  /** Screens one lot and records what it found; a lot that cannot be screened (its photo unreadable, a registry error) is reported, the others go on. */
  private async screenOne(checkId: string, principal: Principal, lot: Lot, index: CategoryIndex): Promise<void> {
    const { checks } = this.parts;
    try {
      const evidence = await this.screenLot(principal, lot, index);
      await checks.screened(lot.id, lotOutcome(evidence), evidence, new Date().toISOString());
    } catch (error) {
      if (!(error instanceof DomainError)) this.parts.logger?.warn('due-diligence lot not screened', { check: checkId, lot: lot.id, reason: error instanceof Error ? error.message : String(error) });
      await checks.broken(lot.id, error instanceof Error ? error.message : String(error), new Date().toISOString());
    }
  }

  /** Everything one lot's screening finds (the outcome is read from it by lotOutcome). */
  async screenLot(principal: Principal, lot: Pick<Lot, 'fields' | 'photos'>, index: CategoryIndex, today = new Date()): Promise<LotEvidence> {
    const { fields } = lot;
    const facts = factsOf(fields);
    const categories = rankCategories(index, facts).filter((category) => category.score >= CATEGORY_EVIDENCE_SCORE).slice(0, MAX_CATEGORIES);
    const confident = categories[0] && categories[0].score >= CONFIDENT_SCORE ? categories[0] : undefined;
    const { photos, photoErrors } = await this.screenPhotos(principal, lot.photos);
    return {
      text: await this.screenText(principal, fields),
      photos,
      categories: categories.map((category): CategoryEvidence => ({ listSlug: category.listSlug, edition: category.edition, categoryId: category.categoryId, name: category.name, score: Math.round(category.score * 1000) / 1000 })),
      thresholds: importThresholds(facts, confident, today),
      provenance: provenanceGaps(fields, today),
      photoErrors,
    };
  }

  /** Candidates found by number, title and maker among the objects reported stolen or missing the principal sees, each scored by screenLotAgainstObject. */
  private async screenText(principal: Principal, fields: LotFields): Promise<TextEvidence[]> {
    const queries = [...(fields.inventoryNumbers ?? []), fields.title, fields.maker].filter((q): q is string => q !== undefined && q.trim() !== '');
    const ids = new Set<string>();
    for (const q of queries) {
      const result = await this.parts.search.search(principal, { q, status: ALERTS, limit: CANDIDATES_PER_QUERY, offset: 0 }, 'en');
      for (const item of result.items) ids.add(item.id);
    }
    const evidence: TextEvidence[] = [];
    for (const id of ids) {
      const object = await this.parts.objects.get(principal, id);
      const found = screenLotAgainstObject(fields, object);
      if (found) evidence.push(found);
    }
    return evidence.sort((a, b) => Number(a.verdict !== 'match') - Number(b.verdict !== 'match') || b.score - a.score);
  }

  /** Each photo identified against the registry; candidates reported stolen or missing kept, each object once with its best. */
  private async screenPhotos(principal: Principal, photos: readonly LotPhoto[]): Promise<Pick<LotEvidence, 'photos' | 'photoErrors'>> {
    const best = new Map<string, PhotoEvidence>();
    const photoErrors: LotEvidence['photoErrors'] = [];
    for (const photo of photos) {
      const bytes = await this.parts.files.get(photo.key);
      if (!bytes) {
        photoErrors.push({ photo: photo.name, error: 'the stored photo is missing' });
        continue;
      }
      let identified;
      try {
        identified = await this.parts.identify.identify(principal, bytes, photo.name);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        photoErrors.push({ photo: photo.name, error: error.message });
        continue;
      }
      for (const candidate of identified.candidates) {
        if (!ALERT_STATUSES.includes(candidate.object.status)) continue;
        const hit: PhotoEvidence = {
          objectId: candidate.object.id,
          title: candidate.object.title,
          status: candidate.object.status,
          verdict: candidate.verdict === 'match' ? 'match' : 'possible',
          score: candidate.score,
          inliers: candidate.inliers,
          identificationId: identified.id,
          photo: photo.name,
        };
        const known = best.get(hit.objectId);
        if (!known || Number(hit.verdict === 'match') - Number(known.verdict === 'match') > 0 || (hit.verdict === known.verdict && hit.score > known.score)) best.set(hit.objectId, hit);
      }
    }
    return { photos: [...best.values()].sort((a, b) => Number(a.verdict !== 'match') - Number(b.verdict !== 'match') || b.score - a.score), photoErrors };
  }

  private async readable(principal: Principal | null, id: string): Promise<DueDiligenceCheck> {
    const check = await this.parts.checks.find(id);
    if (!check || !principal || (principal.role !== 'admin' && principal.organisationId !== check.organisation.id)) throw notFound(`No due-diligence check with the id "${id}".`);
    return check;
  }
}

function requester(principal: Principal | null): Principal {
  if (!principal) throw new DomainError('unauthorized', 'Sign in (or send an API token) to check a lot or a catalogue.');
  return principal;
}

function photoProblem(photos: ReadonlyArray<{ name: string }>): string | undefined {
  if (photos.length > MAX_PHOTOS_PER_LOT) return `at most ${MAX_PHOTOS_PER_LOT} photos a lot (${photos.length} given)`;
  const wrong = photos.find((photo) => !PHOTO_EXTENSIONS.has(extname(photo.name).toLowerCase()));
  return wrong ? `${wrong.name} is not a photo (JPEG, PNG, WebP, TIFF or AVIF)` : undefined;
}

/** The lot's fields as the customs engine reads declared facts (Red List ranking, import thresholds). */
function factsOf(fields: LotFields): DeclaredFacts {
  const description = [fields.title, fields.description].filter(Boolean).join('. ');
  return {
    ...(fields.objectType ? { objectType: fields.objectType } : {}),
    ...(fields.material ? { material: fields.material } : {}),
    ...(fields.period ? { period: fields.period } : {}),
    ...(fields.originCountry ? { originCountry: fields.originCountry } : {}),
    ...(fields.valueEur !== undefined ? { declaredValueEur: fields.valueEur } : {}),
    ...(description ? { description } : {}),
  };
}
