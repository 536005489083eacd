import { serve, type ServerType } from '@hono/node-server';
import type { ServerOptions } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAppContext, type AppContext } from './context.js';
import { untilReachable } from '../db/reach-database.js';
import type { EgideConfig } from '../config/config.js';
import type { Logger } from '../config/logger.js';
import { createApp } from './app.js';
import { scheduleAuditPurge } from '../audit/purge-schedule.js';

export interface RunningServer {
  port: number;
  context: AppContext;
  /** Stops accepting connections, lets requests in flight finish (up to `graceMs`), then closes the database. */
  close(graceMs?: number): Promise<void>;
}

/**
 * A client that sends its headers or body slowly (a "slowloris") holds a connection only this long;
 * Node checks the connections every `connectionsCheckingInterval`, so that is kept well under the limits.
 */
export function requestTimeouts(config: Pick<EgideConfig, 'requestTimeoutMs' | 'headersTimeoutMs'>): ServerOptions {
  return {
    requestTimeout: config.requestTimeoutMs,
    headersTimeout: config.headersTimeoutMs,
    connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(config.headersTimeoutMs / 4))),
  };
}

const IDENTIFICATION_SWEEP_INTERVAL_MS = 3_600_000;

export async function startServer(config: EgideConfig, logger: Logger): Promise<RunningServer> {
  const context = await untilReachable(() => createAppContext(config, logger), { timeoutMs: config.databaseConnectTimeoutMs, logger });
  const app = createApp(context);
  const server = await new Promise<ServerType>((resolve, reject) => {
    const instance = serve({ fetch: app.fetch, port: config.port, hostname: config.host, serverOptions: requestTimeouts(config) }, () => resolve(instance));
    instance.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  logger.info('egide listening', { url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/`, dataDir: config.dataDir });

  // Photo files a killed process left without their row: swept in the background, after start.
  const sweep = context.photos.removeOrphanFiles().then(
    (count) => {
      if (count > 0) logger.info('removed orphan photo files', { count });
    },
    (error: unknown) => logger.warn('orphan photo sweep failed', { error }),
  );

  // Anonymous identifications expire: swept after start, then every hour.
  const expireIdentifications = () =>
    context.identify.expireAnonymous().then(
      (count) => {
        if (count > 0) logger.info('removed expired anonymous identifications', { count });
      },
      (error: unknown) => logger.warn('anonymous identification sweep failed', { error }),
    );
  let expiring = expireIdentifications();
  const expiryTimer = setInterval(() => {
    expiring = expiring.then(expireIdentifications);
  }, IDENTIFICATION_SWEEP_INTERVAL_MS);
  expiryTimer.unref();
  const auditPurge = scheduleAuditPurge(context.audit, logger);

  // Photos are indexed for identification as they are added; the index loads ahead of the first query.
  context.indexingQueue.start();
  // Due-diligence checks are screened in the background; a check a killed instance left is taken over.
  context.dueDiligence.start();
  // New alerts are raised from the history and delivered through the outbox, in the background.
  context.alerts.start();
  const indexLoaded = context.identifyIndex.refresh().then(
    () => logger.info('identification index loaded', { images: context.identifyIndex.size }),
    (error: unknown) => logger.warn('identification index not loaded', { error }),
  );
  // The photos of image watches and watched lots too, so that the first alert does not wait for them.
  const watchesLoaded = context.watchedPhotos.refresh().then(
    () => logger.info('watched photos loaded', { photos: context.watchedPhotos.size }),
    (error: unknown) => logger.warn('watched photos not loaded', { error }),
  );
  // The observatory's figures are computed from every incident in memory: with a million that takes
  // 13–19 s (bench:observatory), which the first visitor would otherwise wait for.
  const observatoryStarted = performance.now();
  const observatoryLoaded = context.observatory.load().then(
    () => logger.info('observatory figures loaded', { ms: Math.round(performance.now() - observatoryStarted) }),
    (error: unknown) => logger.warn('observatory figures not loaded', { error }),
  );

  let closing: Promise<void> | undefined;
  const close = (graceMs = 10_000) =>
    (closing ??= (async () => {
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      // Idle keep-alive sockets would hold `close` open; busy ones finish their request first.
      if ('closeIdleConnections' in server) server.closeIdleConnections();
      const timer = setTimeout(() => {
        if ('closeAllConnections' in server) server.closeAllConnections();
      }, graceMs);
      await drained;
      clearTimeout(timer);
      await sweep;
      clearInterval(expiryTimer);
      await expiring;
      await auditPurge.stop();
      await context.dueDiligence.stop();
      await context.indexingQueue.stop();
      await context.alerts.stop();
      await indexLoaded;
      await watchesLoaded;
      await observatoryLoaded;
      await context.close();
      logger.info('egide stopped');
    })());
  return { port, context, close };
}
