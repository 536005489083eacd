import type { Db } from '../../db/database.js';
import type { AlertSubscriptionRow } from '../../db/schema-alerts.js';
import type { Lang } from '../../i18n/languages.js';
import type { Role } from '../../roles.js';
import type { EmailMode, Subscription, SubscriptionChannels, SubscriptionKind, SubscriptionQuery } from './subscription.js';

/** A subscription with its owner as the dispatcher needs them (who they are, what they may see). */
export interface SubscriberRow {
  subscription: Subscription;
  owner: { userId: number; displayName: string; email: string | null; role: Role; organisationId: number; organisationSlug: string };
}

/** Every read and write of subscriptions and the objects they follow. */
export class SubscriptionRepository {
  constructor(private readonly db: Db) {}

  async insert(subscription: Subscription, unsubscribeToken: string): Promise<void> {
    await this.db
      .insertInto('alert_subscriptions')
      .values({
        id: subscription.id,
        user_id: subscription.userId,
        kind: subscription.kind,
        label: subscription.label,
        query: subscription.query ? JSON.stringify(subscription.query) : null,
        in_app: subscription.channels.inApp ? 1 : 0,
        email: subscription.channels.email,
        webhook_id: subscription.channels.webhookId,
        lang: subscription.lang,
        unsubscribe_token: unsubscribeToken,
        created_at: subscription.createdAt,
        updated_at: subscription.updatedAt,
      })
      .execute();
    await this.writeObjects(subscription.id, subscription.objectIds);
  }

  async update(id: string, change: { label: string; channels: SubscriptionChannels; lang: Lang; objectIds?: string[] | undefined }, at: string): Promise<void> {
    await this.db
      .updateTable('alert_subscriptions')
      .set({ label: change.label, in_app: change.channels.inApp ? 1 : 0, email: change.channels.email, webhook_id: change.channels.webhookId, lang: change.lang, updated_at: at })
      .where('id', '=', id)
      .execute();
    if (change.objectIds) {
      await this.db.deleteFrom('alert_subscription_objects').where('subscription_id', '=', id).execute();
      await this.writeObjects(id, change.objectIds);
    }
  }

  /** E-mail off for this subscription (the one-click unsubscribe link); false when the token is unknown. */
  async stopEmail(token: string, at: string): Promise<Subscription | undefined> {
    const found = await this.findByUnsubscribeToken(token);
    if (!found) return undefined;
    await this.db.updateTable('alert_subscriptions').set({ email: 'off', updated_at: at }).where('id', '=', found.id).execute();
    return { ...found, channels: { ...found.channels, email: 'off' }, updatedAt: at };
  }

  async findByUnsubscribeToken(token: string): Promise<Subscription | undefined> {
    const row = await this.db.selectFrom('alert_subscriptions').selectAll().where('unsubscribe_token', '=', token).executeTakeFirst();
    return row && (await this.withObjects([row]))[0];
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('alert_subscription_objects').where('subscription_id', '=', id).execute();
    await this.db.deleteFrom('alert_subscriptions').where('id', '=', id).execute();
  }

  async find(id: string): Promise<Subscription | undefined> {
    const row = await this.db.selectFrom('alert_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
    return row && (await this.withObjects([row]))[0];
  }

  async unsubscribeToken(id: string): Promise<string | undefined> {
    return (await this.db.selectFrom('alert_subscriptions').select('unsubscribe_token').where('id', '=', id).executeTakeFirst())?.unsubscribe_token;
  }

  async listByUser(userId: number): Promise<Subscription[]> {
    const rows = await this.db.selectFrom('alert_subscriptions').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('id').execute();
    return this.withObjects(rows);
  }

  /**
   * The subscriptions an alert of this object may reach, with their owners (enabled ones only):
   * every saved search, and those following the object. Two reads rather than one `or exists`:
   * PostgreSQL planned that one as a scan probing each row (3–4 s at 10,000 saved searches).
   */
  async candidatesFor(objectId: string): Promise<SubscriberRow[]> {
    const [searches, followers] = await Promise.all([
      this.withOwners().where('s.kind', '=', 'search').orderBy('s.id').execute(),
      this.withOwners()
        .innerJoin('alert_subscription_objects as so', 'so.subscription_id', 's.id')
        .where('s.kind', '=', 'objects')
        .where('so.object_id', '=', objectId)
        .orderBy('s.id')
        .execute(),
    ]);
    return [...searches, ...followers].map((row) => ({
      subscription: toSubscription(row, row.kind === 'objects' ? [objectId] : []),
      owner: { userId: Number(row.user_id), displayName: row.display_name, email: row.user_email, role: row.role as Role, organisationId: Number(row.organisation_id), organisationSlug: row.organisation_slug },
    }));
  }

  /** A subscriber still enabled, with their address and what they may see; undefined otherwise. */
  async recipient(userId: number): Promise<SubscriberRow['owner'] | undefined> {
    const row = await this.db
      .selectFrom('users as u')
      .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
      .select(['u.id', 'u.email', 'u.display_name', 'u.role', 'u.organisation_id', 'o.slug'])
      .where('u.id', '=', userId)
      .where('u.disabled_at', 'is', null)
      .executeTakeFirst();
    return row && { userId: Number(row.id), displayName: row.display_name, email: row.email, role: row.role as Role, organisationId: Number(row.organisation_id), organisationSlug: row.slug };
  }

  /** The language of the person's latest subscription (their notices' e-mails are in it), if they have one. */
  async latestLanguage(userId: number): Promise<Lang | undefined> {
    const row = await this.db.selectFrom('alert_subscriptions').select('lang').where('user_id', '=', userId).orderBy('updated_at', 'desc').orderBy('id').limit(1).executeTakeFirst();
    return row?.lang as Lang | undefined;
  }

  private withOwners() {
    return this.db
      .selectFrom('alert_subscriptions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
      .selectAll('s')
      .select(['u.display_name', 'u.email as user_email', 'u.role', 'u.organisation_id', 'o.slug as organisation_slug'])
      .where('u.disabled_at', 'is', null);
  }

  private async writeObjects(id: string, objectIds: readonly string[]): Promise<void> {
    const unique = [...new Set(objectIds)];
    if (unique.length > 0) await this.db.insertInto('alert_subscription_objects').values(unique.map((objectId) => ({ subscription_id: id, object_id: objectId }))).execute();
  }

  private async withObjects(rows: AlertSubscriptionRow[]): Promise<Subscription[]> {
    const ids = rows.filter((row) => row.kind === 'objects').map((row) => row.id);
    const objects = ids.length > 0 ? await this.db.selectFrom('alert_subscription_objects').selectAll().where('subscription_id', 'in', ids).orderBy('object_id').execute() : [];
    return rows.map((row) => toSubscription(row, objects.filter((object) => object.subscription_id === row.id).map((object) => object.object_id)));
  }
}

function toSubscription(row: AlertSubscriptionRow, objectIds: string[]): Subscription {
  return {
    id: row.id,
    userId: Number(row.user_id),
    kind: row.kind as SubscriptionKind,
    label: row.label,
    query: row.query ? (JSON.parse(row.query) as SubscriptionQuery) : null,
    objectIds,
    channels: { inApp: row.in_app === 1, email: row.email as EmailMode, webhookId: row.webhook_id === null ? null : Number(row.webhook_id) },
    lang: row.lang as Lang,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
