import type { ObjectStatus } from '../registry/status.js';

/**
 * One alert: an object entering stolen or missing (an incident reported, a status changed, an
 * import that creates or updates it so). Read from the object's history after a durable cursor, so
 * that an alert is never lost when the process is killed and is raised once per entry.
 */
export interface AlertEvent {
  id: number;
  objectSeq: number;
  objectId: string;
  organisationId: number;
  status: Extract<ObjectStatus, 'stolen' | 'missing'>;
  /** Whether the owner consented to publish it (the public alert list, feeds, dealers' watches). */
  published: boolean;
  /** When it entered the alert status (the history row's time). */
  occurredAt: string;
}

/**
 * What reacts to each alert besides the subscriptions: image watches, watched due-diligence lots.
 * Called at least once per event and listener (each handling recorded after it succeeds); a
 * listener returns `'later'` when it cannot decide yet (the alert's photos not indexed yet).
 */
export interface AlertListener {
  readonly name: string;
  handle(event: AlertEvent): Promise<'done' | 'later'>;
}
