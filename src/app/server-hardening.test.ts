import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { createLogger } from '../config/logger.js';
import { startServer, type RunningServer } from './server.js';

let dataDir: string;
let server: RunningServer;
const logs: Array<{ level: string; msg: string; status?: number }> = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'egide-hardening-'));
  const config = loadConfig({ port: 0, data: dataDir, host: '127.0.0.1', logLevel: 'debug' }, { EGIDE_REQUEST_TIMEOUT: '1', EGIDE_HEADERS_TIMEOUT: '1' });
  server = await startServer(config, createLogger('debug', (line) => logs.push(JSON.parse(line) as (typeof logs)[number])));
});
afterAll(async () => {
  await server?.close(0);
  rmSync(dataDir, { recursive: true, force: true });
});

/** Sends the head of a sign-in form announcing `length` bytes, then only `sent` of them. */
function partialUpload(length: number, sent: number): Socket {
  const socket = connect(server.port, '127.0.0.1');
  socket.write(
    `POST /en/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${length}\r\n\r\nemail=${'x'.repeat(sent)}`,
  );
  return socket;
}

describe('the HTTP server', () => {
  it('drops a request whose body trickles in, within seconds (EGIDE_REQUEST_TIMEOUT), not minutes', async () => {
    const socket = partialUpload(100_000, 100);
    const started = Date.now();
    let answer = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('does not log a client that disconnects mid-upload as a server error', async () => {
    const before = logs.length;
    const socket = partialUpload(100_000, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    socket.destroy();
    // The request ends on the server's side when it notices the closed connection.
    await expect.poll(() => logs.slice(before).some((line) => line.msg === 'request'), { timeout: 5_000 }).toBe(true);
    const lines = logs.slice(before);
    expect(lines.filter((line) => line.level === 'error')).toEqual([]);
    expect(lines.find((line) => line.msg === 'request')).toMatchObject({ level: 'info', status: 499 });
  });
});
