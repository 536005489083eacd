/**
 * Schema validation with libxml2's xmllint (Debian package libxml2-utils, installed by .ci/run).
 * Missing xmllint is an error, never a skipped test: an export that was not validated is not known to be valid.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Read at each call, so a test can point it elsewhere. */
const xmllintPath = () => process.env.XMLLINT ?? '/usr/bin/xmllint';

export interface LintResult {
  ok: boolean;
  output: string;
}

function run(args: string[]): LintResult {
  const binary = xmllintPath();
  const result = spawnSync(binary, args, { encoding: 'utf8' });
  if (result.error) {
    throw new Error(`xmllint is required to validate exports and could not be run (${binary}: ${result.error.message}). Install it: apt-get install libxml2-utils.`);
  }
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}`.trim() };
}

function withFile<T>(xml: string, use: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'egide-xmllint-'));
  try {
    const file = join(dir, 'document.xml');
    writeFileSync(file, xml, 'utf8');
    return use(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `xmllint --noout --nonet --schema <xsd> <file>` on the document. */
export function validateAgainst(xsd: string, xml: string): LintResult {
  return withFile(xml, (file) => run(['--noout', '--nonet', '--schema', xsd, file]));
}

/** `xmllint --noout --nonet --relaxng <rng> <file>` on the document (RELAX NG in its XML syntax). */
export function validateAgainstRelaxNg(rng: string, xml: string): LintResult {
  return withFile(xml, (file) => run(['--noout', '--nonet', '--relaxng', rng, file]));
}

/** Well-formedness only. */
export function checkWellFormed(xml: string): LintResult {
  return withFile(xml, (file) => run(['--noout', '--nonet', file]));
}

/** Evaluates an XPath expression (with `local-name()` tests, as xmllint has no namespace flags) and returns its text output. */
export function xpath(xml: string, expression: string): string {
  return withFile(xml, (file) => {
    const result = run(['--nonet', '--xpath', expression, file]);
    return result.output;
  });
}
