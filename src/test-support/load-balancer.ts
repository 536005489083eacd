import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

const HAPROXY = '/usr/sbin/haproxy';

export interface LoadBalancer {
  url: string;
  stop(): Promise<void>;
}


/**
 * An haproxy configuration: round robin over the instances, `X-Forwarded-For` added (the instances
 * trust it from 127.0.0.1), `/healthz` checked every second; a request whose connection is refused
 * (a stopped instance, before its checks fail) is sent to another instance, never one already sent.
 * A check may take 5 s: with the default (the interval), a busy instance on two cores was taken out
 * under the bench's load and haproxy answered 503 to most requests.
 */
function haproxyConfig(port: number, instances: readonly string[]): string {
  return [
    'global',
    '  maxconn 2000',
    'defaults',
    '  mode http',
    '  option forwardfor',
    '  option redispatch',
    '  retries 3',
    '  timeout connect 2s',
    '  timeout client 60s',
    '  timeout server 60s',
    '  timeout check 5s',
    'frontend egide',
    `  bind 127.0.0.1:${port}`,
    '  default_backend instances',
    'backend instances',
    '  balance roundrobin',
    '  option httpchk GET /healthz',
    '  http-check expect status 200',
    '  default-server inter 1s fall 3 rise 2',
    ...instances.map((url, i) => `  server egide${i + 1} ${new URL(url).host} check`),
    '',
  ].join('\n');
}

/** Debian's haproxy in front of `instances` (their base URLs), as a child process; once it answers. */
export async function startLoadBalancer(instances: readonly string[]): Promise<LoadBalancer> {
  if (!existsSync(HAPROXY)) throw new Error(`haproxy is not installed at ${HAPROXY}: the tests of several instances need Debian's "haproxy" package (apt-get install haproxy).`);
  const folder = mkdtempSync(join(tmpdir(), 'egide-haproxy-'));
  const port = await freePort();
  const file = join(folder, 'haproxy.cfg');
  writeFileSync(file, haproxyConfig(port, instances));
  const child = spawn(HAPROXY, ['-f', file, '-db'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4_000)));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(folder, { recursive: true, force: true });
  };
  // Up once it answers through an instance marked healthy.
  for (const started = Date.now(); ; await new Promise((resolve) => setTimeout(resolve, 100))) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`haproxy exited (${child.exitCode}):\n${output}`);
    }
    const status = await fetch(`${url}/healthz`).then((response) => response.status, () => 0);
    if (status === 200) break;
    if (Date.now() - started > 15_000) {
      await stop();
      throw new Error(`haproxy did not answer /healthz within 15 s (last status ${status}):\n${output}`);
    }
  }
  return { url, stop };
}
