import type { Logger } from '../config/logger.js';
import type { AuditTrail } from './audit.service.js';

const DAY_MS = 86_400_000;

/** The server purges entries past the retention period after it starts, then daily. */
export function scheduleAuditPurge(audit: AuditTrail, logger: Logger): { stop(): Promise<void> } {
  const purge = () =>
    audit.purge().then(
      (count) => {
        if (count > 0) logger.info('purged audit entries past their retention', { count, retentionDays: audit.settings.retentionDays });
      },
      (error: unknown) => logger.warn('audit purge failed', { error }),
    );
  let running = purge();
  const timer = setInterval(() => {
    running = running.then(purge);
  }, DAY_MS);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
