/**
 * An OAI-PMH 2.0 client for harvesting: one request per call (the harvester keeps its place between
 * pages), over node:http. Transient failures — network errors, timeouts, HTTP 5xx and 429 — are
 * retried with exponential back-off, honouring `Retry-After` up to a cap; then the call fails with
 * a message that says what happened. Redirects are followed only to the repository's host or to
 * hosts allowed, and loopback or private addresses reached only when allowed (guarded-http.ts).
 * Responses are read up to a size limit and their envelope parsed safely (see oai-client-xml.ts); protocol errors come back as OaiProtocolError with their
 * code. A list page comes with its body, for its format's reader to read the records.
 */
import { BlockedAddressError, guardedGet } from './guarded-http.js';
import { parseOaiResponse, OaiResponseError, type OaiErrorAnswer, type OaiIdentify, type OaiListPage, type OaiResponse } from './oai-client-xml.js';

export interface RetryPolicy {
  /** Tries per request, the first included (6). */
  attempts: number;
  /** The first wait; each next one doubles (1 s). */
  baseDelayMs: number;
  /** No wait is longer, whatever Retry-After asks (60 s). */
  maxDelayMs: number;
}

export interface OaiClientOptions {
  retry?: Partial<RetryPolicy>;
  /** Per request, headers and body (60 s). */
  timeoutMs?: number;
  /** Largest response accepted (64 MiB). */
  maxResponseBytes?: number;
  /** Told before each wait, e.g. to show "server busy, retrying in 5 s". */
  onRetry?: (event: { url: string; attempt: number; delayMs: number; reason: string }) => void;
  sleep?: (ms: number) => Promise<void>;
  /** Reach loopback, private and link-local addresses (refused by default: server-side request forgery). */
  allowPrivate?: boolean;
  /** Hosts that redirects may lead to besides the repository's own (none by default). */
  redirectHosts?: readonly string[];
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 1000, maxDelayMs: 60_000 };
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 60_000;
const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** The repository answered with OAI-PMH errors (badArgument, badResumptionToken, noRecordsMatch…). */
export class OaiProtocolError extends Error {
  override name = 'OaiProtocolError';
  constructor(
    readonly url: string,
    readonly errors: readonly OaiErrorAnswer[],
  ) {
    super(`${url}: the repository answered ${errors.map((e) => `${e.code}${e.message ? ` (${e.message})` : ''}`).join(', ')}`);
  }

  has(code: string): boolean {
    return this.errors.some((e) => e.code === code);
  }
}

/** The repository could not be reached, or did not answer usably, even after retries. */
export class OaiTransportError extends Error {
  override name = 'OaiTransportError';
}

/** A failure worth trying again. */
class Transient extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export type ListRequest = { metadataPrefix: string; from?: string | undefined; set?: string | undefined } | { resumptionToken: string };

export class OaiClient {
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly host: string;
  private readonly redirectHosts: ReadonlySet<string>;

  constructor(
    readonly baseUrl: string,
    private readonly options: OaiClientOptions = {},
  ) {
    let url: URL;
    try {
      url = new URL(baseUrl);
    } catch {
      throw new OaiTransportError(`"${baseUrl}" is not a URL: give the repository's base URL, such as https://example.org/oai.`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OaiTransportError(`"${baseUrl}" is not an http or https URL.`);
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.host = url.hostname;
    this.redirectHosts = new Set((options.redirectHosts ?? []).map((host) => host.trim().toLowerCase()));
  }

  async identify(): Promise<OaiIdentify> {
    const { url, response } = await this.request({ verb: 'Identify' });
    if (response.kind === 'errors') throw new OaiProtocolError(url, response.errors);
    if (response.kind !== 'identify') throw new OaiTransportError(`${url}: the answer to Identify is not an Identify response.`);
    return response.identify;
  }

  /** One page of ListRecords: where the list goes on, and the response itself. */
  async listRecords(request: ListRequest): Promise<{ page: OaiListPage; xml: string }> {
    const args: Record<string, string> = { verb: 'ListRecords' };
    for (const [name, value] of Object.entries(request)) if (value !== undefined) args[name] = value;
    const { url, xml, response } = await this.request(args);
    if (response.kind === 'errors') throw new OaiProtocolError(url, response.errors);
    if (response.kind !== 'list') throw new OaiTransportError(`${url}: the answer to ListRecords is not a list.`);
    return { page: response.page, xml };
  }

  private async request(args: Record<string, string>): Promise<{ url: string; xml: string; response: OaiResponse }> {
    const url = new URL(this.baseUrl);
    for (const [name, value] of Object.entries(args)) url.searchParams.set(name, value);
    const href = url.href;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const xml = await this.fetchText(href);
        try {
          return { url: href, xml, response: parseOaiResponse(xml) };
        } catch (error) {
          if (error instanceof OaiResponseError) throw new OaiTransportError(`${href}: ${error.message}.`);
          throw error;
        }
      } catch (error) {
        if (!(error instanceof Transient)) throw error;
        if (attempt >= this.retry.attempts) throw new OaiTransportError(`${href}: ${error.message}; gave up after ${attempt} attempts.`);
        const backOff = this.retry.baseDelayMs * 2 ** (attempt - 1);
        const delayMs = Math.min(error.retryAfterMs ?? backOff, this.retry.maxDelayMs);
        this.options.onRetry?.({ url: href, attempt, delayMs, reason: error.message });
        await this.sleep(delayMs);
      }
    }
  }

  /** The body as text, or Transient for what may go away, or OaiTransportError for what will not. */
  private async fetchText(url: string): Promise<string> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    let target = new URL(url);
    let response = await this.get(url, target, signal);
    for (let redirects = 0; REDIRECTS.has(response.status); redirects += 1) {
      await response.body?.cancel();
      const location = response.headers.get('Location');
      if (location === null) throw new OaiTransportError(`${url}: HTTP ${response.status} without a Location to go to.`);
      if (redirects === MAX_REDIRECTS) throw new OaiTransportError(`${url}: more than ${MAX_REDIRECTS} redirects.`);
      target = this.redirectTarget(url, location, target);
      response = await this.get(url, target, signal);
    }
    if (response.status >= 500 || response.status === 429) {
      await response.body?.cancel();
      throw new Transient(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`, retryAfterMs(response.headers.get('Retry-After')));
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new OaiTransportError(`${url}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}; is this the repository's OAI-PMH base URL?`);
    }
    const declared = Number(response.headers.get('Content-Length') ?? NaN);
    if (declared > this.maxBytes) {
      await response.body?.cancel();
      throw new OaiTransportError(`${url}: the response is ${declared} bytes, more than the limit of ${this.maxBytes}.`);
    }
    const bytes = await this.readBody(url, response, signal);
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new OaiTransportError(`${url}: the response is not UTF-8, as OAI-PMH requires.`);
    }
  }

  /** One GET, not following redirects; refused addresses are final, network failures Transient. */
  private async get(url: string, target: URL, signal: AbortSignal): Promise<Response> {
    try {
      return await guardedGet(target, { signal, headers: { Accept: 'text/xml, application/xml' }, allowPrivate: this.options.allowPrivate ?? false });
    } catch (error) {
      if (error instanceof BlockedAddressError) throw new OaiTransportError(`${url}: ${error.message}; harvesting it needs --allow-private (or EGIDE_HARVEST_ALLOW_PRIVATE=true).`);
      throw new Transient(networkReason(error, this.timeoutMs, signal));
    }
  }

  /** Where a redirect leads, if it stays on the repository's host or one allowed. */
  private redirectTarget(url: string, location: string, from: URL): URL {
    let target: URL;
    try {
      target = new URL(location, from);
    } catch {
      throw new OaiTransportError(`${url}: redirected to "${location}", which is not a URL.`);
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new OaiTransportError(`${url}: redirected to ${target.href}, which is not http or https.`);
    if (target.hostname !== this.host && !this.redirectHosts.has(target.hostname)) {
      throw new OaiTransportError(`${url}: redirected to another host (${target.href}); to follow it, allow ${target.hostname} with --allow-redirect (or EGIDE_HARVEST_ALLOWED_HOSTS).`);
    }
    return target;
  }

  private async readBody(url: string, response: Response, signal: AbortSignal): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (!response.body) return new Uint8Array();
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > this.maxBytes) {
          await reader.cancel();
          throw new OaiTransportError(`${url}: the response is larger than the limit of ${this.maxBytes} bytes.`);
        }
        chunks.push(value);
      }
    } catch (error) {
      if (error instanceof OaiTransportError) throw error;
      // Cut off mid-way (connection reset, timeout): worth another try.
      throw new Transient(`the response was cut off (${networkReason(error, this.timeoutMs, signal)})`);
    }
    return Buffer.concat(chunks);
  }
}

function networkReason(error: unknown, timeoutMs: number, signal?: AbortSignal): string {
  if ((error instanceof Error && error.name === 'TimeoutError') || signal?.aborted) return `no answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  return `network error (${code ?? (cause instanceof Error ? cause.message : String(cause))})`;
}

/** Retry-After as seconds or an HTTP date (RFC 9110), in milliseconds from now. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
