/** The OAI-PMH response schema (with oai_dc, oai-identifier and LIDO imported) ready for xmllint. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STANDARDS_DIR, standardsPath } from './standards.js';

const SCHEMA_DIR = fileURLToPath(new URL('../oai-pmh/schema/', import.meta.url));

let prepared: string | undefined;

/** Path of OAI-PMH.xsd, its `@STANDARDS@` locations pointing at the shared standards folder. */
export function oaiSchema(): string {
  if (prepared) return prepared;
  standardsPath('lido', 'schema', 'lido-v1.1.xsd');
  const dir = mkdtempSync(join(tmpdir(), 'egide-oai-xsd-'));
  for (const file of readdirSync(SCHEMA_DIR).filter((name) => name.endsWith('.xsd'))) {
    writeFileSync(join(dir, file), readFileSync(join(SCHEMA_DIR, file), 'utf8').replaceAll('@STANDARDS@', STANDARDS_DIR));
  }
  prepared = join(dir, 'OAI-PMH.xsd');
  return prepared;
}
