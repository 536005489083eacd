import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEgide } from '../test-support/cli.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from '../test-support/browser.js';
import { newPartner } from '../test-support/fixtures.js';
import { createTestApp } from '../test-support/test-app.js';




// Each run starts Node with tsx (about a second): a few runs, sharing one data folder, in order.
describe('egide CLI', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'egide-cli-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('token create prints the token as the last line of stdout, and the token works against the API', async () => {
    const run = await runEgide(['token', 'create', '--org', 'secretariat', '--role', 'admin', '--label', 'ci', '--data', dataDir]);
    expect(run.stderr).toContain('API token for secretariat (admin)');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    const token = lines.at(-1) ?? '';
    expect(token).toMatch(/^egide_[\w-]{40,}$/);
    expect(run.stderr).not.toContain(token);

    const t = await createTestApp(dataDir);
    try {
      // The CLI's first start created the database and loaded the network.
      expect(await t.context.partners.list()).toHaveLength(21);
      const response = await t.app.request('/api/v1/partners', {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(newPartner()),
      });
      expect(response.status).toBe(201);
      const row = await t.context.db.selectFrom('api_tokens').select('label').executeTakeFirstOrThrow();
      expect(row.label).toBe('ci');
    } finally {
      await t.close();
    }
  });

  it('an unknown role → exit code 1 and a clear message on stderr, without touching the data folder', async () => {
    const elsewhere = join(dataDir, 'untouched');
    const run = await runEgide(['token', 'create', '--org', 'secretariat', '--role', 'wizard', '--data', elsewhere]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim()).toBe('egide: Unknown role "wizard": use one of admin, registrar, investigator, red-list-editor, heritage-assessor.');
    expect(existsSync(elsewhere)).toBe(false);
  });

  it('user add --password-stdin adds a person who can then sign in with that password', async () => {
    const password = 'a passphrase from stdin';
    const run = await runEgide(
      ['user', 'add', '--email', 'Grace@Example.org', '--org', 'secretariat', '--role', 'admin', '--name', 'Grace Hopper', '--password-stdin', '--data', dataDir],
      `${password}\n`,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Added Grace Hopper (admin) to secretariat.\n');

    const t = await createTestApp(dataDir);
    try {
      const browser = new Browser(t.app);
      await browser.get('/en/login');
      const response = await browser.post('/en/login', { email: 'grace@example.org', password, next: '/en/admin/partners', _csrf: browser.csrf() });
      expect(response.status).toBe(303);
      expect(response.headers.get('Location')).toBe('/en/admin/partners');
      expect((await browser.get('/en/admin/partners')).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('org add then org list shows the new organisation', async () => {
    const added = await runEgide(['org', 'add', '--slug', 'louvre-museum', '--name', 'Musée du Louvre', '--data', dataDir]);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toBe('louvre-museum\tmuseum\tMusée du Louvre\n');

    const listed = await runEgide(['org', 'list', '--data', dataDir]);
    expect(listed.code).toBe(0);
    const rows = listed.stdout.trimEnd().split('\n');
    expect(rows).toContain('louvre-museum\tmuseum\tMusée du Louvre');
    expect(rows).toContain('secretariat\tsecretariat\tNetwork secretariat');
    // The secretariat, the 21 partners (one of them created through the API above) and the museum.
    expect(rows).toHaveLength(24);
  });

  it('lists every command in its help, in order, and suggests the command a misspelt one meant', async () => {
    const help = await runEgide(['--help']);
    expect(help.code).toBe(0);
    const commands = help.stdout.split('\nCommands:\n')[1]!.split('\n').flatMap((line) => /^ {2}([\w-]+)/.exec(line)?.[1] ?? []);
    expect(commands).toEqual(['serve', 'token', 'user', 'org', 'import', 'demo', 'export', 'harvest', 'identify', 'index', 'identifications', 'audit', 'backup', 'restore', 'red-list', 'observatory', 'places', 'check', 'certificate', 'keys', 'webhook', 'alerts', 'help']);

    const misspelt = await runEgide(['imprt']);
    expect(misspelt.code).toBe(1);
    expect(misspelt.stderr).toContain("error: unknown command 'imprt'\n(Did you mean import?)");
  });
});
