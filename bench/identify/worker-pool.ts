import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** A worker thread running a TypeScript module through tsx (the benchmark runs from sources). */
export function tsWorker(module: URL, workerData: unknown): Worker {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx').replace(/loader\.mjs$/, 'esm/api/index.mjs')).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}); })`, { eval: true, workerData });
}

/** Sends each request to the next free worker; resolves with the answers in request order. */
export async function runOnWorkers<Request, Answer>(workers: Worker[], requests: Request[], onAnswer: (answer: Answer) => Promise<void> | void): Promise<void> {
  let next = 0;
  await Promise.all(
    workers.map(async (worker) => {
      while (next < requests.length) {
        const request = requests[next++]!;
        const answer = await new Promise<Answer>((resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
          worker.postMessage(request);
        });
        await onAnswer(answer);
      }
    }),
  );
}
