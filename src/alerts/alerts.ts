import type { AlertMailSettings } from '../config/alert-mail-settings.js';
import type { Logger } from '../config/logger.js';
import type { ObjectWithOrganisation } from '../registry/object.repository.js';
import type { Principal } from '../roles.js';
import { AlertDispatcher } from './alert-dispatcher.js';
import type { AlertStorage } from './alert-storage.repository.js';
import { EmailChannel } from './channels/email.channel.js';
import { InAppChannel } from './channels/in-app.channel.js';
import { SmtpMailer, type Mailer } from './channels/smtp-mailer.js';
import { OutboxService } from './outbox/outbox.service.js';
import { SubscriptionService } from './subscriptions/subscription.service.js';

export interface AlertsParts {
  /** The repositories (alert-storage.repository.ts). */
  storage: AlertStorage;
  mail: AlertMailSettings;
  /** Egide's public address for links in e-mails. */
  baseUrl: string;
  /** The registry's visibility rule: the object as `principal` may see it. */
  findVisible(objectId: string, principal: Principal): Promise<ObjectWithOrganisation | undefined>;
  logger?: Logger | undefined;
  /** Another mailer than SMTP from the settings (none configured: e-mail deliveries are retried, then failed). */
  mailer?: Mailer | undefined;
  /** Whether a webhook is the principal's (the webhooks' service); without it no webhook may be chosen. */
  ownsWebhook?: ((principal: Principal, webhookId: number) => Promise<boolean>) | undefined;
}

/** The alerts' services, wired: the dispatcher, the outbox with its in-app and e-mail channels, subscriptions. */
export interface Alerts {
  dispatcher: AlertDispatcher;
  outbox: OutboxService;
  subscriptions: SubscriptionService;
  /** Starts dispatching and delivering in the background (the server). */
  start(): void;
  stop(): Promise<void>;
}

export function createAlerts(parts: AlertsParts): Alerts {
  const { logger, findVisible } = parts;
  const { alerts, subscriptions: subscriptionRepository, digests, inbox, transact } = parts.storage;
  const outbox = new OutboxService(parts.storage.outbox, logger);
  outbox.registerChannel(new InAppChannel(inbox));
  const mailer = parts.mailer ?? (parts.mail.smtpUrl ? new SmtpMailer(parts.mail.smtpUrl, parts.mail.from) : undefined);
  if (mailer) {
    outbox.registerChannel(
      new EmailChannel({ mailer, subscriptions: subscriptionRepository, digests, findVisible, baseUrl: parts.baseUrl, digestHourUtc: parts.mail.digestHourUtc, enqueue: (items) => outbox.enqueue(items) }),
    );
  }
  const dispatcher = new AlertDispatcher({
    transact,
    alerts,
    subscriptions: subscriptionRepository,
    findVisible,
    onQueued: () => outbox.wakeUp(),
    logger,
  });
  const subscriptions = new SubscriptionService({ subscriptions: subscriptionRepository, inbox, findVisible, ownsWebhook: parts.ownsWebhook });
  return {
    dispatcher,
    outbox,
    subscriptions,
    start() {
      dispatcher.start();
      outbox.start();
    },
    async stop() {
      await dispatcher.stop();
      await outbox.stop();
      mailer?.close();
    },
  };
}
