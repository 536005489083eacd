import type { Db } from '../../db/database.js';
import type { CustomsCheckRow } from '../../db/schema.js';
import type { CheckDecision, CustomsCheck } from './customs-check.js';

type RowWithOrganisation = CustomsCheckRow & { organisation_slug: string; organisation_name: string };

/** Every read and write of customs checks. */
export class CustomsCheckRepository {
  constructor(private readonly db: Db) {}

  async insert(check: CustomsCheck): Promise<void> {
    await this.db
      .insertInto('customs_checks')
      .values({
        id: check.id,
        organisation_id: check.organisation.id,
        user_id: check.officer.userId,
        officer: check.officer.name,
        created_at: check.createdAt,
        place: check.place?.text ?? null,
        latitude: check.place?.latitude ?? null,
        longitude: check.place?.longitude ?? null,
        facts: JSON.stringify(check.facts),
        identification_ids: JSON.stringify(check.identificationIds),
        assessment: JSON.stringify(check.assessment),
        editions: JSON.stringify(check.editions),
      })
      .execute();
  }

  async find(id: string): Promise<CustomsCheck | undefined> {
    const row = await this.withOrganisation().where('customs_checks.id', '=', id).executeTakeFirst();
    return row && checkOf(row);
  }

  /** Newest first; `organisationId` undefined: every organisation's (admins). */
  async list(organisationId: number | undefined, limit: number, offset: number): Promise<{ total: number; items: CustomsCheck[] }> {
    let rows = this.withOrganisation();
    let count = this.db.selectFrom('customs_checks').select((eb) => eb.fn.countAll<number>().as('total'));
    if (organisationId !== undefined) {
      rows = rows.where('customs_checks.organisation_id', '=', organisationId);
      count = count.where('organisation_id', '=', organisationId);
    }
    const [items, counted] = await Promise.all([
      rows.orderBy('customs_checks.created_at', 'desc').orderBy('customs_checks.id', 'desc').limit(limit).offset(offset).execute(),
      count.executeTakeFirstOrThrow(),
    ]);
    return { total: Number(counted.total), items: items.map(checkOf) };
  }

  /** Records the decision unless one was recorded already (a form sent twice, two officers at once): returns whether this one was. */
  async decide(id: string, decision: CheckDecision): Promise<boolean> {
    const result = await this.db
      .updateTable('customs_checks')
      .set({ decision: decision.decision, decision_reason: decision.reason, decided_by: decision.decidedBy.userId, decided_by_name: decision.decidedBy.name, decided_at: decision.decidedAt })
      .where('id', '=', id)
      .where('decision', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  private withOrganisation() {
    return this.db
      .selectFrom('customs_checks')
      .innerJoin('organisations', 'organisations.id', 'customs_checks.organisation_id')
      .selectAll('customs_checks')
      .select(['organisations.slug as organisation_slug', 'organisations.name as organisation_name']);
  }
}

function checkOf(row: RowWithOrganisation): CustomsCheck {
  const place = row.place === null && row.latitude === null && row.longitude === null ? null : { text: row.place ?? undefined, latitude: row.latitude ?? undefined, longitude: row.longitude ?? undefined };
  return {
    id: row.id,
    organisation: { id: row.organisation_id, slug: row.organisation_slug, name: row.organisation_name },
    officer: { userId: row.user_id, name: row.officer },
    createdAt: row.created_at,
    place,
    facts: JSON.parse(row.facts) as CustomsCheck['facts'],
    identificationIds: JSON.parse(row.identification_ids) as string[],
    assessment: JSON.parse(row.assessment) as CustomsCheck['assessment'],
    editions: JSON.parse(row.editions) as CustomsCheck['editions'],
    decision:
      row.decision === null || row.decided_by === null || row.decided_at === null
        ? null
        : { decision: row.decision as CheckDecision['decision'], reason: row.decision_reason, decidedBy: { userId: row.decided_by, name: row.decided_by_name ?? '' }, decidedAt: row.decided_at },
  };
}
