import type { OrganisationRepository } from '../accounts/organisation.repository.js';
import type { Principal } from '../accounts/roles.js';
import type { Db } from '../db/database.js';
import type { ObjectRow } from '../db/schema.js';
import { isUniqueViolation } from '../db/errors.js';
import { objectSearchIndex } from '../db/sqlite/object-search-index.js';
import { conflict, DomainError, invalid, notFound } from '../errors.js';
import { derivedColumns, materialKeys, searchDocument } from './derived-columns.js';
import { newPublicId } from './ids.js';
import type { ObjectDescription } from './object-record.js';
import type { HistoryEntry, ObjectRepository, ObjectWithOrganisation } from './object.repository.js';
import type { CreateObjectInput, IncidentInput, SensitiveFields, UpdateObjectInput } from './object.schemas.js';
import { historyView, objectView, type HistoryView, type ObjectView } from './object-view.js';
import { ALERT_STATUSES, canMove, statusAfterIncident, type ObjectStatus } from './status.js';
import { canEdit, seesSensitive } from './visibility.js';

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

/**
 * The registry's rules: who may create, see and change which object, the status lifecycle, and the
 * append-only history. Every change happens in one transaction with its history entry and index update.
 */
export class ObjectService {
  constructor(
    private readonly db: Db,
    private readonly objects: ObjectRepository,
    private readonly organisations: OrganisationRepository,
  ) {}

  async create(actor: Actor, input: CreateObjectInput): Promise<ObjectView> {
    const organisationId = await this.owningOrganisation(actor, input.organisation);
    const id = newPublicId();
    try {
      await this.db.transaction().execute(async (trx) => {
        const now = new Date().toISOString();
        const seq = await this.objects.insert(
          {
            id,
            organisation_id: organisationId,
            status: 'in-collection',
            sensitive: JSON.stringify(input.sensitive),
            created_at: now,
            updated_at: now,
            created_by: actor.userId,
            updated_by: actor.userId,
            ...derivedColumns(input.description),
          },
          materialKeys(input.description),
          trx,
        );
        await objectSearchIndex.put(trx, seq, searchDocument(input.description));
        await this.objects.addHistory({ objectSeq: seq, userId: actor.userId, actor: actor.displayName, action: 'created' }, trx);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`The inventory number "${input.description.inventoryNumber}" is already used in this organisation.`);
      throw error;
    }
    return this.get(actor, id);
  }

  /**
   * Creates or updates a batch of an organisation's objects in one transaction (imports call it
   * batch by batch: a killed import keeps whole batches only, and a re-run updates instead of
   * duplicating). An item with a `sourceId` is the object imported from that record, whatever its
   * inventory number is now (an object with its inventory number and no source id yet is adopted);
   * an item without one is keyed by inventory number. Unchanged records are left alone. New objects
   * are written a few statements per batch, not per object. `keep` names description fields the
   * source does not carry: an update leaves their stored values as they are. When a key comes twice
   * in one batch, the last one wins. An item whose inventory number another object keeps, or that
   * another item of the batch already claims, is rejected with its reason instead of failing the
   * batch. `results` gives each item's outcome and object, in the order given.
   */
  async upsertMany(
    actor: Actor,
    organisationId: number,
    items: ReadonlyArray<UpsertItem>,
    source: string,
    options: { keep?: ReadonlyArray<keyof ObjectDescription> } = {},
  ): Promise<{ created: number; updated: number; unchanged: number; rejected: number; seqs: number[]; results: Array<UpsertResult | UpsertRejection> }> {
    const counts = { created: 0, updated: 0, unchanged: 0, rejected: 0, seqs: [] as number[], results: [] as Array<UpsertResult | UpsertRejection> };
    const keep = options.keep ?? [];
    const keyOf = (item: UpsertItem) => (item.sourceId === undefined ? `n\u0000${item.description.inventoryNumber}` : `s\u0000${item.sourceId}`);
    // The last item of each key.
    const last = new Map<string, number>();
    items.forEach((item, index) => last.set(keyOf(item), index));
    await this.db.transaction().execute(async (trx) => {
      const now = new Date().toISOString();
      const latest = [...last.values()].map((index) => items[index]!);
      const sourceIds = latest.flatMap((item) => (item.sourceId === undefined ? [] : [item.sourceId]));
      const bySource = sourceIds.length > 0 ? await this.objects.findBySourceIds(organisationId, sourceIds, trx) : new Map<string, ObjectRow>();
      const byNumber = await this.objects.findByInventoryNumbers(organisationId, latest.map((item) => item.description.inventoryNumber), trx);
      const fresh: Array<{ index: number; id: string; description: ObjectDescription }> = [];
      const outcomes: Array<UpsertResult | UpsertRejection | undefined> = [];
      const history: HistoryEntry[] = [];
      // What the batch's items already claim: inventory numbers and stored objects.
      const numbersTaken = new Set<string>();
      const objectsTaken = new Set<number>();
      for (const [index, item] of items.entries()) {
        if (last.get(keyOf(item)) !== index) continue;
        const { description: given, sensitive, sourceId } = item;
        const found = findStored(given.inventoryNumber, sourceId, bySource, byNumber);
        const taken = numbersTaken.has(given.inventoryNumber) || (found.stored !== undefined && objectsTaken.has(found.stored.seq));
        if ('reason' in found || taken) {
          counts.rejected += 1;
          outcomes[index] = { outcome: 'rejected', reason: 'reason' in found ? found.reason : `inventory number "${given.inventoryNumber}" is claimed by another record of this import` };
          continue;
        }
        numbersTaken.add(given.inventoryNumber);
        const stored = found.stored;
        if (!stored) {
          fresh.push({ index, id: newPublicId(), description: given });
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
        const applied = await this.objects.update(
          stored.seq,
          stored.version,
          {
            ...derivedColumns(description),
            ...(sensitiveChanged ? { sensitive: JSON.stringify(sensitive) } : {}),
            ...(adopted ? { source_id: sourceId } : {}),
            updated_at: now,
            updated_by: actor.userId,
          },
          materialKeys(description),
          trx,
        );
        if (!applied) throw new VersionConflict(stored.version + 1);
        await objectSearchIndex.put(trx, stored.seq, searchDocument(description));
        if (sensitiveChanged) changes.sensitive = '(changed)';
        if (adopted) changes.sourceId = [stored.source_id, sourceId];
        history.push({ objectSeq: stored.seq, userId: actor.userId, actor: actor.displayName, action: 'updated', reason: source, changes });
        counts.updated += 1;
        counts.seqs.push(stored.seq);
        outcomes[index] = { outcome: 'updated', seq: stored.seq, id: stored.id };
      }
      const seqs = await this.objects.insertMany(
        fresh.map(({ index, id, description }) => ({
          row: {
            id,
            organisation_id: organisationId,
            source_id: items[index]!.sourceId ?? null,
            status: 'in-collection',
            sensitive: JSON.stringify(items[index]!.sensitive ?? {}),
            created_at: now,
            updated_at: now,
            created_by: actor.userId,
            updated_by: actor.userId,
            ...derivedColumns(description),
          },
          materials: materialKeys(description),
        })),
        trx,
      );
      await objectSearchIndex.insertMany(
        trx,
        fresh.map(({ description }, i) => ({ seq: seqs[i]!, doc: searchDocument(description) })),
      );
      fresh.forEach(({ index, id }, i) => {
        const seq = seqs[i]!;
        history.push({ objectSeq: seq, userId: actor.userId, actor: actor.displayName, action: 'created', reason: source });
        counts.created += 1;
        counts.seqs.push(seq);
        outcomes[index] = { outcome: 'created', seq, id };
      });
      await this.objects.addHistoryMany(history, trx);
      // Earlier items of a repeated key share the outcome of the last one.
      counts.results = items.map((item) => outcomes[last.get(keyOf(item))!]!);
    });
    return counts;
  }

  async get(principal: Principal | null, id: string): Promise<ObjectView> {
    const row = await this.requireVisible(principal, id);
    const [photos, incidents] = await Promise.all([this.objects.photos(row.seq), this.objects.incidents(row.seq)]);
    return objectView(row, principal, photos, incidents);
  }

  /** Applies a partial edit if `expectedVersion` is still current; a concurrent edit is refused, never lost. */
  async update(actor: Actor, id: string, input: UpdateObjectInput, expectedVersion: number): Promise<ObjectView> {
    const row = await this.requireEditable(actor, id);
    if (row.version !== expectedVersion) throw new VersionConflict(row.version);
    const before = JSON.parse(row.description) as ObjectDescription;
    const after: ObjectDescription = { ...before, ...stripUndefined(input.description ?? {}) };
    const sensitiveBefore = JSON.parse(row.sensitive) as SensitiveFields;
    const sensitiveAfter = input.sensitive ?? sensitiveBefore;
    const changes = diff(before, after);
    if (input.sensitive && JSON.stringify(sensitiveBefore) !== JSON.stringify(sensitiveAfter)) changes.sensitive = '(changed)';
    if (Object.keys(changes).length === 0) return this.get(actor, id);
    try {
      await this.db.transaction().execute(async (trx) => {
        const applied = await this.objects.update(
          row.seq,
          expectedVersion,
          { ...derivedColumns(after), sensitive: JSON.stringify(sensitiveAfter), updated_at: new Date().toISOString(), updated_by: actor.userId },
          materialKeys(after),
          trx,
        );
        if (!applied) throw new VersionConflict(expectedVersion + 1);
        await objectSearchIndex.put(trx, row.seq, searchDocument(after));
        await this.objects.addHistory({ objectSeq: row.seq, userId: actor.userId, actor: actor.displayName, action: 'updated', reason: input.reason, changes }, trx);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`The inventory number "${after.inventoryNumber}" is already used in this organisation.`);
      throw error;
    }
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
    await this.db.transaction().execute(async (trx) => {
      const published = ALERT_STATUSES.includes(status) && (await this.objects.hasPublishedIncident(row.seq, trx));
      const applied = await this.objects.update(
        row.seq,
        row.version,
        { status, published: published ? 1 : 0, updated_at: new Date().toISOString(), updated_by: actor.userId },
        null,
        trx,
      );
      if (!applied) throw new VersionConflict(row.version + 1);
      await this.objects.addHistory(
        { objectSeq: row.seq, userId: actor.userId, actor: actor.displayName, action: 'status-changed', reason, changes: { status: [from, status] } },
        trx,
      );
    });
    return this.get(actor, id);
  }

  /** Records a theft or loss (Spectrum); the object becomes stolen or missing, and with consent joins the public alert list. */
  async reportIncident(actor: Actor, id: string, input: IncidentInput): Promise<ObjectView> {
    const row = await this.requireEditable(actor, id);
    const from = row.status as ObjectStatus;
    const status = statusAfterIncident(input.method);
    const nextStatus = from === status || canMove(from, status) ? status : from;
    const today = new Date().toISOString().slice(0, 10);
    if (input.discoveredOn && input.discoveredOn > today) throw invalid('The discovery date is in the future.', [{ field: 'discoveredOn', message: 'in the future' }]);
    await this.db.transaction().execute(async (trx) => {
      const incidentId = newPublicId();
      await this.objects.insertIncident(
        {
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
          publish: input.publish ? 1 : 0,
          created_at: new Date().toISOString(),
          created_by: actor.userId,
        },
        trx,
      );
      const published = ALERT_STATUSES.includes(nextStatus) && (input.publish || (await this.objects.hasPublishedIncident(row.seq, trx)));
      const applied = await this.objects.update(
        row.seq,
        row.version,
        { status: nextStatus, reported: 1, published: published ? 1 : 0, updated_at: new Date().toISOString(), updated_by: actor.userId },
        null,
        trx,
      );
      if (!applied) throw new VersionConflict(row.version + 1);
      await this.objects.addHistory(
        {
          objectSeq: row.seq,
          userId: actor.userId,
          actor: actor.displayName,
          action: 'incident-reported',
          reason: input.circumstances ?? null,
          changes: { status: [from, nextStatus], incident: input.method, published: input.publish },
        },
        trx,
      );
    });
    return this.get(actor, id);
  }

  /** The audit trail, for those who see the object's sensitive data (owner, investigators, admins). */
  async history(principal: Principal | null, id: string): Promise<HistoryView[]> {
    const row = await this.requireVisible(principal, id);
    if (!seesSensitive(principal, row.organisation_id)) throw new DomainError('forbidden', 'The history of this object is kept for its owner, investigators and admins.');
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

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Field-level changes, as `{ field: [before, after] }`. */
/**
 * The stored object an upsert item updates (none: a new object), or why it cannot be written: with
 * a source id, the object imported from that record, else the one with its inventory number if it
 * has no source id yet; without, the one with its inventory number.
 */
function findStored(
  inventoryNumber: string,
  sourceId: string | undefined,
  bySource: ReadonlyMap<string, ObjectRow>,
  byNumber: ReadonlyMap<string, ObjectRow>,
): { stored: ObjectRow | undefined } | { reason: string; stored?: undefined } {
  const holder = byNumber.get(inventoryNumber);
  if (sourceId === undefined) return { stored: holder };
  const stored = bySource.get(sourceId) ?? (holder?.source_id === null ? holder : undefined);
  if (holder && holder.seq !== stored?.seq) {
    const owner = holder.source_id === null ? 'another object' : `the object imported from record ${holder.source_id}`;
    return { reason: `inventory number "${inventoryNumber}" is already used by ${owner}` };
  }
  return { stored };
}

function diff(before: ObjectDescription, after: ObjectDescription): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(after) as Array<keyof ObjectDescription>) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = [before[key] ?? null, after[key]];
  }
  return changes;
}
