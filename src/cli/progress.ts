import type { ImportProgress } from '../interop/import/import-pipeline.js';

export interface ProgressReporter {
  update(progress: ImportProgress): void;
  /** Shows the last state and leaves the line. */
  done(): void;
}

const TTY_INTERVAL_MS = 100;
const PLAIN_INTERVAL_MS = 5000;
const BAR_WIDTH = 20;

const number = (n: number) => Math.round(n).toLocaleString('en-US');

function counts(p: ImportProgress): string {
  const images = p.images.attached + p.images.failed > 0 ? `, images ${number(p.images.attached)} (failed ${number(p.images.failed)})` : '';
  return `created ${number(p.created)}, updated ${number(p.updated)}, unchanged ${number(p.unchanged)}, warned ${number(p.warned)}, failed ${number(p.failed)}${images}`;
}

function rate(p: ImportProgress): string {
  return `${number(p.elapsedMs > 0 ? (p.rows / p.elapsedMs) * 1000 : 0)} rows/s`;
}

/**
 * Import progress on stderr: a bar redrawn in place when stderr is a terminal, otherwise (a log
 * file, CI) a plain line every few seconds.
 */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr, label = 'import'): ProgressReporter {
  let last: ImportProgress | undefined;
  // The bar appears at once; plain lines only for imports that last (a short one prints only its summary).
  let shownAt = stream.isTTY ? 0 : performance.now();
  let drawn = false;
  const tty = Boolean(stream.isTTY);

  const draw = (p: ImportProgress) => {
    const fraction = p.fraction;
    const bar = fraction === undefined ? '' : `[${'#'.repeat(Math.round(fraction * BAR_WIDTH)).padEnd(BAR_WIDTH, '.')}] ${String(Math.floor(fraction * 100)).padStart(3)}% `;
    const line = `${bar}${number(p.rows)} rows, ${rate(p)} · ${counts(p)}`;
    // Cut to the terminal's width, so that the line is redrawn in place rather than wrapped.
    const columns = stream.columns || 0;
    stream.write(`\r\x1b[2K${columns > 20 ? line.slice(0, columns - 1) : line}`);
    drawn = true;
  };

  const plain = (p: ImportProgress) => {
    const share = p.fraction === undefined ? '' : ` (${Math.floor(p.fraction * 100)}%)`;
    stream.write(`${label}: ${number(p.rows)} rows${share}, ${rate(p)}; ${counts(p)}\n`);
  };

  return {
    update(progress) {
      last = progress;
      const now = performance.now();
      if (now - shownAt < (tty ? TTY_INTERVAL_MS : PLAIN_INTERVAL_MS)) return;
      shownAt = now;
      if (tty) draw(progress);
      else plain(progress);
    },
    done() {
      if (tty && last) {
        draw(last);
        stream.write('\n');
      } else if (tty && drawn) stream.write('\n');
    },
  };
}
