import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository, wherever the benchmark is started from: default paths are relative to it, not to the current folder. */
export const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** The datasets and standards beside the repository (`../shared`). */
export const SHARED = resolve(REPO_ROOT, '../shared');
