import { randomUUID } from 'node:crypto';
import { conflict, DomainError, invalid, notFound } from '../../errors.js';
import type { Principal } from '../../roles.js';
import { WebhookUrlRefused, type UrlRefusal, type WebhookUrlPolicy } from './url-policy.js';
import type { AttemptResult, WebhookDelivery } from './webhook-delivery.js';
import type { WebhookAttemptRow, WebhookRepository, WebhookRow } from './webhook.repository.js';
import { newWebhookSecret } from './webhook-signature.js';

export const MAX_LABEL_LENGTH = 100;
/** Enough for a marketplace's systems; a bound on what one organisation makes Egide post to. */
export const MAX_WEBHOOKS_PER_ORGANISATION = 20;
export const ATTEMPTS_PER_PAGE = 50;

/** A webhook as its managers see it (never its secret). */
export interface WebhookView {
  id: number;
  label: string;
  url: string;
  organisation: { slug: string; name: string };
  owner: { userId: number; name: string };
  status: 'active' | 'paused';
  pausedAt: string | null;
  /** `failures`: Egide paused it after repeated failures; `owner`: someone paused it. */
  pauseReason: 'failures' | 'owner' | null;
  consecutiveFailures: number;
  createdAt: string;
}

/** One attempt of the delivery log. */
export interface AttemptView {
  deliveryId: string;
  event: string;
  attempt: number;
  at: string;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  outcome: 'delivered' | 'retry' | 'failed';
}

/** A URL the policy refuses, for the form field `url` (pages say `reason` in the reader's language). */
export class WebhookUrlError extends DomainError {
  constructor(readonly reason: UrlRefusal, message: string) {
    super('invalid', `The webhook URL is refused: ${message}`, [{ field: 'url', message }]);
    this.name = 'WebhookUrlError';
  }
}

export function webhookView(row: WebhookRow): WebhookView {
  return {
    id: row.id,
    label: row.label,
    url: row.url,
    organisation: { slug: row.organisation_slug, name: row.organisation_name },
    owner: { userId: row.created_by, name: row.owner_name },
    status: row.status === 'paused' ? 'paused' : 'active',
    pausedAt: row.paused_at,
    pauseReason: row.pause_reason === 'failures' || row.pause_reason === 'owner' ? row.pause_reason : null,
    consecutiveFailures: row.consecutive_failures,
    createdAt: row.created_at,
  };
}

function attemptView(row: WebhookAttemptRow): AttemptView {
  return {
    deliveryId: row.delivery_id,
    event: row.event,
    attempt: row.attempt,
    at: row.attempted_at,
    durationMs: row.duration_ms,
    statusCode: row.status_code,
    error: row.error,
    outcome: row.outcome === 'delivered' || row.outcome === 'failed' ? row.outcome : 'retry',
  };
}

/** The people of the webhook's organisation manage it, and admins. */
const manages = (principal: Principal, row: WebhookRow) => principal.role === 'admin' || principal.organisationId === row.organisation_id;

/**
 * Webhook endpoints of organisations: registered with a URL the policy accepts (the secret shown
 * once, then kept sealed), listed, paused and resumed, deleted, tried with a test delivery, and
 * their delivery log. Anyone signed in registers webhooks for their organisation; a webhook
 * another organisation owns answers as if it did not exist.
 */
export class WebhookService {
  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly policy: WebhookUrlPolicy,
    private readonly delivery: WebhookDelivery,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(principal: Principal): Promise<WebhookView[]> {
    return (await this.webhooks.list(principal.role === 'admin' ? undefined : principal.organisationId)).map(webhookView);
  }

  /** The webhooks a subscription of `principal` may post to: its organisation's (an admin's too, not every one it manages). */
  async usableBy(principal: Principal): Promise<WebhookView[]> {
    return (await this.webhooks.list(principal.organisationId)).map(webhookView);
  }

  /** Whether a subscription of `principal` may post to this webhook: one of its organisation's. */
  async isUsableBy(principal: Principal, id: number): Promise<boolean> {
    const row = Number.isSafeInteger(id) ? await this.webhooks.find(id) : undefined;
    return row?.organisation_id === principal.organisationId;
  }

  async get(principal: Principal, id: number): Promise<WebhookView> {
    return webhookView(await this.managed(principal, id));
  }

  /** Registers a webhook: the URL checked (its host resolved), the secret made; the secret is in this answer only. */
  async create(principal: Principal, input: { label: string; url: string }): Promise<{ webhook: WebhookView; secret: string }> {
    const label = input.label.trim();
    if (label.length === 0 || label.length > MAX_LABEL_LENGTH) throw invalid('Invalid webhook.', [{ field: 'label', message: `give a name of 1 to ${MAX_LABEL_LENGTH} characters` }]);
    let url: URL;
    try {
      url = (await this.policy.check(input.url)).url;
    } catch (error) {
      if (error instanceof WebhookUrlRefused) throw new WebhookUrlError(error.reason, error.message);
      throw error;
    }
    if ((await this.webhooks.list(principal.organisationId)).length >= MAX_WEBHOOKS_PER_ORGANISATION) {
      throw conflict(`An organisation has at most ${MAX_WEBHOOKS_PER_ORGANISATION} webhooks: delete one first.`);
    }
    const secret = newWebhookSecret();
    const box = await this.delivery.secrets();
    const at = this.now().toISOString();
    const id = await this.webhooks.insert({
      organisation_id: principal.organisationId,
      created_by: principal.userId,
      label,
      url: url.href,
      secret: box.seal(secret),
      secret_key_id: box.keyId,
      status: 'active',
      paused_at: null,
      pause_reason: null,
      consecutive_failures: 0,
      created_at: at,
      updated_at: at,
    });
    return { webhook: await this.get(principal, id), secret };
  }

  async delete(principal: Principal, id: number): Promise<void> {
    await this.managed(principal, id);
    await this.webhooks.delete(id);
  }

  async pause(principal: Principal, id: number): Promise<WebhookView> {
    await this.managed(principal, id);
    await this.webhooks.pause(id, 'owner', this.now().toISOString());
    return this.get(principal, id);
  }

  /** Active again (its waiting deliveries go out at their next look), its failure count cleared. */
  async resume(principal: Principal, id: number): Promise<WebhookView> {
    await this.managed(principal, id);
    await this.webhooks.resume(id, this.now().toISOString());
    return this.get(principal, id);
  }

  /** Posts a `ping` now, once (not retried, and not counted as a failure of the webhook's deliveries); logged like any attempt. */
  async sendTest(principal: Principal, id: number): Promise<AttemptView> {
    const row = await this.managed(principal, id);
    const message = { deliveryId: `test-${randomUUID()}`, event: 'ping', createdAt: this.now().toISOString(), data: { webhook: row.id, message: 'A test delivery from Egide.' } };
    const result: AttemptResult = await this.delivery.attempt(row, message);
    const outcome = result.delivered ? 'delivered' : 'failed';
    await this.delivery.log(row, message, 1, result, outcome);
    return { deliveryId: message.deliveryId, event: message.event, attempt: 1, at: result.at.toISOString(), durationMs: Math.round(result.durationMs), statusCode: result.statusCode, error: result.error, outcome };
  }

  async attempts(principal: Principal, id: number, page: number): Promise<{ items: AttemptView[]; total: number }> {
    await this.managed(principal, id);
    const { rows, total } = await this.webhooks.attempts(id, ATTEMPTS_PER_PAGE, (page - 1) * ATTEMPTS_PER_PAGE);
    return { items: rows.map(attemptView), total };
  }

  private async managed(principal: Principal, id: number): Promise<WebhookRow> {
    const row = Number.isSafeInteger(id) ? await this.webhooks.find(id) : undefined;
    if (!row || !manages(principal, row)) throw notFound(`No webhook ${id}.`);
    return row;
  }
}
