/**
 * Worker thread of an import (see import-thread.ts): reads, maps and validates the file's records
 * (stage 1 of the pipeline) and sends them to the main thread in chunks, at most a few chunks
 * ahead of the writing. It never touches the database, and loads only the formats (parsers, mappers,
 * the description schema): neither the database nor the image library is in its memory.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DomainError } from '../../errors.js';
import { openImportPath } from './folder-source.js';
import { importFormat, type OpenOptions } from './import-formats.js';
import { prepareRecords, SourceError, type PreparedItem } from './import-pipeline.js';
import type { FromWorker, ToWorker, WorkerData } from './import-thread.js';
import { CoverageCollector } from './mapping-coverage.js';

const CHUNK = 250;
const AHEAD = 4;

const port = parentPort!;
const send = (message: FromWorker) => port.postMessage(message);
let credits = AHEAD;
let wake: (() => void) | undefined;
port.on('message', (message: ToWorker) => {
  if (message.type !== 'more') return;
  credits += 1;
  wake?.();
});
const credit = async () => {
  while (credits <= 0) await new Promise<void>((resolve) => (wake = resolve));
  wake = undefined;
  credits -= 1;
};

async function run({ format, file, lang, mapping }: WorkerData): Promise<void> {
  let opened;
  const coverage = mapping === undefined ? undefined : new CoverageCollector();
  try {
    const options: OpenOptions = { lang, mapping, coverage };
    opened = openImportPath(importFormat(format), file, options);
  } catch (error) {
    if (error instanceof DomainError) return send({ type: 'invalid', message: error.message });
    throw error;
  }
  const label = opened.fieldLabel ?? ((path: ReadonlyArray<PropertyKey>) => path.map(String).join('.'));
  send({ type: 'opened', keep: [...(opened.keep ?? [])], inventoryLabel: label(['inventoryNumber']) });
  let chunk: PreparedItem[] = [];
  const flush = async () => {
    await credit();
    send({ type: 'items', items: chunk, fraction: opened.source.progress?.() });
    chunk = [];
  };
  try {
    for await (const item of prepareRecords(opened.source, opened.map, label)) {
      chunk.push(item);
      if (chunk.length >= CHUNK) await flush();
    }
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    await flush();
    return send({ type: 'stopped', line: error.line, reason: error.message, coverage: coverage?.result() });
  }
  await flush();
  send({ type: 'done', coverage: coverage?.result() });
}

run(workerData as WorkerData).then(
  () => port.close(),
  (error: unknown) => {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    port.close();
  },
);
