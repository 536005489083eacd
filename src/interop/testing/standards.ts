/** The shared standards folder (schemas and real examples), beside the checkout as `../shared`. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export const STANDARDS_DIR = resolve(process.env.EGIDE_STANDARDS_DIR ?? join(REPO_ROOT, '..', 'shared', 'standards'));

export function standardsPath(...parts: string[]): string {
  const path = join(STANDARDS_DIR, ...parts);
  if (!existsSync(path)) {
    throw new Error(`Missing ${path}: the interoperability tests need the shared standards beside the checkout (../shared/standards), or EGIDE_STANDARDS_DIR.`);
  }
  return path;
}

export const LIDO_XSD = () => standardsPath('lido', 'schema', 'lido-v1.1.xsd');
export const LINKED_ART_SCHEMA_DIR = () => standardsPath('linked-art', 'schema');
