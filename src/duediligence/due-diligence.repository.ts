import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { DueDiligenceCheckRow, DueDiligenceLotRow } from '../db/schema-duediligence.js';
import { writeTransaction } from '../db/write-transaction.js';
import { visibleTo } from '../registry/visibility.js';
import { ALERT_STATUSES } from '../registry/status.js';
import type { Principal } from '../roles.js';
import type { CheckProgress, CheckState, ClaimedCheck, DueDiligenceCheck, RegistryState } from './due-diligence-check.js';
import { LOT_OUTCOMES, type Lot, type LotEvidence, type LotFields, type LotOutcome, type LotPhoto, type LotState } from './lot.js';

/** A lot to insert: read from the form or the catalogue, or broken with why. */
export interface NewLot {
  position: number;
  fields: LotFields;
  photos: LotPhoto[];
  error: string | null;
}

export interface NewCheck {
  id: string;
  principal: Principal;
  createdAt: string;
  source: string;
  filename: string | null;
}

type CheckRowWithOrganisation = DueDiligenceCheckRow & { organisation_slug: string; organisation_name: string };

/** Every read and write of due-diligence checks and their lots. */
export class DueDiligenceRepository {
  constructor(private readonly db: Db) {}

  /** The check and its lots, together: a check is never seen without all its lots. */
  async create(check: NewCheck, lots: readonly NewLot[]): Promise<void> {
    await writeTransaction(this.db, async (trx) => {
      await trx
        .insertInto('due_diligence_checks')
        .values({
          id: check.id,
          organisation_id: check.principal.organisationId,
          user_id: check.principal.userId,
          principal: JSON.stringify(check.principal),
          requested_by: check.principal.displayName,
          created_at: check.createdAt,
          source: check.source,
          filename: check.filename,
          state: 'queued',
          error: null,
          lease_until: null,
          started_at: null,
          finished_at: null,
          registry_state: null,
        })
        .execute();
      for (let i = 0; i < lots.length; i += 200) {
        await trx
          .insertInto('due_diligence_lots')
          .values(
            lots.slice(i, i + 200).map((lot) => ({
              check_id: check.id,
              position: lot.position,
              state: lot.error === null ? 'pending' : 'broken',
              fields: JSON.stringify(lot.fields),
              photos: JSON.stringify(lot.photos),
              error: lot.error,
              outcome: null,
              evidence: null,
              screened_at: null,
            })),
          )
          .execute();
      }
    });
  }

  async find(id: string): Promise<DueDiligenceCheck | undefined> {
    const row = await this.withOrganisation().where('due_diligence_checks.id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    return checkOf(row, (await this.progress([id])).get(id));
  }

  /** Newest first; `organisationId` undefined: every organisation's (admins). */
  async list(organisationId: number | undefined, limit: number, offset: number): Promise<{ total: number; items: DueDiligenceCheck[] }> {
    let rows = this.withOrganisation();
    let count = this.db.selectFrom('due_diligence_checks').select((eb) => eb.fn.countAll<number>().as('total'));
    if (organisationId !== undefined) {
      rows = rows.where('due_diligence_checks.organisation_id', '=', organisationId);
      count = count.where('organisation_id', '=', organisationId);
    }
    const [items, counted] = await Promise.all([
      rows.orderBy('due_diligence_checks.created_at', 'desc').orderBy('due_diligence_checks.id', 'desc').limit(limit).offset(offset).execute(),
      count.executeTakeFirstOrThrow(),
    ]);
    const progress = await this.progress(items.map((row) => row.id));
    return { total: Number(counted.total), items: items.map((row) => checkOf(row, progress.get(row.id))) };
  }

  /** The lots of a check in catalogue order. */
  async lots(checkId: string): Promise<Lot[]> {
    const rows = await this.db.selectFrom('due_diligence_lots').selectAll().where('check_id', '=', checkId).orderBy('position').execute();
    return rows.map(lotOf);
  }

  /** The certificates issued for a check's lots: lot id → certificate id (the check's page links them). */
  async certificates(checkId: string): Promise<Map<number, string>> {
    const rows = await this.db.selectFrom('certificates').select(['id', 'lot_id']).where('check_id', '=', checkId).execute();
    return new Map(rows.map((row) => [Number(row.lot_id), row.id]));
  }

  async lot(checkId: string, lotId: number): Promise<Lot | undefined> {
    const row = await this.db.selectFrom('due_diligence_lots').selectAll().where('check_id', '=', checkId).where('id', '=', lotId).executeTakeFirst();
    return row && lotOf(row);
  }

  /**
   * Takes a check to run: a queued one, or one whose runner's lease expired (a killed process);
   * several instances may ask at once, only one gets each check. With `checkId`, that check only.
   */
  async claim(now: Date, leaseMs: number, checkId?: string): Promise<ClaimedCheck | undefined> {
    const at = now.toISOString();
    return writeTransaction(this.db, async (trx) => {
      let query = trx.selectFrom('due_diligence_checks').select(['id', 'principal', 'started_at']);
      if (checkId !== undefined) query = query.where('id', '=', checkId);
      const candidate = await query
        .where('state', 'in', ['queued', 'running'])
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]))
        .orderBy('created_at')
        .limit(1)
        .executeTakeFirst();
      if (!candidate) return undefined;
      const claimed = await trx
        .updateTable('due_diligence_checks')
        .set({ state: 'running', lease_until: new Date(now.getTime() + leaseMs).toISOString(), started_at: candidate.started_at ?? at })
        .where('id', '=', candidate.id)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]))
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return undefined;
      return { id: candidate.id, principal: JSON.parse(candidate.principal) as Principal };
    });
  }

  async renew(checkId: string, leaseUntil: Date): Promise<void> {
    await this.db.updateTable('due_diligence_checks').set({ lease_until: leaseUntil.toISOString() }).where('id', '=', checkId).execute();
  }

  async pendingLots(checkId: string, limit: number): Promise<Lot[]> {
    const rows = await this.db.selectFrom('due_diligence_lots').selectAll().where('check_id', '=', checkId).where('state', '=', 'pending').orderBy('position').limit(limit).execute();
    return rows.map(lotOf);
  }

  async screened(lotId: number, outcome: LotOutcome, evidence: LotEvidence, at: string): Promise<void> {
    await this.db.updateTable('due_diligence_lots').set({ state: 'done', outcome, evidence: JSON.stringify(evidence), screened_at: at }).where('id', '=', lotId).execute();
  }

  async broken(lotId: number, error: string, at: string): Promise<void> {
    await this.db.updateTable('due_diligence_lots').set({ state: 'broken', error, screened_at: at }).where('id', '=', lotId).execute();
  }

  async setRegistryState(checkId: string, state: RegistryState): Promise<void> {
    await this.db.updateTable('due_diligence_checks').set({ registry_state: JSON.stringify(state) }).where('id', '=', checkId).execute();
  }

  async finish(checkId: string, state: Extract<CheckState, 'done' | 'failed'>, error: string | null, at: string): Promise<void> {
    await this.db.updateTable('due_diligence_checks').set({ state, error, finished_at: at, lease_until: null }).where('id', '=', checkId).execute();
  }

  /** What `principal` may screen against now (see RegistryState). */
  async registryState(principal: Principal, now: Date): Promise<RegistryState> {
    const visible = visibleTo(principal);
    const [objects, alerts, photos, version] = await Promise.all([
      this.db.selectFrom('objects').select((eb) => eb.fn.countAll<number>().as('n')).where(visible).where('status', 'in', [...ALERT_STATUSES]).executeTakeFirstOrThrow(),
      this.db.selectFrom('objects').select((eb) => eb.fn.countAll<number>().as('n')).where('published', '=', 1).where('status', 'in', [...ALERT_STATUSES]).executeTakeFirstOrThrow(),
      this.db
        .selectFrom('identify_images')
        .innerJoin('object_photos', 'object_photos.id', 'identify_images.photo_id')
        .innerJoin('objects', 'objects.seq', 'object_photos.object_seq')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(visible)
        .executeTakeFirstOrThrow(),
      this.db.selectFrom('object_history').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow(),
    ]);
    return { objects: Number(objects.n), alerts: Number(alerts.n), photos: Number(photos.n), version: `history-${Number(version.id ?? 0)}`, at: now.toISOString() };
  }

  private async progress(ids: readonly string[]): Promise<Map<string, CheckProgress>> {
    const out = new Map<string, CheckProgress>();
    if (ids.length === 0) return out;
    const rows = await this.db
      .selectFrom('due_diligence_lots')
      .select(['check_id', 'state', 'outcome', sql<number>`count(*)`.as('n')])
      .where('check_id', 'in', [...ids])
      .groupBy(['check_id', 'state', 'outcome'])
      .execute();
    for (const row of rows) {
      const progress = out.get(row.check_id) ?? emptyProgress();
      const n = Number(row.n);
      progress.total += n;
      if (row.state === 'broken') progress.broken += n;
      if (row.state === 'done') progress.screened += n;
      if (row.outcome !== null && (LOT_OUTCOMES as readonly string[]).includes(row.outcome)) progress.outcomes[row.outcome as LotOutcome] += n;
      out.set(row.check_id, progress);
    }
    return out;
  }

  private withOrganisation() {
    return this.db
      .selectFrom('due_diligence_checks')
      .innerJoin('organisations', 'organisations.id', 'due_diligence_checks.organisation_id')
      .selectAll('due_diligence_checks')
      .select(['organisations.slug as organisation_slug', 'organisations.name as organisation_name']);
  }
}

const emptyProgress = (): CheckProgress => ({ total: 0, screened: 0, broken: 0, outcomes: { 'no-match': 0, possible: 0, match: 0 } });

function checkOf(row: CheckRowWithOrganisation, progress: CheckProgress | undefined): DueDiligenceCheck {
  return {
    id: row.id,
    organisation: { id: row.organisation_id, slug: row.organisation_slug, name: row.organisation_name },
    requestedBy: { userId: row.user_id, name: row.requested_by },
    createdAt: row.created_at,
    source: row.source,
    filename: row.filename,
    state: row.state as CheckState,
    error: row.error,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    registryState: row.registry_state === null ? null : (JSON.parse(row.registry_state) as RegistryState),
    progress: progress ?? emptyProgress(),
  };
}

function lotOf(row: DueDiligenceLotRow): Lot {
  return {
    id: Number(row.id),
    checkId: row.check_id,
    position: Number(row.position),
    state: row.state as LotState,
    fields: JSON.parse(row.fields) as LotFields,
    photos: JSON.parse(row.photos) as LotPhoto[],
    error: row.error,
    outcome: row.outcome as LotOutcome | null,
    evidence: row.evidence === null ? null : (JSON.parse(row.evidence) as LotEvidence),
    screenedAt: row.screened_at,
  };
}
