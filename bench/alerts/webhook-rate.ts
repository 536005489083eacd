import type { AppContext } from '../../src/app/context.js';
import type { NewOutboxItem } from '../../src/alerts/outbox/outbox.service.js';
import type { DialectName } from '../../src/db/database.js';
import type { Principal } from '../../src/roles.js';
import { freshContext, outboxLeft } from './context.js';
import { WebhookReceiver } from './receiver.js';

export interface WebhookRateReport {
  deliveries: number;
  webhooks: number;
  seconds: number;
  perMinute: number;
  verified: number;
  refused: number;
  duplicates: number;
  failed: number;
}

/** Registers `count` webhooks of the principal's organisation posting to the receiver, which learns each secret as its owner does: once. */
export async function webhooksOf(context: AppContext, receiver: WebhookReceiver, principal: Principal, count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let w = 0; w < count; w++) {
    const url = receiver.newUrl();
    const { webhook, secret } = await context.webhooks.create(principal, { label: `Stock system ${w}`, url });
    receiver.expect(url, secret);
    ids.push(webhook.id);
  }
  return ids;
}

/** `count` dealers (partner organisations), each as its registrar. */
export async function dealers(context: AppContext, count: number): Promise<Principal[]> {
  const principals: Principal[] = [];
  for (let d = 0; d < count; d++) {
    const slug = `bench-dealer-${d}`;
    await context.organisations.ensure(slug, `Benchmark dealer ${d}`, 'partner');
    principals.push(await context.accounts.servicePrincipal(slug, 'registrar'));
  }
  return principals;
}

/**
 * `deliveries` webhook deliveries queued in the outbox at once, spread over 100 webhooks, then
 * delivered by the outbox worker (as the server runs it) through the webhook channel: signed,
 * posted on loopback, verified by the receiver, logged. Timed from the worker's start to the last
 * verified delivery.
 */
export async function measureWebhookRate(dialect: DialectName, deliveries: number): Promise<WebhookRateReport> {
  const { context, close } = await freshContext(dialect, 'webhooks');
  const receiver = new WebhookReceiver();
  await receiver.listen();
  try {
    const webhookIds: number[] = [];
    for (const dealer of await dealers(context, 5)) webhookIds.push(...(await webhooksOf(context, receiver, dealer, 20)));
    const items: NewOutboxItem[] = Array.from({ length: deliveries }, (_, n) => ({
      idempotencyKey: `bench:${n}:webhook:${webhookIds[n % webhookIds.length]}`,
      channel: 'webhook',
      recipient: String(webhookIds[n % webhookIds.length]),
      payload: { kind: 'alert', eventId: n, objectId: `bench-object-${n}`, status: 'stolen', subscriptionId: 'bench', subscriptionLabel: 'Benchmark', lang: 'en' },
    }));
    for (let at = 0; at < items.length; at += 1000) await context.alerts.outbox.enqueue(items.slice(at, at + 1000));
    process.stderr.write(`webhooks: ${deliveries} deliveries queued for ${webhookIds.length} webhooks\n`);
    const started = performance.now();
    context.alerts.outbox.start();
    const progress = setInterval(() => process.stderr.write(`\r\x1b[Kwebhooks: ${receiver.verified}/${deliveries} delivered`), 1000);
    await receiver.until(deliveries, 10 * 60_000);
    clearInterval(progress);
    const seconds = ((receiver.lastAt ?? performance.now()) - started) / 1000;
    process.stderr.write('\n');
    await context.alerts.outbox.stop();
    const { failed } = await outboxLeft(context);
    return { deliveries, webhooks: webhookIds.length, seconds, perMinute: (receiver.verified / seconds) * 60, verified: receiver.verified, refused: receiver.refused, duplicates: receiver.duplicates, failed };
  } finally {
    await receiver.close();
    await close();
  }
}
