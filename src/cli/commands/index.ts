import type { Command } from 'commander';
import { withContext, withDataOption, type DataOptions } from '../data-options.js';

const number = (n: number) => Math.round(n).toLocaleString('en-US');
const BAR_WIDTH = 20;

/** "[#####...............]  25% 1,200 of 4,800 photos, 18 photos/s" on stderr: redrawn on a terminal, a line every few seconds otherwise. */
export function progressBar(stream: NodeJS.WriteStream = process.stderr) {
  const tty = Boolean(stream.isTTY);
  const started = performance.now();
  /** When a line was last drawn: none yet, so the first state is drawn at once. */
  let shownAt: number | undefined;
  let drawn = false;
  /** The last state given and whether it was drawn: a log (no terminal) ends with the final count, not "0%". */
  let last: { done: number; remaining: number; shown: boolean } | undefined;
  const draw = (done: number, remaining: number, now: number) => {
    const total = done + remaining;
    const fraction = total > 0 ? done / total : 1;
    const bar = `[${'#'.repeat(Math.round(fraction * BAR_WIDTH)).padEnd(BAR_WIDTH, '.')}] ${String(Math.floor(fraction * 100)).padStart(3)}%`;
    const line = `${bar} ${number(done)} of ${number(total)} photos, ${number((done / (now - started)) * 1000)} photos/s`;
    stream.write(tty ? `\r\x1b[2K${line}` : `egide index: ${line}\n`);
    drawn = true;
  };
  return {
    update(done: number, remaining: number) {
      if (done + remaining === 0) return; // nothing to index: no "0 of 0 photos"
      const now = performance.now();
      last = { done, remaining, shown: false };
      if (shownAt !== undefined && now - shownAt < (tty ? 100 : 5000)) return;
      shownAt = now;
      last.shown = true;
      draw(done, remaining, now);
    },
    end() {
      if (last && !last.shown) draw(last.done, last.remaining, performance.now());
      if (tty && drawn) stream.write('\n');
    },
  };
}

export function registerIndexCommands(program: Command): void {
  const index = program.command('index').description('the identification index of the registry’s photos');
  withDataOption(
    index
      .command('rebuild')
      .description('queue every photo again, index them all now (after an upgrade of the extractor, or to check the index) and compact the index’s slots; a killed rebuild resumes where it stopped'),
  ).action(async (options: DataOptions) => {
    const started = performance.now();
    const summary = await withContext(options, async (context) => {
      const progress = progressBar();
      const result = await context.indexingQueue.rebuild({
        onQueued: (queued) => process.stderr.write(`egide index: ${number(queued)} photos queued\n`),
        onProgress: (done, remaining) => progress.update(done, remaining),
      });
      progress.end();
      process.stderr.write(`egide index: slots compacted (${number(result.moved)} ${result.moved === 1 ? 'photo' : 'photos'} moved)\n`);
      return { ...result, counts: await context.identifyRepository.counts() };
    });
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `indexed ${number(summary.indexed)} photos in ${seconds.toFixed(1)} s (${number(summary.indexed / Math.max(seconds, 0.001))} photos/s); ` +
        `failed ${number(summary.counts.failed)}; index ${number(summary.counts.indexed)} photos\n`,
    );
    if (summary.counts.failed > 0) process.exitCode = 1;
  });
  withDataOption(index.command('status').description('how many photos are indexed, waiting to be, or could not be')).action(async (options: DataOptions) => {
    const counts = await withContext(options, (context) => context.identifyRepository.counts());
    process.stdout.write(`indexed\t${counts.indexed}\npending\t${counts.pending}\nfailed\t${counts.failed}\n`);
  });
}
