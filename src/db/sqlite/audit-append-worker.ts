import SQLite from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { chainedRows, GENESIS_HASH, type ChainContent } from '../audit-chain.js';

export interface AppendRequest {
  id: number;
  contents: ChainContent[];
}

export type AppendResponse = { id: number } | { id: number; failure: { message: string; busy: boolean } };

export interface AppendWorkerData {
  file: string;
  /** How long an append waits for another connection's write lock (blocking this thread only). */
  busyWaitMs: number;
}

const { file, busyWaitMs } = workerData as AppendWorkerData;
const connection = new SQLite(file, { timeout: busyWaitMs });
// Per connection, as the server's own (sqlite-adapter.ts): a commit survives the process, not a power loss.
connection.pragma('synchronous = NORMAL');
const head = connection.prepare<[], { hash: string }>('select hash from audit_entries order by id desc limit 1');
const insert = connection.prepare(
  `insert into audit_entries (at, actor_kind, actor_user_id, actor_token_id, actor_name, client_address, organisation_id, action, target_type, target_id, details, outcome, prev_hash, hash)
   values (@at, @actor_kind, @actor_user_id, @actor_token_id, @actor_name, @client_address, @organisation_id, @action, @target_type, @target_id, @details, @outcome, @prev_hash, @hash)`,
);
const append = connection.transaction((contents: readonly ChainContent[]) => {
  for (const row of chainedRows(head.get()?.hash ?? GENESIS_HASH, contents)) insert.run(row);
});

parentPort!.on('message', ({ id, contents }: AppendRequest) => {
  let response: AppendResponse;
  try {
    // BEGIN IMMEDIATE: the chain's head is read under the write lock, so no other writer forks it.
    append.immediate(contents);
    response = { id };
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    response = { id, failure: { message: error instanceof Error ? error.message : String(error), busy: typeof code === 'string' && code.startsWith('SQLITE_BUSY') } };
  }
  parentPort!.postMessage(response);
});
