import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { signatureHeader } from '../../alerts/webhooks/webhook-signature.js';
import { runEgide } from '../../test-support/cli.js';

const folder = mkdtempSync(join(tmpdir(), 'egide-webhook-cli-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('egide webhook verify', () => {
  it('says whether a saved delivery’s signature holds, from a file or standard input', async () => {
    const body = '{"id":"k","event":"ping","createdAt":"2026-12-07T15:00:00.000Z","data":{}}';
    const file = join(folder, 'body.json');
    writeFileSync(file, body);
    const header = signatureHeader('whsec_cli', Math.floor(Date.now() / 1000), body);
    const valid = await runEgide(['webhook', 'verify', file, '--secret', 'whsec_cli', '--signature', header]);
    expect(valid.code, valid.stderr).toBe(0);
    expect(valid.stdout).toMatch(/^signature valid, signed at \d{4}-/);
    const altered = await runEgide(['webhook', 'verify', '--secret', 'whsec_cli', '--signature', header], `${body}\n`);
    expect(altered.code).toBe(1);
    expect(altered.stderr).toContain('the HMAC does not match');
    const old = signatureHeader('whsec_cli', Math.floor(Date.now() / 1000) - 3600, body);
    const stale = await runEgide(['webhook', 'verify', file, '--secret', 'whsec_cli', '--signature', old]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('too far from this machine’s clock');
  }, 60_000);
});
