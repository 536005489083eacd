import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeObject, report, signedIn, type Person } from '../../registry/pages.test-support.js';
import { runEgide } from '../../test-support/cli.js';
import { createTestApp } from '../../test-support/test-app.js';

let dataDir: string;
let dealer: Person;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'egide-alerts-cli-'));
  const t = await createTestApp(dataDir);
  const museum = await signedIn(t, 'registrar', 'cli-museum');
  dealer = await signedIn(t, 'registrar', 'cli-dealer');
  await t.context.alerts.subscriptions.create(dealer.principal, { kind: 'search', label: 'Scrolls', query: { q: 'scroll' }, channels: { inApp: true, email: 'off', webhookId: null }, lang: 'en' });
  const object = await makeObject(t, museum, { title: { en: 'Hanging scroll' } });
  await report(t, museum, object.id, true);
  await t.close();
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('egide alerts send', () => {
  it('raises the alert and delivers it, without a server', async () => {
    const run = await runEgide(['alerts', 'send', '--data', dataDir]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('alerts raised\t1\n');
    expect(run.stdout).toContain('deliveries attempted\t1\n');
    const t = await createTestApp(dataDir);
    try {
      expect((await t.context.alerts.subscriptions.inbox(dealer.principal, 10, 0)).items).toEqual([expect.objectContaining({ subscriptionLabel: 'Scrolls' })]);
    } finally {
      await t.close();
    }
    expect((await runEgide(['alerts', 'send', '--data', dataDir])).stdout).toContain('alerts raised\t0\n');
  });
});
