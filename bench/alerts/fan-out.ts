import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { ImageWatchListener } from '../../src/alerts/watch/image-watch.listener.js';
import { WatchIndex } from '../../src/alerts/watch/watch-index.js';
import { WatchedPhotos } from '../../src/alerts/watch/watched-photos.js';
import { WatchedPhotosRepository } from '../../src/alerts/watch/watched-photos.repository.js';
import { SubscriptionRepository } from '../../src/alerts/subscriptions/subscription.repository.js';
import type { DialectName } from '../../src/db/database.js';
import type { Principal } from '../../src/roles.js';
import { IdentificationEngine } from '../../src/identify/identification-engine.js';
import { candidateVerdict } from '../../src/identify/verdict.js';
import { CreateObjectSchema } from '../../src/registry/object.schemas.js';
import { percentile } from '../percentile.js';
import { freshContext, outboxLeft } from './context.js';
import { WebhookReceiver } from './receiver.js';
import { dealers, webhooksOf } from './webhook-rate.js';
import { describe, engine, otherImages, PHOTOS_PER_WATCH, unwatchedPaintings, watchedPaintings, watchedStock } from './watched-stock.js';

export interface Row {
  measure: string;
  result: string;
  target: string;
  pass?: boolean | undefined;
}

export const FAN_OUT_TARGETS = { firstWebhookSeconds: 2, allSeconds: 60, matchP95Ms: 500 };

/** Dealers with saved searches, each with 10 webhooks and an image watch; the museum's registrars following its objects (10 webhooks of the museum). */
const DEALERS = 100;
const MUSEUM_PEOPLE = 50;
const WEBHOOKS_EACH = 10;

/**
 * A new alert fanned out: `subscriptions` saved searches (of 100 dealers) and object subscriptions
 * (of 50 registrars of the museum), every one answering the alert, one in five with a webhook
 * (1,010 webhooks at 10,000 subscriptions: 10 per dealer, 10 of the museum), and `watched`
 * watched photos in image watches of 1,000 — the museum's photo of the stolen painting is found
 * in the watch holding the dealer's own photo of it. Timed from the incident report (the server's
 * dispatcher and outbox running in the background, as `egide serve` runs them) to the first and
 * the last webhook verified by the receiver, and to the last outbox item delivered.
 * Before it: one alert photo matched against the watched photos (p95, wall and CPU), the index's
 * load time and memory, and whether watched paintings are found and unwatched ones are not.
 */
export async function measureFanOut(dialect: DialectName, subscriptions: number, watched: number, queries: number): Promise<Row[]> {
  const { context, close } = await freshContext(dialect, 'fanout');
  const receiver = new WebhookReceiver();
  await receiver.listen();
  const rows: Row[] = [];
  try {
    const log = (text: string) => process.stderr.write(`\r\x1b[Kfan-out: ${text}`);
    // The stolen painting, registered with the museum's photo and indexed.
    await context.organisations.ensure('bench-museum', 'Benchmark museum', 'museum');
    const registrar = await context.accounts.servicePrincipal('bench-museum', 'registrar');
    const object = await context.objects.create(registrar, CreateObjectSchema.parse({ description: { inventoryNumber: 'BM-1', title: { en: 'Portrait of a lady, oil painting' }, objectType: [{ label: { en: 'paintings' } }] } }));
    await context.photos.addPhoto(registrar, object.id, await sharp(readFileSync(watchedPaintings[0]!)).jpeg({ quality: 90 }).toBuffer(), 'museum.jpg');
    await context.indexingQueue.drain();

    // Saved searches: dealers (each with 10 webhooks and an image watch). Object subscriptions: the museum's registrars following its objects.
    const searchers = await dealers(context, DEALERS);
    const museumPeople: Principal[] = [];
    for (let p = 0; p < MUSEUM_PEOPLE; p++) {
      museumPeople.push(await context.accounts.addPerson({ email: `registrar-${p}@museum.example`, displayName: `Registrar ${p}`, password: 'benchmark password', organisationSlug: 'bench-museum', role: 'registrar' }));
      log(`museum registrars ${p + 1}/${MUSEUM_PEOPLE}`);
    }
    const hooks = new Map<Principal, number[]>();
    for (const principal of [...searchers, museumPeople[0]!]) hooks.set(principal, await webhooksOf(context, receiver, principal, WEBHOOKS_EACH));
    for (const principal of museumPeople) hooks.set(principal, hooks.get(museumPeople[0]!)!);
    const webhooksUsed = new Set<number>();
    const watchIds: string[] = [];
    for (let s = 0; s < subscriptions; s++) {
      // Alternately a saved search and an object subscription, each owner's in turn; one in five of an owner's posts to one of its webhooks, in turn.
      const search = s % 2 === 0;
      const owners = search ? searchers : museumPeople;
      const principal = owners[Math.floor(s / 2) % owners.length]!;
      const turn = Math.floor(s / 2 / owners.length);
      const webhookId = turn % 5 === 4 ? hooks.get(principal)![Math.floor(turn / 5) % WEBHOOKS_EACH]! : null;
      if (webhookId !== null) webhooksUsed.add(webhookId);
      const channels = { inApp: true, email: 'off' as const, webhookId };
      if (search) await context.alerts.subscriptions.create(principal, { kind: 'search', label: `Portraits ${s}`, query: { q: 'portrait' }, channels, lang: 'en' });
      else await context.alerts.subscriptions.create(principal, { kind: 'objects', label: `Our paintings ${s}`, objectIds: [object.id], channels, lang: 'en' });
      if (s % 100 === 0) log(`subscriptions ${s}/${subscriptions}`);
    }
    for (const principal of searchers) {
      if (watchIds.length * PHOTOS_PER_WATCH >= watched) break;
      const watch = await context.alerts.subscriptions.create(principal, { kind: 'image-watch', label: 'Stock', channels: { inApp: true, email: 'off', webhookId: hooks.get(principal)![0]! }, lang: 'en' });
      watchIds.push(watch.id);
    }
    process.stderr.write('\n');

    // The watched photos, read by the product's index from the benchmark's store.
    const stock = await watchedStock(watched, (watch) => watchIds[watch] ?? 'unowned');
    const rssBefore = process.memoryUsage().rss;
    const loadStarted = performance.now();
    const index = new WatchIndex(stock.source, new IdentificationEngine(engine.extractor, engine.vocabulary, engine.settings));
    await index.refresh();
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const memoryMb = (process.memoryUsage().rss - rssBefore) / 1024 ** 2;
    rows.push({ measure: `watched photos: ${watched.toLocaleString('en')} in ${watchIds.length} image watches (${stock.realAt.size} real stock photos), index loaded in`, result: `${loadSeconds.toFixed(1)} s, ${memoryMb.toFixed(0)} MB RSS growth`, target: '' });

    /** One match: its wall time, and its CPU time (what it costs, whatever else the machine runs). */
    const timed = async (file: string) => {
      const query = await describe(readFileSync(file));
      const at = performance.now();
      const cpu = process.cpuUsage();
      const candidates = await index.search(query, 'homography', 'image-watch');
      const used = process.cpuUsage(cpu);
      return { ms: performance.now() - at, cpuMs: (used.user + used.system) / 1000, found: candidates.filter((candidate) => candidateVerdict(candidate) !== 'no-match').map((candidate) => candidate.slot) };
    };
    // The first search allocates the vote arrays for every slot: not what an alert waits for.
    await timed(otherImages[0]!);
    const watchedRuns = [];
    for (const [n, file] of watchedPaintings.slice(0, Math.min(queries, stock.realAt.size)).entries()) {
      const run = await timed(file);
      watchedRuns.push({ ...run, right: run.found.some((slot) => stock.realAt.get(slot) === n) });
    }
    const unwatchedRuns = [];
    for (const file of unwatchedPaintings.slice(0, queries)) unwatchedRuns.push(await timed(file));
    const runs = [...watchedRuns, ...unwatchedRuns];
    const wall = Float64Array.from(runs.map((run) => run.ms)).sort();
    const cpu = Float64Array.from(runs.map((run) => run.cpuMs)).sort();
    const p95 = percentile(wall, 95);
    rows.push({ measure: `one alert photo matched against the watched photos, p50 (CPU), ${runs.length} photos`, result: `${percentile(wall, 50).toFixed(0)} ms (${percentile(cpu, 50).toFixed(0)} ms)`, target: '' });
    rows.push({ measure: 'one alert photo matched against the watched photos, p95 (CPU)', result: `${p95.toFixed(0)} ms (${percentile(cpu, 95).toFixed(0)} ms)`, target: `≤ ${FAN_OUT_TARGETS.matchP95Ms} ms`, pass: p95 <= FAN_OUT_TARGETS.matchP95Ms });
    const found = watchedRuns.filter((run) => run.right).length;
    rows.push({ measure: 'watched paintings found in their watch', result: `${found} / ${watchedRuns.length}`, target: 'all', pass: found === watchedRuns.length });
    const wrong = unwatchedRuns.filter((run) => run.found.length > 0).length;
    rows.push({ measure: 'unwatched paintings matched', result: `${wrong} / ${unwatchedRuns.length}`, target: '0', pass: wrong === 0 });

    // The product's image-watch listener, on these watched photos (it replaces the one of the same name).
    const watchedPhotos = new WatchedPhotos({
      repository: new WatchedPhotosRepository(context.db),
      index,
      describer: { size: 1, describe: () => Promise.reject(new Error('the alert photo should have been indexed')) },
      readRegistryPhoto: () => Promise.resolve(undefined),
    });
    context.alerts.dispatcher.registerListener(new ImageWatchListener({ watched: watchedPhotos, subscriptions: new SubscriptionRepository(context.db), outbox: context.alerts.outbox }));

    const expectedWebhooks = webhooksUsed.size;
    context.alerts.start();
    const started = performance.now();
    await context.objects.reportIncident(registrar, object.id, { method: 'theft', reporter: 'Registrar on duty', reporterContact: '+33 1 00 00 00 00', circumstances: 'Benchmark', policeReportNumber: 'PV-1', place: 'Room 1', country: 'FR', publish: true });
    const progress = setInterval(() => log(`${receiver.verified} webhooks verified`), 1000);
    // When the dispatcher has raised the alert and queued its deliveries (it looks for new history rows every second).
    let queuedAt: number | undefined;
    const queued = setInterval(() => {
      void outboxLeft(context).then((now) => {
        if (now.total > 0) queuedAt ??= performance.now();
      });
    }, 20);
    // The subscriptions' webhooks, then the image watch's (its listener runs after the dispatch).
    await receiver.until(expectedWebhooks + 1, 120_000);
    let left = await outboxLeft(context);
    while (left.pending > 0 && performance.now() - started < 120_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      left = await outboxLeft(context);
    }
    const allSeconds = (performance.now() - started) / 1000;
    clearInterval(progress);
    clearInterval(queued);
    process.stderr.write('\n');
    await context.alerts.stop();

    const first = ((receiver.firstAt ?? Infinity) - started) / 1000;
    const lastWebhook = ((receiver.lastAt ?? Infinity) - started) / 1000;
    const watchItems = await context.db.selectFrom('alert_outbox').select('idempotency_key').where('idempotency_key', 'like', '%:watch:%').execute();
    rows.push({ measure: `a new alert to ${subscriptions.toLocaleString('en')} subscriptions and ${watchIds.length} image watches: its deliveries queued by the dispatcher (it looks every 250 ms when idle)`, result: `${(((queuedAt ?? Infinity) - started) / 1000).toFixed(2)} s`, target: '' });
    rows.push({ measure: `… first webhook verified`, result: `${first.toFixed(2)} s`, target: `≤ ${FAN_OUT_TARGETS.firstWebhookSeconds} s`, pass: first <= FAN_OUT_TARGETS.firstWebhookSeconds });
    rows.push({ measure: `… all ${receiver.verified} webhooks verified (of ${expectedWebhooks + 1}: ${expectedWebhooks} webhooks of the subscriptions, 1 of the image watch; ${receiver.refused} refused, ${receiver.duplicates} twice)`, result: `${lastWebhook.toFixed(1)} s`, target: `≤ ${FAN_OUT_TARGETS.allSeconds} s`, pass: receiver.verified === expectedWebhooks + 1 && lastWebhook <= FAN_OUT_TARGETS.allSeconds });
    rows.push({ measure: `… all ${left.total} outbox items delivered (in-app, webhooks; ${left.failed} failed, ${left.pending} pending; ${watchItems.length} from the image watch)`, result: `${allSeconds.toFixed(1)} s`, target: `≤ ${FAN_OUT_TARGETS.allSeconds} s`, pass: left.pending === 0 && left.failed === 0 && allSeconds <= FAN_OUT_TARGETS.allSeconds });
    return rows;
  } finally {
    await receiver.close();
    await close();
  }
}
