import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '../../src/alerts/webhooks/webhook-signature.js';

/**
 * A webhook receiver on loopback, as a subscriber's system is written: each delivery's signature
 * verified over the raw body with the secret of the webhook it was posted to (`/hooks/<n>`), a
 * delivery already had (`X-Egide-Delivery`) counted once. It times the first and the last delivery.
 */
export class WebhookReceiver {
  private readonly server: Server;
  private readonly secrets = new Map<string, string>();
  private readonly seen = new Set<string>();
  private waiting: { count: number; resolve: () => void } | undefined;
  private hooks = 0;
  /** Verified deliveries, each once. */
  verified = 0;
  refused = 0;
  duplicates = 0;
  firstAt: number | undefined;
  lastAt: number | undefined;

  constructor() {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const secret = this.secrets.get(request.url ?? '');
        const check = secret ? verifyWebhookSignature(secret, request.headers['x-egide-signature'] as string | undefined, Buffer.concat(chunks)) : { valid: false };
        if (!check.valid) {
          this.refused++;
          response.writeHead(401).end();
          return;
        }
        const delivery = String(request.headers['x-egide-delivery']);
        if (this.seen.has(delivery)) this.duplicates++;
        else {
          this.seen.add(delivery);
          this.verified++;
          this.lastAt = performance.now();
          this.firstAt ??= this.lastAt;
          if (this.waiting && this.verified >= this.waiting.count) this.waiting.resolve();
        }
        response.writeHead(204).end();
      });
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  /** A new webhook URL; `expect(url, secret)` once the secret is known (its deliveries are refused until then). */
  newUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/${this.hooks++}`;
  }

  expect(url: string, secret: string): void {
    this.secrets.set(new URL(url).pathname, secret);
  }

  /** Resolves when `count` deliveries were verified, or after `timeoutMs` (whatever came). */
  until(count: number, timeoutMs: number): Promise<void> {
    if (this.verified >= count) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.waiting = {
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
