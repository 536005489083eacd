import { setImmediate } from 'node:timers/promises';
import type { OrganisationRepository } from '../accounts/organisation.repository.js';
import type { Principal } from '../roles.js';
import type { ObjectRow } from '../db/schema.js';
import type { UnitOfWork } from '../db/unit-of-work.js';
import { conflict, DomainError, invalid, notFound } from '../errors.js';
import { derivedColumns } from './derived-columns.js';
import { newPublicId } from './ids.js';
import { withInventoryNumberRead } from './inventory-number.js';
import type { ObjectDescription } from './object-record.js';
import type { HistoryEntry, NewObject, ObjectPageOptions, ObjectRepository, ObjectWithOrganisation, PreparedObjectRows } from './object.repository.js';
import type { CreateObjectInput, IncidentInput, SensitiveFields, UpdateObjectInput } from './object.schemas.js';
import { historyView, objectView, type HistoryView, type ObjectView } from './object-view.js';
import { ALERT_STATUSES, canMove, statusAfterIncident, type ObjectStatus } from './status.js';
import { canEdit, seesSensitive } from './visibility.js';
import type { AuditTrail } from '../audit/audit.service.js';
import { NO_WATCH, type EmergencyWatch, type WatchedEmergency } from './emergency-watch.js';

/** Raised when an edit was based on an older version than the stored one. */
export class VersionConflict extends DomainError {
  constructor(readonly currentVersion: number) {
    super('precondition-failed', `The object was changed by someone else (now version ${currentVersion}); reload it and apply your edit again.`);
  }
}

export type Actor = Principal;

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';
export interface UpsertResult {
  outcome: UpsertOutcome;
  seq: number;
  /** The object's public id. */
  id: string;
}

/** An item `upsertMany` left out, and why (e.g. its inventory number belongs to another source record). */
export interface UpsertRejection {
  outcome: 'rejected';
  reason: string;
}

/** One item of `upsertMany`; `sourceId` is the id of the record it comes from, when the source has one. */
export interface UpsertItem {
  description: ObjectDescription;
  sensitive?: SensitiveFields;
  sourceId?: string;
}

/** An item of `upsertMany` made ready by `prepareUpsert`: its inventory number read, its rows made. */
export interface PreparedUpsertItem extends UpsertItem {
  readonly rows: PreparedObjectRows;
}

/** Items prepared per turn of the event loop (~3 ms on PostgreSQL): the batch being written meanwhile waits no longer than that to send its next statement. */
const PREPARED_PER_TURN = 50;

/**
 * The registry's rules: who may create, see and change which object, the status lifecycle, and the
 * append-only history. Every change happens in one transaction with its history entry and index update.
 */
export class ObjectService {
  constructor(
    private readonly transact: UnitOfWork<{ objects: ObjectRepository }>,
    private readonly objects: ObjectRepository,
    private readonly organisations: OrganisationRepository,
    private readonly audit: AuditTrail,
    /** What time it is: the real time, or the demo's (src/observatory/demo/), which records fictional events of past years as they happened. */
    private readonly clock: () => Date = () => new Date(),
    /** The heightened watch: whether a museum is inside an active emergency (wired in app/context.ts). */
    private readonly watch: EmergencyWatch = NO_WATCH,
  ) {}

  /**
   * Creates an object; its inventory number may be missing (a placeholder such as "s.n." counts as
   * missing, kept as written), but not one another object of the organisation has: imports may
   * bring shared numbers from real registers, a person typing one in is warned before it happens.
   */
  async create(actor: Actor, input: CreateObjectInput): Promise<ObjectView> {
    const organisationId = await this.owningOrganisation(actor, input.organisation);
    const id = newPublicId();
    const description = withInventoryNumberRead(input.description);
    await this.transact(async ({ objects }) => {
      await refuseTakenNumber(objects, organisationId, description.inventoryNumber, undefined);
      const seq = await objects.insert({ id, organisationId, description, sensitive: input.sensitive, userId: actor.userId, at: new Date().toISOString() });
      await objects.addHistory({ objectSeq: seq, userId: actor.userId, actor: actor.displayName, action: 'created' });
    });
    return this.get(actor, id);
  }

  /**
   * Creates or updates a batch of an organisation's objects in one transaction (imports call it
   * batch by batch: a killed import keeps whole batches only, and a re-run updates instead of
   * duplicating). An item with a `sourceId` is the object imported from that record, whatever its
   * inventory number is now (an object with its inventory number and no source id yet is adopted),
   * and may share its number with other objects; an item without one is keyed by inventory number,
   * or without number by its title (see `findStored`). Unchanged records are left alone. New objects
   * are written a few statements per batch, not per object. `keep` names description fields the
   * source does not carry: an update leaves their stored values as they are. When a key comes twice
   * in one batch, the last one wins. An item whose key several objects match, or whose object
   * another item of the batch already updates, is rejected with its reason instead of failing the
   * batch. `results` gives each item's outcome and object, in the order given.
   */
  async upsertMany(
    actor: Actor,
    organisationId: number,
    given: ReadonlyArray<UpsertItem | PreparedUpsertItem>,
    source: string,
    options: { keep?: ReadonlyArray<keyof ObjectDescription> } = {},
  ): Promise<{ created: number; updated: number; unchanged: number; rejected: number; seqs: number[]; results: Array<UpsertResult | UpsertRejection> }> {
    const counts = { created: 0, updated: 0, unchanged: 0, rejected: 0, seqs: [] as number[], results: [] as Array<UpsertResult | UpsertRejection> };
    const keep = options.keep ?? [];
    const items = given.map((item) => ('rows' in item ? item : { ...item, description: withInventoryNumberRead(item.description) }));
    const keys = items.map(upsertKey);
    // The last item of each key.
    const last = new Map<string, number>();
    keys.forEach((key, index) => last.set(key.text, index));
    await this.transact(async ({ objects }) => {
      const now = new Date().toISOString();
      const latest = [...last.values()].map((index) => keys[index]!);
      const valuesOf = (kind: UpsertKey['kind']) => latest.flatMap((key) => (key.kind === kind ? [key.value] : []));
      const numbers = [...last.values()].flatMap((index) => items[index]!.description.inventoryNumber ?? []);
      const known: StoredObjects = {
        bySource: valuesOf('source').length > 0 ? await objects.findBySourceIds(organisationId, valuesOf('source')) : new Map(),
        byNumber: numbers.length > 0 ? await objects.findByInventoryNumbers(organisationId, numbers) : new Map(),
        byTitle: valuesOf('title').length > 0 ? await objects.findUnnumberedByTitles(organisationId, valuesOf('title')) : new Map(),
      };
      const fresh: Array<{ index: number; object: NewObject }> = [];
      const outcomes: Array<UpsertResult | UpsertRejection | undefined> = [];
      const history: HistoryEntry[] = [];
      // Stored objects the batch's items already update.
      const objectsTaken = new Set<number>();
      for (const [index, item] of items.entries()) {
        if (last.get(keys[index]!.text) !== index) continue;
        const { description: given, sensitive, sourceId } = item;
        const found = findStored(keys[index]!, given.inventoryNumber, known, objectsTaken);
        if ('reason' in found || (found.stored !== undefined && objectsTaken.has(found.stored.seq))) {
          counts.rejected += 1;
          outcomes[index] = { outcome: 'rejected', reason: 'reason' in found ? found.reason : 'the object it updates is claimed by another record of this import' };
          continue;
        }
        const stored = found.stored;
        if (!stored) {
          const prepared = 'rows' in item ? item.rows : undefined;
          fresh.push({ index, object: { id: newPublicId(), organisationId, sourceId: sourceId ?? null, description: given, sensitive: sensitive ?? {}, userId: actor.userId, at: now, prepared } });
          continue;
        }
        objectsTaken.add(stored.seq);
        const before = JSON.parse(stored.description) as ObjectDescription;
        const description = keep.length === 0 ? given : { ...given, ...Object.fromEntries(keep.map((field) => [field, before[field]])) };
        const changes = diff(before, description);
        const sensitiveChanged = sensitive !== undefined && JSON.stringify(sensitive) !== stored.sensitive;
        const adopted = sourceId !== undefined && stored.source_id !== sourceId;
        if (Object.keys(changes).length === 0 && !sensitiveChanged && !adopted) {
          counts.unchanged += 1;
          outcomes[index] = { outcome: 'unchanged', seq: stored.seq, id: stored.id };
          continue;
        }
        const applied = await objects.update(stored.seq, stored.version, {
          description,
          ...(sensitiveChanged ? { sensitive } : {}),
          ...(adopted ? { sourceId } : {}),
          userId: actor.userId,
          at: now,
        });
        if (!applied) throw new VersionConflict(stored.version + 1);
        if (sensitiveChanged) changes.sensitive = '(changed)';
        if (adopted) changes.sourceId = [stored.source_id, sourceId];
        history.push({ objectSeq: stored.seq, userId: actor.userId, actor: actor.displayName, action: 'updated', reason: source, changes });
        counts.updated += 1;
        counts.seqs.push(stored.seq);
        outcomes[index] = { outcome: 'updated', seq: stored.seq, id: stored.id };
      }
      const seqs = await objects.insertMany(fresh.map(({ object }) => object));
      fresh.forEach(({ index, object: { id } }, i) => {
        const seq = seqs[i]!;
        history.push({ objectSeq: seq, userId: actor.userId, actor: actor.displayName, action: 'created', reason: source });
        counts.created += 1;
        counts.seqs.push(seq);
        outcomes[index] = { outcome: 'created', seq, id };
      });
      await objects.addHistoryMany(history);
      // Earlier items of a repeated key share the outcome of the last one.
      counts.results = keys.map((key) => outcomes[last.get(key.text)!]!);
    });
    return counts;
  }

  /**
   * Does ahead what `upsertMany` would do to these items without the database (read inventory
   * numbers, derive columns, make index entries), a few items per turn of the event loop: an
   * import prepares the next batch while the current one is written (see util/write-ahead.ts).
   */
  async prepareUpsert(given: ReadonlyArray<UpsertItem>): Promise<PreparedUpsertItem[]> {
    const prepared: PreparedUpsertItem[] = [];
    for (let start = 0; start < given.length; start += PREPARED_PER_TURN) {
      if (start > 0) await setImmediate();
      for (const item of given.slice(start, start + PREPARED_PER_TURN)) {
        const description = withInventoryNumberRead(item.description);
        prepared.push({ ...item, description, rows: this.objects.prepare(description) });
      }
    }
    return prepared;
  }

  /** Runs `work` (an import, batch after batch of `upsertMany`) with the database set up for many writes. */
  duringImport<T>(work: () => Promise<T>): Promise<T> {
    return this.objects.duringBulkWrites(work);
  }

  /** After a large import: merges the search index's pieces, so that every later search is faster. */
  optimizeSearchIndex(): Promise<void> {
    return this.objects.optimizeSearchIndex();
  }

  /** The digests (SHA-256) of the photos each of these objects has: an import attaches only images not there yet. */
  photoDigests(objectSeqs: readonly number[]): Promise<Map<number, Set<string>>> {
    return this.objects.photoDigestsOf(objectSeqs);
  }

  async get(principal: Principal | null, id: string): Promise<ObjectView> {
    const row = await this.requireVisible(principal, id);
    // Those who fix the inventory see which objects share its number.
    const sharers = row.inventory_number !== null && canEdit(principal, row.organisation_id) ? this.objects.othersWithNumber(row.organisation_id, row.inventory_number, row.seq) : [];
    const [photos, incidents, numberSharers] = await Promise.all([this.objects.photos(row.seq), this.objects.incidents(row.seq), sharers]);
    return objectView(row, principal, photos, incidents, numberSharers);
  }

  /** One page of the objects `principal` sees (lists: inventory, alerts), photos and incidents included. */
  async page(principal: Principal | null, options: ObjectPageOptions): Promise<{ items: ObjectView[]; total: number }> {
    const { rows, total } = await this.objects.page(principal, options);
    const seqs = rows.map((row) => row.seq);
    const [photos, incidents] = await Promise.all([this.objects.photosOf(seqs), this.objects.incidentsOf(seqs)]);
    return { items: rows.map((row) => objectView(row, principal, photos.get(row.seq) ?? [], incidents.get(row.seq) ?? [])), total };
  }

  /** An object as its page and the API serve it: a read that shows its sensitive fields enters the audit trail. */
  async read(principal: Principal | null, id: string): Promise<ObjectView> {
    const view = await this.get(principal, id);
    if (view.sensitive) await this.audit.sensitiveRead(principal, view.id, view.organisation.slug, 'object.read');
    return view;
  }

  /** An object exported by the API (LIDO, Linked Art): recorded for signed-in callers (the public's exports are of the public alert list). */
  async readForExport(principal: Principal | null, id: string, format: 'lido' | 'linked-art'): Promise<ObjectView> {
    const view = await this.get(principal, id);
    if (principal) await this.audit.record(principal, { action: 'export', targetType: 'object', targetId: view.id, details: { format, owner: view.organisation.slug } });
    return view;
  }

  /** Applies a partial edit if `expectedVersion` is still current; a concurrent edit is refused, never lost. */
  async update(actor: Actor, id: string, input: UpdateObjectInput, expectedVersion: number): Promise<ObjectView> {
    const row = await this.requireEditable(actor, id);
    if (row.version !== expectedVersion) throw new VersionConflict(row.version);
    const before = JSON.parse(row.description) as ObjectDescription;
    const edited = stripUndefined(input.description ?? {});
    // A number given replaces the placeholder kept in its stead.
    const given: Partial<ObjectDescription> = edited.inventoryNumber === undefined ? edited : { inventoryNumberPlaceholder: undefined, ...edited };
    const after = withInventoryNumberRead(stripUndefined({ ...before, ...given }) as ObjectDescription);
    const sensitiveBefore = JSON.parse(row.sensitive) as SensitiveFields;
    const sensitiveAfter = input.sensitive ?? sensitiveBefore;
    const changes = diff(before, after);
    if (input.sensitive && JSON.stringify(sensitiveBefore) !== JSON.stringify(sensitiveAfter)) changes.sensitive = '(changed)';
    if (Object.keys(changes).length === 0) return this.get(actor, id);
    await this.transact(async ({ objects }) => {
      // A number shared since an import may stay; a new one must be free.
      if (after.inventoryNumber !== before.inventoryNumber) await refuseTakenNumber(objects, row.organisation_id, after.inventoryNumber, row.seq);
      const applied = await objects.update(row.seq, expectedVersion, { description: after, sensitive: sensitiveAfter, userId: actor.userId, at: new Date().toISOString() });
      if (!applied) throw new VersionConflict(expectedVersion + 1);
      await objects.addHistory({ objectSeq: row.seq, userId: actor.userId, actor: actor.displayName, action: 'updated', reason: input.reason, changes });
    });
    return this.get(actor, id);
  }

  async changeStatus(actor: Actor, id: string, status: ObjectStatus, reason: string, expectedVersion?: number): Promise<ObjectView> {
    const row = await this.requireEditable(actor, id);
    if (expectedVersion !== undefined && row.version !== expectedVersion) throw new VersionConflict(row.version);
    const from = row.status as ObjectStatus;
    if (status === 'stolen' || status === 'missing') {
      if (from === 'in-collection') throw invalid(`To mark an object ${status}, report an incident (POST …/incidents).`, [{ field: 'status', message: 'report an incident instead' }]);
    }
    if (!canMove(from, status)) throw invalid(`An object cannot go from "${from}" to "${status}".`, [{ field: 'status', message: `not allowed from ${from}` }]);
    await this.transact(async ({ objects }) => {
      const published = ALERT_STATUSES.includes(status) && (await objects.hasPublishedIncident(row.seq));
      const at = this.clock().toISOString();
      const applied = await objects.update(row.seq, row.version, { status, published, userId: actor.userId, at });
      if (!applied) throw new VersionConflict(row.version + 1);
      await objects.addHistory({ objectSeq: row.seq, userId: actor.userId, actor: actor.displayName, action: 'status-changed', reason, changes: { status: [from, status] }, at });
    });
    return this.get(actor, id);
  }

  /** Records a theft or loss (Spectrum); the object becomes stolen or missing, and with consent joins the public alert list. */
  async reportIncident(actor: Actor, id: string, input: IncidentInput): Promise<ObjectView> {
    const row = await this.requireEditable(actor, id);
    const from = row.status as ObjectStatus;
    const status = statusAfterIncident(input.method);
    const nextStatus = from === status || canMove(from, status) ? status : from;
    const now = this.clock().toISOString();
    const today = now.slice(0, 10);
    if (input.discoveredOn && input.discoveredOn > today) throw invalid('The discovery date is in the future.', [{ field: 'discoveredOn', message: 'in the future' }]);
    // The heightened watch: a report from a museum inside an active emergency is flagged as such.
    const emergency = await this.watch.emergencyOf(row.organisation_id, today);
    await this.transact(async ({ objects }) => {
      const incidentId = newPublicId();
      await objects.insertIncident({
        id: incidentId,
        object_seq: row.seq,
        reference: input.reference ?? `INC-${today.replaceAll('-', '')}-${incidentId.slice(0, 6).toUpperCase()}`,
        method: input.method,
        discovered_on: input.discoveredOn ?? null,
        reported_on: input.reportedOn ?? today,
        reporter: input.reporter,
        reporter_contact: input.reporterContact ?? null,
        circumstances: input.circumstances ?? null,
        police_report_number: input.policeReportNumber ?? null,
        place: input.place ?? null,
        country: input.country ?? null,
        place_kind: input.placeKind ?? null,
        publish: input.publish,
        created_at: now,
        created_by: actor.userId,
        emergency_id: emergency?.id ?? null,
      });
      const published = ALERT_STATUSES.includes(nextStatus) && (input.publish || (await objects.hasPublishedIncident(row.seq)));
      const applied = await objects.update(row.seq, row.version, { status: nextStatus, reported: true, published, userId: actor.userId, at: now });
      if (!applied) throw new VersionConflict(row.version + 1);
      await objects.addHistory({
        objectSeq: row.seq,
        userId: actor.userId,
        actor: actor.displayName,
        action: 'incident-reported',
        reason: input.circumstances ?? null,
        changes: { status: [from, nextStatus], incident: input.method, published: input.publish, ...(emergency && { emergency: emergency.id }) },
        at: now,
      });
    });
    return this.get(actor, id);
  }

  /** The active emergency the object's museum is inside (the report form explains the watch), for its editors. */
  async emergencyWatching(actor: Actor, id: string): Promise<WatchedEmergency | null> {
    const row = await this.requireEditable(actor, id);
    return this.watch.emergencyOf(row.organisation_id, this.clock().toISOString().slice(0, 10));
  }

  /** The audit trail, for those who see the object's sensitive data (owner, investigators, admins). */
  async history(principal: Principal | null, id: string): Promise<HistoryView[]> {
    const row = await this.requireVisible(principal, id);
    if (!seesSensitive(principal, row.organisation_id)) throw new DomainError('forbidden', 'The history of this object is kept for its owner, investigators and admins.');
    await this.audit.sensitiveRead(principal, id, row.organisation_slug, 'object.history');
    return (await this.objects.history(row.seq)).map(historyView);
  }

  private async requireVisible(principal: Principal | null, id: string): Promise<ObjectWithOrganisation> {
    const row = await this.objects.findVisible(id, principal);
    if (!row) throw notFound(`No object with the id "${id}".`);
    return row;
  }

  /** Outsiders get 404 (as if it did not exist); those who see it but may not change it get 403. */
  private async requireEditable(actor: Actor, id: string): Promise<ObjectWithOrganisation> {
    const row = await this.requireVisible(actor, id);
    if (!canEdit(actor, row.organisation_id)) throw new DomainError('forbidden', 'Only the owning organisation’s registrars and admins may change this object.');
    return row;
  }

  private async owningOrganisation(actor: Actor, slug: string | undefined): Promise<number> {
    if (actor.role === 'admin' && slug) {
      const organisation = await this.organisations.findBySlug(slug);
      if (!organisation) throw invalid(`No organisation with the slug "${slug}".`, [{ field: 'organisation', message: 'unknown organisation' }]);
      return organisation.id;
    }
    if (actor.role !== 'admin' && actor.role !== 'registrar') throw new DomainError('forbidden', 'Only registrars and admins create objects.');
    if (slug && slug !== actor.organisationSlug) throw new DomainError('forbidden', 'Registrars create objects in their own organisation only.');
    return actor.organisationId;
  }
}

/** "conflict" when another object of the organisation (than `seq`) has this inventory number. */
async function refuseTakenNumber(objects: ObjectRepository, organisationId: number, inventoryNumber: string | undefined, seq: number | undefined): Promise<void> {
  if (inventoryNumber === undefined) return;
  const others = await objects.othersWithNumber(organisationId, inventoryNumber, seq ?? 0);
  if (others.length > 0) throw conflict(`The inventory number "${inventoryNumber}" is already used in this organisation.`);
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * What identifies an upsert item among the organisation's objects: its source id when it has one,
 * else its inventory number, else (an object with neither, e.g. a CSV row without a number) its title.
 */
interface UpsertKey {
  kind: 'source' | 'number' | 'title';
  value: string;
  /** The key as one string, to tell repeated items apart. */
  text: string;
}

function upsertKey({ sourceId, description }: UpsertItem): UpsertKey {
  const [kind, value]: [UpsertKey['kind'], string] =
    sourceId !== undefined ? ['source', sourceId] : description.inventoryNumber !== undefined ? ['number', description.inventoryNumber] : ['title', derivedColumns(description).title];
  return { kind, value, text: `${kind}\u0000${value}` };
}

interface StoredObjects {
  bySource: ReadonlyMap<string, ObjectRow>;
  byNumber: ReadonlyMap<string, ObjectRow[]>;
  byTitle: ReadonlyMap<string, ObjectRow[]>;
}

/**
 * The stored object an upsert item updates (none: a new object), or why it cannot tell which: with
 * a source id, the object imported from that record, else the first one with its inventory number
 * and no source id yet (adopted); without, the one object with its inventory number, or without
 * number, with its title. Numbers may be shared (real registers), so a number or title held by
 * several objects does not say which one a record updates.
 */
function findStored(
  key: UpsertKey,
  inventoryNumber: string | undefined,
  stored: StoredObjects,
  taken: ReadonlySet<number>,
): { stored: ObjectRow | undefined } | { reason: string; stored?: undefined } {
  if (key.kind === 'source') {
    const adoptable = inventoryNumber === undefined ? undefined : stored.byNumber.get(inventoryNumber)?.find((row) => row.source_id === null && !taken.has(row.seq));
    return { stored: stored.bySource.get(key.value) ?? adoptable };
  }
  const candidates = (key.kind === 'number' ? stored.byNumber : stored.byTitle).get(key.value) ?? [];
  if (candidates.length > 1) {
    const what = key.kind === 'number' ? `inventory number "${key.value}"` : `title "${key.value}" without inventory number`;
    return { reason: `${candidates.length} objects have the ${what}: it does not say which one this record updates` };
  }
  return { stored: candidates[0] };
}

/** Field-level changes, as `{ field: [before, after] }`. */
function diff(before: ObjectDescription, after: ObjectDescription): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  // Both sides' keys: an inventory number that became missing leaves the description.
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)]) as Set<keyof ObjectDescription>) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = [before[key] ?? null, after[key] ?? null];
  }
  return changes;
}
