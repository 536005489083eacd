import { readFile } from 'node:fs/promises';

/** Samples VmRSS (current) and VmHWM (peak since start) of a process, in MB; Linux only. */
export class MemorySampler {
  private timer: NodeJS.Timeout | undefined;
  private pending: Promise<void> = Promise.resolve();
  rssMaxKb: number | undefined;
  hwmKb: number | undefined;

  constructor(private readonly pid: number) {}

  start(intervalMs = 100): void {
    this.rssMaxKb = undefined;
    this.hwmKb = undefined;
    this.pending = this.sample();
    this.timer = setInterval(() => {
      this.pending = this.sample();
    }, intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.pending;
    await this.sample();
  }

  private async sample(): Promise<void> {
    let status: string;
    try {
      status = await readFile(`/proc/${this.pid}/status`, 'utf8');
    } catch {
      return; // not Linux, or the process is gone
    }
    const rss = kb(status, 'VmRSS');
    const hwm = kb(status, 'VmHWM');
    if (rss !== undefined) this.rssMaxKb = Math.max(this.rssMaxKb ?? 0, rss);
    if (hwm !== undefined) this.hwmKb = Math.max(this.hwmKb ?? 0, hwm);
  }
}

function kb(status: string, field: string): number | undefined {
  const match = new RegExp(`^${field}:\\s*(\\d+)\\s*kB`, 'm').exec(status);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
