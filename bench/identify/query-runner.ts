/**
 * Benchmark child process: opens a registry as the server would, loads the identification index,
 * then answers the query photos one at a time. Its own process, so that its peak memory is what a
 * server identifying against this registry needs. Prints one JSON document on stdout.
 *
 *   tsx bench/identify/query-runner.ts DATA_DIR QUERIES_DIR API_TOKEN
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppContext } from '../../src/app/context.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/config/logger.js';
import { IdentificationEngine } from '../../src/identify/identification-engine.js';
import { IdentifyRepository } from '../../src/identify/identify.repository.js';
import { OrbExtractor } from '../../src/identify/orb-extractor.js';
import { prepareImage } from '../../src/identify/prepare-image.js';
import { ReferenceIndex } from '../../src/identify/reference-index.js';
import { shippedVocabulary } from '../../src/identify/shipped-vocabulary.js';
import { assertEnoughDetail, decide } from '../../src/identify/verdict.js';
import { loadOpenCv } from '../../src/identify/opencv.js';

export interface QueryOutcome {
  name: string;
  verdict: string;
  /** Objects shown, best first, with their inliers. */
  shown: Array<{ objectId: string; inliers: number }>;
  /** Inliers of the best verified candidate, shown or not. */
  bestInliers: number;
  ms: number;
}

export interface RunnerReport {
  images: number;
  loadMs: number;
  peakRssMb: number;
  outcomes: QueryOutcome[];
}

const [dataDir, queriesDir, token] = process.argv.slice(2) as [string, string, string];
const context = await createAppContext(loadConfig({ data: dataDir, port: 0, logLevel: 'silent' }, {}), createLogger('silent'));
const principal = (await context.accounts.principalFromApiToken(token)) ?? null;
await loadOpenCv();
const repository = new IdentifyRepository(context.db);
const index = new ReferenceIndex(repository, new IdentificationEngine(new OrbExtractor(), shippedVocabulary(), JSON.parse(process.env.ENGINE_SETTINGS!)));
let started = performance.now();
await index.refresh();
const loadMs = performance.now() - started;

const outcomes: QueryOutcome[] = [];
for (const name of readdirSync(queriesDir).sort()) {
  const bytes = readFileSync(join(queriesDir, name));
  started = performance.now();
  const query = await index.engine.describe(await prepareImage(bytes, index.engine.settings.queryMaxSide), 'query');
  assertEnoughDetail(query);
  const visible = await repository.visibleSeqs(principal);
  const candidates = await index.identify(query, visible && ((seq) => visible.has(seq)));
  const decision = decide(candidates, 5);
  const ms = performance.now() - started;
  outcomes.push({ name, verdict: decision.verdict, shown: decision.candidates.map((c) => ({ objectId: c.objectId, inliers: c.inliers })), bestInliers: candidates[0]?.inliers ?? 0, ms });
}
const status = readFileSync('/proc/self/status', 'utf8');
const peakRssMb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
process.stdout.write(JSON.stringify({ images: index.size, loadMs, peakRssMb, outcomes } satisfies RunnerReport));
await context.close();
