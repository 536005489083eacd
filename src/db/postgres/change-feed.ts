import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import type { Logger } from '../../config/logger.js';
import { ChangeHandlers, type ChangeFeed, type ChangeHandler, type ChangeTopic } from '../change-feed.js';
import type { Db } from '../database.js';

/** The one channel every Egide process of a database listens on; the topic is in the payload. */
const CHANNEL = 'egide_changes';
const FIRST_RETRY_MS = 500;
/** A database down for longer is retried twice a minute, not more: each try logs a line. */
const LONGEST_RETRY_MS = 30_000;

interface Notice {
  origin: string;
  topic: ChangeTopic;
  payload: string;
}

/**
 * The change feed over PostgreSQL's LISTEN/NOTIFY: a notification sent after a commit reaches every
 * process listening on the database. This process's own subscribers are called at once, and its
 * own notifications are ignored when they come back. Listening holds a connection of its own; when
 * it drops (a restart, a failover) it is opened again with back-off, and every subscriber gets a
 * `resync`, as notifications sent meanwhile are lost.
 */
export class PostgresChangeFeed implements ChangeFeed {
  private readonly origin = randomUUID();
  private readonly handlers: ChangeHandlers;
  private client: pg.Client | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryMs = FIRST_RETRY_MS;
  private closed = false;

  private constructor(
    private readonly url: string,
    private readonly db: Db,
    private readonly logger: Logger,
  ) {
    this.handlers = new ChangeHandlers((topic, error) => logger.error('change handler failed', { topic, error }));
  }

  /** Listens from now on: when the database cannot be reached yet, listening starts once it can (with a `resync`). */
  static async start(url: string, db: Db, logger: Logger): Promise<PostgresChangeFeed> {
    const feed = new PostgresChangeFeed(url, db, logger);
    await feed.listen(false);
    return feed;
  }

  async publish(topic: ChangeTopic, payload = ''): Promise<void> {
    this.handlers.deliver(topic, { kind: 'change', payload });
    const notice: Notice = { origin: this.origin, topic, payload };
    try {
      await sql`select pg_notify(${CHANNEL}, ${JSON.stringify(notice)})`.execute(this.db);
    } catch (error) {
      // The change is committed; other processes catch up at their next resync.
      this.logger.warn('change not announced to other processes', { topic, error });
    }
  }

  subscribe(topic: ChangeTopic, handler: ChangeHandler): () => void {
    return this.handlers.add(topic, handler);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async listen(afterLoss: boolean): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'egide-changes' });
    client.on('notification', (message) => this.received(message.payload));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('the connection ended')));
    try {
      await client.connect();
      await client.query(`listen ${CHANNEL}`);
    } catch (error) {
      client.removeAllListeners();
      await client.end().catch(() => undefined);
      this.logger.warn('change feed cannot reach the database; retrying', { retryInMs: this.retryMs, error });
      this.retryLater();
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = FIRST_RETRY_MS;
    if (afterLoss) {
      this.logger.info('change feed listening again');
      this.handlers.resyncAll();
    }
  }

  private lost(client: pg.Client, error: Error): void {
    if (this.client !== client || this.closed) return;
    this.client = undefined;
    client.removeAllListeners();
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    this.logger.warn('change feed lost its connection; listening again', { retryInMs: this.retryMs, error });
    this.retryLater();
  }

  private retryLater(): void {
    if (this.closed) return;
    this.retryTimer = setTimeout(() => void this.listen(true), this.retryMs).unref();
    this.retryMs = Math.min(this.retryMs * 2, LONGEST_RETRY_MS);
  }

  private received(payload: string | undefined): void {
    let notice: Notice;
    try {
      notice = JSON.parse(payload ?? '') as Notice;
    } catch {
      return; // not one of ours
    }
    if (notice.origin === this.origin) return;
    this.handlers.deliver(notice.topic, { kind: 'change', payload: notice.payload });
  }
}
