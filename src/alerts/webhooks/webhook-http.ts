import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { PinnedAddress } from './url-policy.js';

/** What the receiver answered: its status, or why there was no answer. */
export type PostResult = { status: number } | { status: null; error: string };

/** Time allowed for the receiver's whole answer: a webhook should acknowledge, then work. */
export const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * Posts webhook bodies over kept-alive connections (a burst of alerts to one receiver reuses them),
 * each new connection made to the address the policy checked: the host is not looked up again.
 * Redirects are not followed (an answer 3xx is a failed attempt).
 */
export class WebhookPoster {
  private readonly http = new HttpAgent({ keepAlive: true, maxSockets: 32 });
  private readonly https = new HttpsAgent({ keepAlive: true, maxSockets: 32 });

  constructor(private readonly timeoutMs = DELIVERY_TIMEOUT_MS) {}

  post(url: URL, pinned: PinnedAddress, body: string, headers: Record<string, string>): Promise<PostResult> {
    const lookup = ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) =>
      options.all ? callback(null, [pinned]) : callback(null, pinned.address, pinned.family)) as LookupFunction;
    const secure = url.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    return new Promise((resolve) => {
      let settled = false;
      const finish = (result: PostResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const outgoing = send(url, { method: 'POST', agent: secure ? this.https : this.http, lookup, headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } }, (incoming) => {
        // The answer's body is not kept (it is the receiver's business); reading it frees the connection for the next delivery.
        incoming.resume();
        incoming.on('end', () => finish({ status: incoming.statusCode ?? 0 }));
        incoming.on('error', (error) => finish({ status: null, error: error.message }));
      });
      // A timer of its own rather than an abort signal: it ends with the answer, and never touches a connection kept for another delivery.
      const timer = setTimeout(() => {
        finish({ status: null, error: `no answer within ${this.timeoutMs / 1000} s` });
        outgoing.destroy();
      }, this.timeoutMs);
      outgoing.on('error', (error) => finish({ status: null, error: error.message }));
      outgoing.end(body);
    });
  }

  close(): void {
    this.http.destroy();
    this.https.destroy();
  }
}
