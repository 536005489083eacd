import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateFile, type Certificate } from '../../duediligence/certificates/certificate.js';
import { certifiableLot } from '../../duediligence/certificates/certificate.test-support.js';
import { signedIn, type Person } from '../../registry/pages.test-support.js';
import { runEgide } from '../../test-support/cli.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';

let t: TestApp;
let dealer: Person;

beforeAll(async () => {
  t = await createTestApp();
  dealer = await signedIn(t, 'registrar', 'galerie-cli');
});
afterAll(() => t.close());

const issue = () => t.context.certificates.issue(dealer.principal, { lot: certifiableLot(dealer.principal), watch: false, origin: 'https://egide.example.org', lang: 'en' });
function write(name: string, content: unknown): string {
  const path = join(t.dataDir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}
const certificateAt = (certificate: Certificate, name = `${certificate.id}.json`) => write(name, certificateFile(certificate));

describe('egide certificate verify and egide keys rotate', () => {
  it('offline with the published keys: valid but status not checked; revoked with a status list; altered and forged files refused', async () => {
    const kept = await issue();
    const withdrawn = await issue();
    await t.context.certificates.withdraw(dealer.principal, withdrawn.id);
    const keys = write('jwks.json', await (await t.app.request('/.well-known/jwks.json')).json());
    const status = write('status-list.jws', await (await t.app.request('/api/v1/certificates/status-list')).text());

    const offline = await runEgide(['certificate', 'verify', certificateAt(withdrawn), '--keys', keys]);
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stdout).toContain(`signature valid; status not checked offline: certificate ${withdrawn.id}`);

    const revoked = await runEgide(['certificate', 'verify', certificateAt(withdrawn), '--keys', keys, '--status', status]);
    expect(revoked.code).toBe(1);
    expect(revoked.stderr).toMatch(new RegExp(`^revoked: certificate ${withdrawn.id} was revoked on .* \\(withdrawn\\) \\(status list of `));
    const good = await runEgide(['certificate', 'verify', certificateAt(kept), '--keys', keys, '--status', status]);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toContain(`valid: certificate ${kept.id}, signed with key ${kept.kid}, not revoked (status list of `);

    const file = certificateFile(kept);
    const altered = write('altered.json', { ...file, certificate: { ...file.certificate, lot: { ...file.certificate.lot, lotId: 2 } } });
    const alteredRun = await runEgide(['certificate', 'verify', altered, '--keys', keys]);
    expect([alteredRun.code, alteredRun.stderr.trim()]).toEqual([1, `altered: the signature of certificate ${kept.id} is valid, but the readable copy in the file differs from what was signed`]);
    const [header, , signature] = kept.jws.split('.');
    const forged = write('forged.json', { ...file, jws: `${header}.${Buffer.from(JSON.stringify({ ...kept.content, outcome: 'no-match', watched: true })).toString('base64url')}.${signature}` });
    const forgedRun = await runEgide(['certificate', 'verify', forged, '--keys', keys]);
    expect(forgedRun.code).toBe(1);
    expect(forgedRun.stderr).toContain('forged: the signature does not verify');
  }, 120_000);

  it('rotates the key: certificates signed before still verify, with the old key still published', async () => {
    const before = await issue();
    const listed = await runEgide(['keys', 'list', '--data', t.dataDir]);
    expect(listed.stdout).toContain(`${before.kid}\t`);
    const rotated = await runEgide(['keys', 'rotate', '--data', t.dataDir]);
    expect(rotated.code, rotated.stderr).toBe(0);
    const kid = /^new current key (\S+)$/m.exec(rotated.stdout)?.[1];
    expect(kid).toBeDefined();
    expect(kid).not.toBe(before.kid);
    const keys = await t.context.signing.publicKeys();
    expect(keys.keys.map((key) => key.kid)).toEqual(expect.arrayContaining([before.kid, kid]));
    // Against this Egide's database (no --keys): the old certificate is valid and its status checked.
    const online = await runEgide(['certificate', 'verify', certificateAt(before), '--data', t.dataDir]);
    expect(online.code, online.stderr).toBe(0);
    expect(online.stdout).toContain(`valid: certificate ${before.id}, signed with key ${before.kid}, not revoked`);
    const after = await runEgide(['keys', 'list', '--data', t.dataDir]);
    expect(after.stdout).toContain(`${before.kid}\t`);
    expect(after.stdout).toMatch(new RegExp(`${kid}\\t\\S+\\tcurrent`));
    expect(after.stdout).toMatch(new RegExp(`${before.kid}\\t\\S+\\tretired`));
  }, 120_000);
});
