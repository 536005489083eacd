import { isIP } from 'node:net';

/**
 * Who a render is counted against: an IPv4 address, or the /64 network of an IPv6 one (a single
 * subscriber usually holds a whole /64, and could otherwise take a new address for each request).
 */
export function renderClient(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head = '', tail] = address.toLowerCase().split('%')[0]!.split('::');
  // An IPv4 tail (::ffff:192.0.2.1) takes two groups.
  const groups = (part: string) => (part === '' ? [] : part.split(':').flatMap((group) => (group.includes('.') ? ['0', '0'] : [group])));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${all
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/**
 * Bounds the IIIF renders one client runs at a time, so that a single address cannot take the
 * server's CPU and memory with a flood of image requests. A viewer's few parallel tile requests
 * (browsers open about six connections a host) wait their turn briefly; beyond that a client is told
 * to come back later.
 */
export class RenderSlots {
  private readonly clients = new Map<string, { running: number; waiting: Array<() => void> }>();

  constructor(
    /** Renders a client may run at once. */
    readonly perClient = 4,
    /** Requests of a client that may wait for a slot; more are refused at once. */
    readonly waitingPerClient = 8,
  ) {}

  /** A release function once `client` has a slot, or null at once when it already has too many requests under way. */
  async acquire(client: string): Promise<(() => void) | null> {
    let state = this.clients.get(client);
    if (!state) {
      state = { running: 0, waiting: [] };
      this.clients.set(client, state);
    }
    if (state.running >= this.perClient) {
      if (state.waiting.length >= this.waitingPerClient) return null;
      const queued = state;
      // The releasing render hands its slot over: `running` does not change.
      await new Promise<void>((resolve) => queued.waiting.push(resolve));
    } else {
      state.running += 1;
    }
    return this.releaser(client, state);
  }

  /** How many renders `client` runs now (for tests and logs). */
  running(client: string): number {
    return this.clients.get(client)?.running ?? 0;
  }

  private releaser(client: string, state: { running: number; waiting: Array<() => void> }): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = state.waiting.shift();
      if (next) return next();
      state.running -= 1;
      if (state.running === 0) this.clients.delete(client);
    };
  }
}
