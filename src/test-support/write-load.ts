/**
 * Write load on a real `egide serve` (egide-server.ts), for tests that check another process
 * working on the same data folder (an import, a backup) loses none of the server's writes.
 */
import { expect } from 'vitest';
import type { EgideServer } from './egide-server.js';
import { createTestApp } from './test-app.js';

export type Api = (path: string, init?: RequestInit) => Promise<Response>;

/** A registrar token of a museum `slug` created in `dataDir` (before a server opens it). */
export async function museumRegistrarToken(dataDir: string, slug: string, name: string): Promise<string> {
  const t = await createTestApp(dataDir);
  try {
    await t.context.organisations.ensure(slug, name, 'museum');
    return await t.token('registrar', slug);
  } finally {
    await t.close();
  }
}

/** Calls the server's API with the bearer token. */
export function apiOf(server: () => EgideServer, token: () => string): Api {
  return (path, init = {}) => fetch(new URL(`/api/v1${path}`, server().url), { ...init, headers: { Authorization: `Bearer ${token()}`, ...init.headers } });
}

/** `count` paintings created through the API, numbered `${prefix}-n`: their ids. */
export async function createApiObjects(api: Api, count: number, prefix: string, title: (n: number) => string): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    const response = await api('/objects', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ description: { inventoryNumber: `${prefix}-${n}`, title: { en: title(n) }, objectType: [{ label: { en: 'paintings' } }] } }),
    });
    expect(response.status).toBe(201);
    ids.push(((await response.json()) as { id: string }).id);
  }
  return ids;
}

export interface WriteLoadOptions {
  /** A photo is uploaded every this many rounds (round 0 included). */
  uploadEvery: number;
  /** The photo (JPEG) uploaded at a round. */
  photo(round: number): Promise<Buffer>;
}

/**
 * Edits the objects in turn (read, then PATCH with If-Match) and uploads a photo now and then,
 * which the server queues and indexes, until stopped. Keeps what the server acknowledged.
 */
export function startWriteLoad(api: Api, ids: readonly string[], options: WriteLoadOptions) {
  const titles = new Map<string, string>();
  const uploads = new Map<string, number>();
  const failures: string[] = [];
  let writes = 0;
  let stopping = false;
  /** One round: an edit, and an upload every `uploadEvery` rounds. */
  const writeRound = async (round: number) => {
    const id = ids[round % ids.length]!;
    const read = await api(`/objects/${id}`);
    const title = `edited ${round}`;
    const edit = await api(`/objects/${id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', 'If-Match': read.headers.get('ETag') ?? '' },
      body: JSON.stringify({ description: { title: { en: title } } }),
    });
    if (edit.status === 200) {
      writes++;
      titles.set(id, title);
    } else failures.push(`PATCH ${edit.status}: ${await edit.text()}`);
    if (round % options.uploadEvery === 0) {
      const form = new FormData();
      form.set('photo', new Blob([new Uint8Array(await options.photo(round))], { type: 'image/jpeg' }), 'photo.jpg');
      const upload = await api(`/objects/${id}/photos`, { method: 'POST', body: form });
      if (upload.status === 201) {
        writes++;
        uploads.set(id, (uploads.get(id) ?? 0) + 1);
      } else failures.push(`upload ${upload.status}: ${await upload.text()}`);
    }
  };
  const running = (async () => {
    for (let round = 0; !stopping; round++) {
      try {
        await writeRound(round);
      } catch (error) {
        // A connection cut (a server killed mid-answer, behind a balancer): nothing was acknowledged.
        const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
        failures.push(`${error instanceof Error ? error.message : String(error)}${cause}`);
      }
    }
  })();
  return {
    /** Writes the server acknowledged so far. */
    acknowledged: () => writes,
    async waitForWrites(count: number) {
      while (writes < count && !stopping) await new Promise((resolve) => setTimeout(resolve, 50));
    },
    /** Stops, and gives the last title acknowledged per object, the uploads acknowledged per object, and what failed. */
    async stop() {
      stopping = true;
      await running;
      return { titles, uploads, failures };
    },
  };
}
