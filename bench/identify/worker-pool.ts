import type { Worker } from 'node:worker_threads';

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
