/**
 * Runs `round` again and again in the background until stopped: at once while it finds work (it
 * returns true), after `idleMs` when it found none — or as soon as `wake()` says there is some.
 * `round` handles its own errors.
 */
export class BackgroundLoop {
  private running: Promise<void> | undefined;
  private stopping = false;
  private wakeUp: (() => void) | undefined;

  constructor(
    private readonly round: () => Promise<boolean>,
    private readonly idleMs: number,
  ) {}

  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = (async () => {
      while (!this.stopping) {
        const busy = await this.round();
        if (!busy && !this.stopping) await this.pause();
      }
    })();
  }

  /** Work has come: the next round starts now rather than after the idle pause. */
  wake(): void {
    this.wakeUp?.();
  }

  /** Finishes the round in hand, then stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeUp?.();
    await this.running;
    this.running = undefined;
  }

  private pause(): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.idleMs);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
