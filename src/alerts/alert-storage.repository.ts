import type { Db } from '../db/database.js';
import { unitOfWork, type UnitOfWork } from '../db/unit-of-work.js';
import type { DispatchRepositories } from './alert-dispatcher.js';
import { AlertRepository } from './alert.repository.js';
import { DigestRepository } from './digest.repository.js';
import { InboxRepository } from './inbox.repository.js';
import { OutboxRepository } from './outbox/outbox.repository.js';
import { SubscriptionRepository } from './subscriptions/subscription.repository.js';

/** The alerts' repositories on the database, and the dispatcher's write transaction over them. */
export interface AlertStorage {
  alerts: AlertRepository;
  subscriptions: SubscriptionRepository;
  outbox: OutboxRepository;
  digests: DigestRepository;
  inbox: InboxRepository;
  transact: UnitOfWork<DispatchRepositories>;
}

export function alertStorage(db: Db): AlertStorage {
  return {
    alerts: new AlertRepository(db),
    subscriptions: new SubscriptionRepository(db),
    outbox: new OutboxRepository(db),
    digests: new DigestRepository(db),
    inbox: new InboxRepository(db),
    transact: unitOfWork(db, (trx) => ({ alerts: new AlertRepository(trx), outbox: new OutboxRepository(trx) })),
  };
}
