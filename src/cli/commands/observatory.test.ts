import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEgide } from '../../test-support/cli.js';
import { dropTestDatabase } from '../../test-support/test-database.js';
import { pdfText } from '../../test-support/pdf-text.js';

describe('egide observatory report', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'egide-cli-observatory-'));
  });
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await dropTestDatabase(dataDir);
  });

  it('writes the year’s report in the language asked for, telling each section on stderr', async () => {
    const out = join(dataDir, 'report.pdf');
    const run = await runEgide(['observatory', 'report', '--year', '2025', '--lang', 'fr', '--out', out, '--data', dataDir]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(out);
    expect(run.stderr).toContain('egide observatory report: [1/8] L’année en bref');
    expect(run.stderr).toContain('egide observatory report: [8/8] Comment les chiffres sont établis');
    expect(existsSync(`${out}.partial`)).toBe(false);
    const text = await pdfText(readFileSync(out));
    expect(text).toContain('Rapport annuel 2025');
    expect(text).toContain('Rien d’enregistré cette année.');
  }, 60_000);

  it.each([
    { args: ['--year', '26'], option: '--year', message: '--year takes a year such as 2026, not "26".' },
    { args: ['--year', 'last'], option: '--year', message: '--year takes a year such as 2026, not "last".' },
    { args: ['--year', '2026', '--lang', 'de'], option: '--lang', message: '--lang takes one of fr, en, es, not "de".' },
  ])('refuses $args, naming $option', async ({ args, message }) => {
    const run = await runEgide(['observatory', 'report', ...args, '--out', join(dataDir, 'refused.pdf'), '--data', dataDir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`egide: ${message}`);
    expect(existsSync(join(dataDir, 'refused.pdf'))).toBe(false);
  });

  it('asks for the year', async () => {
    const run = await runEgide(['observatory', 'report', '--data', dataDir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("required option '--year <year>' not specified");
  });
});
