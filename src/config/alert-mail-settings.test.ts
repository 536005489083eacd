import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { parseAlertMail } from './alert-mail-settings.js';

const from = (env: Record<string, string>) => (name: string) => env[name];

describe('e-mail alert settings', () => {
  it('leave e-mail off without a server, and send digests at 07:00 UTC by default', () => {
    expect(parseAlertMail(from({}))).toEqual({ smtpUrl: undefined, from: 'Egide <alerts@localhost>', digestHourUtc: 7 });
  });

  it('read the server, the sender and the digest hour', () => {
    expect(parseAlertMail(from({ EGIDE_SMTP_URL: 'smtps://u:p@mail.example.org:465', EGIDE_SMTP_FROM: 'Egide <alerts@example.org>', EGIDE_ALERT_DIGEST_HOUR: '18' }))).toEqual({
      smtpUrl: 'smtps://u:p@mail.example.org:465',
      from: 'Egide <alerts@example.org>',
      digestHourUtc: 18,
    });
  });

  it('refuse an address that is not SMTP and an hour out of the day', () => {
    expect(() => parseAlertMail(from({ EGIDE_SMTP_URL: 'https://mail.example.org' }))).toThrow(ConfigError);
    expect(() => parseAlertMail(from({ EGIDE_ALERT_DIGEST_HOUR: '24' }))).toThrow(/from 0 to 23/);
  });
});
