import { ConfigError } from './config-error.js';

/** E-mail alerts: the SMTP server, the sender, and the hour of the daily digest. */
export interface AlertMailSettings {
  /** `EGIDE_SMTP_URL` (`smtp://user:password@host:587`, `smtps://…`); undefined: e-mail deliveries are retried by the outbox, then failed. */
  smtpUrl: string | undefined;
  /** `EGIDE_SMTP_FROM`, e.g. `Egide <alerts@example.org>`. */
  from: string;
  /** `EGIDE_ALERT_DIGEST_HOUR`: the hour (UTC, 0–23) daily digests go out; 7 by default. */
  digestHourUtc: number;
}

export function parseAlertMail(fromEnv: (name: string) => string | undefined): AlertMailSettings {
  const smtpUrl = fromEnv('EGIDE_SMTP_URL')?.trim() || undefined;
  if (smtpUrl !== undefined && !/^smtps?:\/\/[^/]/i.test(smtpUrl)) throw new ConfigError(`EGIDE_SMTP_URL is not an SMTP address: use smtp://user:password@host:587 or smtps://…:465.`);
  const hour = fromEnv('EGIDE_ALERT_DIGEST_HOUR')?.trim() ?? '7';
  if (!/^\d{1,2}$/.test(hour) || Number(hour) > 23) throw new ConfigError(`EGIDE_ALERT_DIGEST_HOUR="${hour}": give an hour from 0 to 23 (UTC).`);
  return { smtpUrl, from: fromEnv('EGIDE_SMTP_FROM')?.trim() || 'Egide <alerts@localhost>', digestHourUtc: Number(hour) };
}
