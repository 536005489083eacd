import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../test-support/cli.js';

const dataDir = mkdtempSync(join(tmpdir(), 'egide-serve-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('egide serve', () => {
  it('logs JSON lines, serves, and on SIGTERM finishes and exits 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0', '--host', '127.0.0.1', '--data', dataDir], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const logs: Array<Record<string, unknown>> = [];
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const listening = new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === 'egide listening') resolve(String(entry.url));
      });
      child.on('close', () => reject(new Error('the server exited before listening')));
    });
    const url = (await listening).replace('0.0.0.0', '127.0.0.1');
    const health = await fetch(new URL('/healthz', url));
    expect(health.status).toBe(200);
    const partners = (await (await fetch(new URL('/api/v1/partners', url))).json()) as { items: unknown[] };
    expect(partners.items).toHaveLength(21);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const messages = logs.map((entry) => entry.msg);
    expect(messages).toEqual(expect.arrayContaining(['partner network loaded', 'egide listening', 'request', 'shutting down', 'egide stopped']));
    const request = logs.find((entry) => entry.msg === 'request' && entry.path === '/healthz');
    expect(request).toMatchObject({ level: 'info', method: 'GET', status: 200 });
    expect(typeof request?.time).toBe('string');
  });
});
