import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import type { IdentificationJson } from '../../identify/identify.api.js';
import { runEgide } from '../../test-support/cli.js';
import { painting } from '../../test-support/identify-images.js';
import { createTestApp } from '../../test-support/test-app.js';

describe('egide identifications expire', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'egide-expire-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('removes the anonymous identifications past the retention period, with their photos', async () => {
    const t = await createTestApp(dataDir);
    const form = new FormData();
    form.append('photo', new File([new Uint8Array(await sharp(await painting(2)).resize({ width: 500 }).jpeg().toBuffer())], 'field.jpg'));
    const response = await t.app.request('/api/v1/identify', { method: 'POST', body: form });
    expect(response.status).toBe(200);
    const { identificationId: id } = (await response.json()) as IdentificationJson;
    // Made 31 days ago.
    await t.context.db.updateTable('identifications').set({ created_at: new Date(Date.now() - 31 * 86_400_000).toISOString() }).where('id', '=', id).execute();
    await t.close();
    const photo = join(dataDir, 'identifications', 'display', id.slice(0, 2), `${id}.jpg`);
    expect(existsSync(photo)).toBe(true);

    const run = await runEgide(['identifications', 'expire', '--data', dataDir]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('removed 1 anonymous identification\n');
    expect(run.code).toBe(0);
    expect(existsSync(photo)).toBe(false);
  }, 60_000);
});
