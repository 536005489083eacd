import type { Command } from 'commander';
import { withContext, withDataOption, type DataOptions } from '../data-options.js';

const number = (n: number) => Math.round(n).toLocaleString('en-US');
const BAR_WIDTH = 20;

/** "[#####...............]  25% 1,200 of 4,800 photos, 18 photos/s" on stderr: redrawn on a terminal, a line every few seconds otherwise. */
function progressBar(stream: NodeJS.WriteStream = process.stderr) {
  const tty = Boolean(stream.isTTY);
  const started = performance.now();
  let shownAt = 0;
  let drawn = false;
  return {
    update(done: number, remaining: number) {
      const now = performance.now();
      if (now - shownAt < (tty ? 100 : 5000)) return;
      shownAt = now;
      const total = done + remaining;
      const fraction = total > 0 ? done / total : 1;
      const bar = `[${'#'.repeat(Math.round(fraction * BAR_WIDTH)).padEnd(BAR_WIDTH, '.')}] ${String(Math.floor(fraction * 100)).padStart(3)}%`;
      const line = `${bar} ${number(done)} of ${number(total)} photos, ${number((done / (now - started)) * 1000)} photos/s`;
      stream.write(tty ? `\r\x1b[2K${line}` : `egide index: ${line}\n`);
      drawn = true;
    },
    end() {
      if (tty && drawn) stream.write('\n');
    },
  };
}

export function registerIndexCommands(program: Command): void {
  const index = program.command('index').description('the identification index of the registry’s photos');
  withDataOption(
    index
      .command('rebuild')
      .description('queue every photo again and index them all now (after an upgrade of the extractor, or to check the index); a killed rebuild resumes where it stopped'),
  ).action(async (options: DataOptions) => {
    const started = performance.now();
    const summary = await withContext(options, async (context) => {
      const queued = await context.identifyRepository.enqueueAll(new Date().toISOString());
      process.stderr.write(`egide index: ${number(queued)} photos queued\n`);
      const progress = progressBar();
      const result = await context.indexingQueue.drain((done, remaining) => progress.update(done, remaining));
      progress.end();
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
