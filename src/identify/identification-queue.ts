/**
 * Bounds identifications in progress: `running` at once (each decodes a photo and searches the
 * index, close to a core's worth of work), `waiting` more accepted behind them. Beyond that a new
 * request is refused at once, before its body is read, so that a burst of uploads costs neither
 * memory nor the other requests' latency.
 */
export class IdentificationQueue {
  private admitted = 0;
  private running = 0;
  private readonly ready: Array<() => void> = [];
  /** A moving average of how long one identification runs, for Retry-After. */
  private averageMs = 2_000;

  constructor(
    readonly maxRunning: number,
    readonly maxWaiting: number,
  ) {}

  /** Reserves a place (running or waiting) and returns its release, or undefined when the queue is full. */
  tryAdmit(): (() => void) | undefined {
    if (this.admitted >= this.maxRunning + this.maxWaiting) return undefined;
    this.admitted += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.admitted -= 1;
    };
  }

  /** Runs `work` when fewer than `maxRunning` are running; the others wait their turn in order. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.maxRunning) await new Promise<void>((resolve) => this.ready.push(resolve));
    else this.running += 1;
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.averageMs = this.averageMs * 0.8 + (performance.now() - started) * 0.2;
      // The slot passes to the next in line (running stays the same), or is freed.
      const next = this.ready.shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  /** Seconds after which a refused client may expect a place: the time to work through the queue. */
  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(((this.maxRunning + this.maxWaiting) / this.maxRunning) * (this.averageMs / 1000)));
  }

  /** Identifications admitted and not yet finished (running, waiting or still uploading). */
  get inProgress(): number {
    return this.admitted;
  }
}
