import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEgide } from '../../test-support/cli.js';
import { createTestApp } from '../../test-support/test-app.js';

const DAY = 86_400_000;
const PERSON = { email: 'rita@musee-cli.test', password: 'a long enough test password' };

// Each run starts Node with tsx (about a second): a few runs, sharing one data folder, in order.
describe('egide token and user commands', () => {
  let dataDir: string;
  let personId: number;
  const egide = (...args: string[]) => runEgide([...args, '--data', dataDir]);
  /** Opens the data folder as a server would, runs `check`, closes it. */
  const withApp = async <T,>(check: (t: Awaited<ReturnType<typeof createTestApp>>) => Promise<T>): Promise<T> => {
    const t = await createTestApp(dataDir);
    try {
      return await check(t);
    } finally {
      await t.close();
    }
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'egide-access-cli-'));
    personId = await withApp(async (t) => {
      await t.context.organisations.ensure('musee-cli', 'Musée CLI', 'museum');
      const person = await t.context.accounts.addPerson({ ...PERSON, displayName: 'Rita', organisationSlug: 'musee-cli', role: 'registrar' });
      return person.userId;
    });
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  let nightlyToken = '';

  it('token create gives the token a label and an expiry, the token last on stdout', async () => {
    const run = await egide('token', 'create', '--org', 'musee-cli', '--role', 'registrar', '--label', 'nightly sync', '--expires-in', '30d');
    expect(run.stderr).toMatch(/API token for musee-cli \(registrar\): #\d+ “nightly sync”, expires \d{4}-/);
    expect(run.code).toBe(0);
    nightlyToken = run.stdout.trimEnd().split('\n').at(-1) ?? '';
    expect(nightlyToken).toMatch(/^egide_[\w-]{40,}$/);
    const expiresAt = await withApp(async (t) => (await t.context.accounts.listApiTokens('musee-cli'))[0]?.expiresAt);
    expect(Date.parse(expiresAt!) - Date.now()).toBeGreaterThan(29 * DAY);
    expect(Date.parse(expiresAt!) - Date.now()).toBeLessThan(31 * DAY);
  });

  it('refuses a role the organisation’s kind does not hold, unless --force', async () => {
    const refused = await egide('token', 'create', '--org', 'musee-cli', '--role', 'investigator');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('A museum (musee-cli) may not hold the role investigator');

    const forced = await egide('token', 'create', '--org', 'musee-cli', '--role', 'investigator', '--force', '--no-expiry', '--label', 'forced');
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('never expires');

    const person = await egide('user', 'add', '--email', 'boss@musee-cli.test', '--org', 'musee-cli', '--role', 'admin', '--password-stdin');
    expect(person.code).toBe(1);
    expect(person.stderr).toContain('may not hold the role admin');
    expect(await withApp((t) => t.context.db.selectFrom('users').select('id').where('email', '=', 'boss@musee-cli.test').executeTakeFirst())).toBeUndefined();
  });

  it('token list shows each token with its state; token revoke cuts it off', async () => {
    const listed = await egide('token', 'list', '--org', 'musee-cli');
    expect(listed.code).toBe(0);
    const [header, ...lines] = listed.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^id\s+label\s+org\s+role\s+created\s+expires\s+last used\s+state$/);
    expect(lines).toHaveLength(2);
    const nightly = lines.find((line) => line.includes('nightly sync'))!;
    expect(nightly).toMatch(/musee-cli\s+registrar\s+.*never\s+active$/);
    expect(lines.find((line) => line.includes('forced'))).toMatch(/investigator\s+\S+ \S+\s+never\s+never\s+active$/);

    const id = nightly.split(/\s+/)[0]!;
    const revoked = await egide('token', 'revoke', id);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain(`Token #${id} “nightly sync” of musee-cli is revoked`);
    expect((await egide('token', 'list', '--org', 'musee-cli')).stdout).toMatch(/nightly sync.*revoked\n/);
    const status = await withApp(async (t) => (await t.app.request('/api/v1/search?q=x', { headers: { Authorization: `Bearer ${nightlyToken}` } })).status);
    expect(status).toBe(401);

    const unknown = await egide('token', 'revoke', '987654');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No API token with the id 987654');
  });

  it('user disable ends the person’s sessions and stops sign-in; enable and passwd', async () => {
    await withApp((t) => t.context.accounts.startSession(personId));
    const disabled = await egide('user', 'disable', PERSON.email);
    expect(disabled.code).toBe(0);
    await withApp(async (t) => {
      expect(await t.context.db.selectFrom('sessions').select('user_id').where('user_id', '=', personId).execute()).toEqual([]);
      expect(await t.context.accounts.verifyCredentials(PERSON.email, PERSON.password)).toBeUndefined();
    });

    expect((await egide('user', 'enable', PERSON.email)).code).toBe(0);
    await withApp((t) => t.context.accounts.startSession(personId));
    const changed = await runEgide(['user', 'passwd', PERSON.email, '--password-stdin', '--data', dataDir], 'a brand new long password\n');
    expect(changed.code).toBe(0);
    await withApp(async (t) => {
      expect(await t.context.db.selectFrom('sessions').select('user_id').where('user_id', '=', personId).execute()).toEqual([]);
      expect(await t.context.accounts.verifyCredentials(PERSON.email, 'a brand new long password')).toMatchObject({ userId: personId });
    });

    const nobody = await egide('user', 'disable', 'nobody@example.org');
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('No person with the e-mail nobody@example.org');
  });
});
