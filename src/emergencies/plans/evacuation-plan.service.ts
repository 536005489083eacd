import type { Writable } from 'node:stream';
import type { OrganisationRepository } from '../../accounts/organisation.repository.js';
import type { AuditTrail } from '../../audit/audit.service.js';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import { DomainError, invalid, notFound, type FieldIssue } from '../../errors.js';
import type { Lang } from '../../i18n/languages.js';
import type { ObjectRepository } from '../../registry/object.repository.js';
import { canEdit } from '../../registry/visibility.js';
import type { Principal } from '../../roles.js';
import { readPlanCsv } from './evacuation-csv.js';
import { writeEvacuationList } from './evacuation-list.pdf.js';
import { locationCode, locationKey, type ArrivalCondition, type Location, type Movement, type MovementInput, type PackingNeed, type Plan, type PlanInput, type Priority } from './evacuation-plan.js';
import type { EvacuationPlanRepository, MovementRow, NewPlanRow, PlanFilter, PlanRow } from './evacuation-plan.repository.js';
import { listThumbnail } from './evacuation-thumbnail.js';

export interface EvacuationRepositories {
  plans: EvacuationPlanRepository;
  objects: ObjectRepository;
}

/** Reads a photo's registry thumbnail with the reader's rights. */
export type PhotoThumbnails = (principal: Principal, photoId: string) => Promise<Buffer>;

export interface Museum {
  id: number;
  slug: string;
  name: string;
}

export interface ObjectPlanView {
  objectId: string;
  inventoryNumber: string | null;
  title: string;
  plan: Plan | null;
  movements: Movement[];
}

export interface PlanListView {
  organisation: { slug: string; name: string };
  total: number;
  page: number;
  pageSize: number;
  counts: Record<Priority | 'none', number>;
  items: Array<Omit<ObjectPlanView, 'movements'>>;
}

export const PLAN_PAGE_SIZE = 50;
/**
 * Rows read per query while the list is drawn: ~150 KB of thumbnails a chunk, 500 queries for 50,000
 * objects. Small, so that a chunk is drawn and gone before the garbage collector promotes it: measured
 * on 50,000 objects, 500 rows a chunk peaked ~50 MB higher.
 */
const LIST_CHUNK = 100;
/** Thumbnails made at once: sharp works on libuv's 4 threads. */
const THUMBNAIL_BATCH = 4;
/** A move dated a little ahead is a phone's clock, not the future. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
/** Movements shown with an object's plan. */
const RECENT_MOVEMENTS = 50;

/**
 * Museum emergency plans: who may read and write them (the owning museum's registrars and admins;
 * a plan is never public), plans set one by one or from a CSV file, movements (each entering the
 * object's history, and moving its plan's location), and the printed evacuation list.
 */
export class EvacuationPlanService {
  constructor(
    private readonly transact: UnitOfWork<EvacuationRepositories>,
    private readonly plans: EvacuationPlanRepository,
    private readonly objects: ObjectRepository,
    private readonly organisations: OrganisationRepository,
    private readonly thumbnails: PhotoThumbnails,
    private readonly audit: Pick<AuditTrail, 'record'>,
  ) {}

  /** The museum whose plans `principal` works on: its own, or for admins the one named. */
  async museum(principal: Principal | null, slug?: string): Promise<Museum> {
    const actor = writer(principal);
    if (slug && slug !== actor.organisationSlug && actor.role !== 'admin') throw new DomainError('forbidden', 'Registrars work on their own museum’s plans only.');
    const row = await this.organisations.findBySlug(slug || actor.organisationSlug);
    if (!row) throw notFound(`No organisation ${slug}.`);
    return { id: row.id, slug: row.slug, name: row.name };
  }

  async get(principal: Principal | null, objectId: string): Promise<ObjectPlanView> {
    const object = await this.editable(principal, objectId);
    const plan = await this.plans.findPlan(object.seq);
    const { rows } = await this.plans.movements({ organisationId: object.organisation_id, objectSeq: object.seq }, RECENT_MOVEMENTS, 0);
    return { objectId: object.id, inventoryNumber: object.inventory_number, title: object.title, plan: plan ? planView(plan) : null, movements: rows.map(movementView) };
  }

  async set(principal: Principal | null, objectId: string, input: PlanInput): Promise<Plan> {
    const actor = writer(principal);
    const object = await this.editable(actor, objectId);
    const row = planRow(object.seq, object.organisation_id, input, actor.userId);
    await this.transact(async ({ plans, objects }) => {
      const before = await plans.findPlan(object.seq);
      await plans.savePlans([row]);
      await objects.addHistory({ objectSeq: object.seq, userId: actor.userId, actor: actor.displayName, action: 'evacuation-plan-set', reason: planSummary(row), changes: planChanges(before, row) });
    });
    return planView(row);
  }

  async remove(principal: Principal | null, objectId: string): Promise<void> {
    const actor = writer(principal);
    const object = await this.editable(actor, objectId);
    await this.transact(async ({ plans, objects }) => {
      if (!(await plans.deletePlan(object.seq))) throw notFound('This object has no evacuation plan.');
      await objects.addHistory({ objectSeq: object.seq, userId: actor.userId, actor: actor.displayName, action: 'evacuation-plan-removed' });
    });
  }

  /**
   * Plans from a CSV file, for the museum's objects named by inventory number: all of them, or
   * none while a line is wrong (each named by line and column). An unknown packing need is left out
   * with a warning.
   */
  async importCsv(principal: Principal | null, text: string, organisationSlug?: string): Promise<{ updated: number; warnings: FieldIssue[] }> {
    const actor = writer(principal);
    const museum = await this.museum(actor, organisationSlug);
    const read = readPlanCsv(text);
    const errors = [...read.errors];
    const found = await this.plans.objectsByInventoryNumber(museum.id, read.plans.map((p) => p.inventoryNumber));
    const seen = new Map<string, number>();
    const rows: NewPlanRow[] = [];
    for (const { line, inventoryNumber, plan } of read.plans) {
      const objects = found.get(inventoryNumber) ?? [];
      const earlier = seen.get(inventoryNumber);
      if (objects.length === 0) errors.push({ field: `line ${line}: inventory_number`, message: `no object of ${museum.name} has the inventory number "${inventoryNumber}"` });
      else if (objects.length > 1) errors.push({ field: `line ${line}: inventory_number`, message: `${objects.length} objects share the inventory number "${inventoryNumber}": set their plans on their pages` });
      else if (earlier !== undefined) errors.push({ field: `line ${line}: inventory_number`, message: `"${inventoryNumber}" is already on line ${earlier}` });
      else rows.push(planRow(objects[0]!.seq, museum.id, plan, actor.userId));
      seen.set(inventoryNumber, line);
    }
    if (errors.length > 0) throw invalid(`The file has ${errors.length} problem(s); nothing was imported.`, errors);
    await this.transact(async ({ plans, objects }) => {
      await plans.savePlans(rows);
      await objects.addHistoryMany(rows.map((row) => ({ objectSeq: row.object_seq, userId: actor.userId, actor: actor.displayName, action: 'evacuation-plan-set', reason: planSummary(row) })));
    });
    return { updated: rows.length, warnings: read.warnings };
  }

  async list(principal: Principal | null, query: { organisation?: string | undefined; priority?: Priority | 'none' | undefined; building?: string | undefined; q?: string | undefined; page: number }): Promise<PlanListView> {
    const museum = await this.museum(principal, query.organisation);
    const filter: PlanFilter = { organisationId: museum.id, priority: query.priority, building: query.building, q: query.q };
    const [{ total, rows }, counts] = await Promise.all([this.plans.listObjects(filter, PLAN_PAGE_SIZE, (query.page - 1) * PLAN_PAGE_SIZE), this.plans.countsByPriority(museum.id)]);
    return {
      organisation: { slug: museum.slug, name: museum.name },
      total,
      page: query.page,
      pageSize: PLAN_PAGE_SIZE,
      counts,
      items: rows.map((row) => ({ objectId: row.id, inventoryNumber: row.inventory_number, title: row.title, plan: row.plan ? planView(row.plan) : null })),
    };
  }

  /** Records that an object was moved to `input.to`: its movement, its history, its plan's new location. */
  async move(principal: Principal | null, objectId: string, input: MovementInput): Promise<Movement> {
    const actor = writer(principal);
    const object = await this.editable(actor, objectId);
    const [movement] = await this.record(actor, object.organisation_id, [object.seq], input);
    return movement!;
  }

  /** Records that objects (by inventory number) were moved together: all of them, or none while one is not found. */
  async moveBatch(principal: Principal | null, inventoryNumbers: readonly string[], input: MovementInput, organisationSlug?: string): Promise<Movement[]> {
    const actor = writer(principal);
    const museum = await this.museum(actor, organisationSlug);
    const found = await this.plans.objectsByInventoryNumber(museum.id, inventoryNumbers);
    const issues: FieldIssue[] = [];
    const seqs: number[] = [];
    inventoryNumbers.forEach((number, index) => {
      const objects = found.get(number) ?? [];
      if (objects.length === 0) issues.push({ field: `inventoryNumbers.${index}`, message: `no object of ${museum.name} has the inventory number "${number}"` });
      else if (objects.length > 1) issues.push({ field: `inventoryNumbers.${index}`, message: `${objects.length} objects share the inventory number "${number}": move them from their pages` });
      else seqs.push(objects[0]!.seq);
    });
    if (issues.length > 0) throw invalid('Some inventory numbers name no single object of the museum; nothing was recorded.', issues);
    return this.record(actor, museum.id, [...new Set(seqs)], input);
  }

  async movements(principal: Principal | null, query: { organisation?: string | undefined; since?: string | undefined; page: number }): Promise<{ museum: Museum; total: number; page: number; pageSize: number; items: Movement[] }> {
    const museum = await this.museum(principal, query.organisation);
    const { total, rows } = await this.plans.movements({ organisationId: museum.id, since: query.since }, PLAN_PAGE_SIZE, (query.page - 1) * PLAN_PAGE_SIZE);
    return { museum, total, page: query.page, pageSize: PLAN_PAGE_SIZE, items: rows.map(movementView) };
  }

  /** Objects of these museums moved since `since` and arrived: the emergency dashboard's "objects evacuated". */
  countEvacuated(organisationIds: readonly number[], since: string): Promise<number> {
    return this.plans.countEvacuated(organisationIds, since);
  }

  /**
   * Writes the museum's evacuation list as a PDF to `destination`, in `lang`, dated `date`. Thumbnails
   * not made yet are made first (once: they are kept), then rows are read in chunks and drawn as
   * they come.
   */
  async writeList(principal: Principal | null, destination: Writable, options: { lang: Lang; date: string; organisation?: string | undefined }): Promise<void> {
    const actor = writer(principal);
    const museum = await this.museum(actor, options.organisation);
    await this.prepareThumbnails(actor, museum.id);
    const counts = await this.plans.countsByPriority(museum.id);
    await writeEvacuationList({ museum: museum.name, date: options.date, counts }, this.plans.listInOrder(museum.id, LIST_CHUNK), options.lang, destination);
  }

  /** Makes the list thumbnails the museum's planned objects lack; a photo that cannot be read gets an empty one (no image, never retried). */
  async prepareThumbnails(principal: Principal, organisationId: number): Promise<number> {
    let made = 0;
    for (;;) {
      const ids = await this.plans.photosWithoutThumbnail(organisationId, THUMBNAIL_BATCH * 16);
      if (ids.length === 0) return made;
      for (let start = 0; start < ids.length; start += THUMBNAIL_BATCH) {
        const batch = ids.slice(start, start + THUMBNAIL_BATCH);
        const rows = await Promise.all(batch.map(async (id) => ({ photo_id: id, jpeg: await this.thumbnails(principal, id).then(listThumbnail, () => Buffer.alloc(0)) })));
        await this.plans.saveThumbnails(rows);
        made += rows.length;
      }
    }
  }

  private async record(actor: Principal, organisationId: number, seqs: readonly number[], input: MovementInput): Promise<Movement[]> {
    const movedAt = input.movedAt ? new Date(input.movedAt).toISOString() : new Date().toISOString();
    if (Date.parse(movedAt) > Date.now() + CLOCK_SKEW_MS) throw invalid('A movement cannot be dated in the future.', [{ field: 'movedAt', message: 'in the future' }]);
    const to = locationCode(input.to);
    const now = new Date().toISOString();
    const ids = await this.transact(async ({ plans, objects }) => {
      const before = await plans.plansOf(seqs);
      const note = input.note?.trim() || null;
      const added = await plans.addMovements(
        seqs.map((seq) => ({ object_seq: seq, organisation_id: organisationId, from_location: before.get(seq)?.location_code ?? null, to_location: to, moved_at: movedAt, user_id: actor.userId, mover: actor.displayName, arrival_condition: input.condition, note })),
      );
      // The plan follows the object; an object without a plan keeps none (its movement says where it went).
      await plans.relocate([...before.keys()], { ...input.to, location_code: to, location_key: locationKey(input.to), updated_at: now, updated_by: actor.userId });
      await objects.addHistoryMany(
        seqs.map((seq) => ({
          objectSeq: seq,
          userId: actor.userId,
          actor: actor.displayName,
          action: 'evacuation-moved',
          reason: [`${before.get(seq)?.location_code ?? '?'} → ${to}`, note].filter(Boolean).join(' — '),
          changes: { location: [before.get(seq)?.location_code ?? null, to], condition: input.condition, movedAt },
        })),
      );
      return added;
    });
    const movements = (await this.plans.movementsByIds(ids)).map(movementView);
    // One entry a move, however many objects went together; a single object is its target.
    const [only] = movements.length === 1 ? movements : [];
    await this.audit.record(actor, {
      action: 'evacuation.move',
      ...(only ? { targetType: 'object', targetId: only.objectId } : {}),
      details: { objects: movements.map((movement) => movement.objectId), to, condition: input.condition, movedAt },
    });
    return movements;
  }

  /** The object, if `principal` may change it: 404 if not seen, 403 if seen but not theirs. */
  private async editable(principal: Principal | null, objectId: string) {
    const actor = writer(principal);
    const object = await this.objects.findVisible(objectId, actor);
    if (!object) throw notFound('No such object.');
    if (!canEdit(actor, object.organisation_id)) throw new DomainError('forbidden', 'Only the museum’s registrars and admins see and change its evacuation plans.');
    return object;
  }
}

/** Plans are the owning museum's registrars' and admins' (never public); other roles are refused before anything is looked up. */
function writer(principal: Principal | null): Principal {
  if (!principal) throw new DomainError('unauthorized', 'Sign in to see evacuation plans.');
  if (principal.role !== 'registrar' && principal.role !== 'admin') throw new DomainError('forbidden', 'Evacuation plans are kept by museum registrars and admins.');
  return principal;
}

function planRow(objectSeq: number, organisationId: number, input: PlanInput, userId: number): NewPlanRow {
  return {
    object_seq: objectSeq,
    organisation_id: organisationId,
    priority: input.priority,
    ...input.location,
    location_code: locationCode(input.location),
    location_key: locationKey(input.location),
    handling: input.handling,
    packing: JSON.stringify(input.packing),
    packing_note: input.packingNote,
    updated_at: new Date().toISOString(),
    updated_by: userId,
  };
}

function planView(row: PlanRow): Plan {
  const location: Location = { building: row.building, floor: row.floor, room: row.room, unit: row.unit, shelf: row.shelf };
  return { priority: row.priority as Priority, location, locationCode: row.location_code, handling: row.handling, packing: JSON.parse(row.packing) as PackingNeed[], packingNote: row.packing_note, updatedAt: row.updated_at };
}

/** "P1 · B1-2-204-C-3": what the history says of a plan. */
function planSummary(row: NewPlanRow): string {
  return `P${row.priority} · ${row.location_code}`;
}

function planChanges(before: PlanRow | undefined, after: NewPlanRow): Record<string, unknown> {
  return { priority: [before?.priority ?? null, after.priority], location: [before?.location_code ?? null, after.location_code] };
}

function movementView(row: MovementRow): Movement {
  return {
    id: row.id,
    objectId: row.object_id,
    inventoryNumber: row.inventory_number,
    title: row.title,
    from: row.from_location,
    to: row.to_location,
    movedAt: row.moved_at,
    mover: row.mover,
    condition: row.arrival_condition as ArrivalCondition,
    note: row.note,
  };
}
