import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { standardsPath } from '../testing/standards.js';
import { parseOaiResponse, OaiResponseError } from './oai-client-xml.js';
import { OaiClient, OaiProtocolError, OaiTransportError, retryAfterMs, type OaiClientOptions } from './oai-client.js';
import { errorResponse, identifyResponse, oaiEnvelope, startFakeOaiServer, type FakeAnswer, type FakeOaiServer } from './oai-client.test-support.js';
import { freePort } from '../../test-support/free-port.js';

const kenom = () => readFileSync(standardsPath('lido', 'examples', 'kenom-oai-pmh-listrecords.xml'), 'utf8');
const list = (body: string) => oaiEnvelope(`<ListRecords>${body}</ListRecords>`);

describe('reading responses', () => {
  it('reads where a real ListRecords response (Kenom, 20 LIDO records) goes on', () => {
    expect(parseOaiResponse(kenom())).toEqual({
      kind: 'list',
      page: { responseDate: '2024-07-16T16:03:49Z', resumptionToken: 'oai_1721138630738', completeListSize: 118043, cursor: 20 },
    });
  });

  it('reads the end of a list: an empty token, or none', () => {
    const end = parseOaiResponse(list('<resumptionToken completeListSize="2" cursor="1"></resumptionToken>'));
    expect(end).toEqual({ kind: 'list', page: { responseDate: '2024-07-16T16:03:49Z', completeListSize: 2, cursor: 1 } });
    expect(parseOaiResponse(list(''))).toEqual({ kind: 'list', page: { responseDate: '2024-07-16T16:03:49Z' } });
  });

  it('reads Identify (ignoring its descriptions) and protocol errors', () => {
    const identify = parseOaiResponse(identifyResponse('YYYY-MM-DD').replace('</Identify>', '<description><d:x xmlns:d="urn:d"><d:granularity>no</d:granularity></d:x></description></Identify>'));
    expect(identify).toMatchObject({ kind: 'identify', identify: { granularity: 'YYYY-MM-DD', deletedRecord: 'persistent', repositoryName: 'Fake' } });
    expect(parseOaiResponse(errorResponse('badResumptionToken', 'expired'))).toEqual({
      kind: 'errors',
      responseDate: '2024-07-16T16:03:49Z',
      errors: [{ code: 'badResumptionToken', message: 'expired' }],
    });
  });

  it('refuses any DOCTYPE: external entities (XXE) and entity bombs are never expanded', () => {
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE OAI-PMH [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n${list('<record><header><identifier>&xxe;</identifier><datestamp>2024</datestamp></header></record>').replace(/^<\?xml[^>]*>\n/, '')}`;
    expect(() => parseOaiResponse(xxe)).toThrow(new OaiResponseError('line 2: the response has a DOCTYPE, which OAI-PMH never needs: refused (it could declare entities)'));
    const bomb = `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><OAI-PMH>&lol3;</OAI-PMH>`;
    expect(() => parseOaiResponse(bomb)).toThrow(/DOCTYPE/);
    // Without a DOCTYPE, an entity is simply unknown.
    expect(() => parseOaiResponse(list('<record><header><identifier>&xxe;</identifier></header></record>'))).toThrow('line 5: undefined entity.');
  });

  it('refuses documents that are not OAI-PMH, or not well-formed, with the line', () => {
    expect(() => parseOaiResponse('<html><body>Service unavailable</body></html>')).toThrow('line 1: not an OAI-PMH response: the root element is <html>');
    expect(() => parseOaiResponse('<OAI-PMH xmlns="urn:other"/>')).toThrow('line 1: not an OAI-PMH response: the root element is <OAI-PMH> in the namespace urn:other');
    expect(() => parseOaiResponse(list('<record><header><identifier>x</identifier></header>'))).toThrow('line 5: unexpected close tag.');
    expect(() => parseOaiResponse(oaiEnvelope('<ListSets/>'))).toThrow(/answers ListSets, not a list request/);
  });
});

describe('requests: retries, limits and failures', () => {
  let server: FakeOaiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  /** A client whose waits are recorded instead of slept. */
  const clientFor = (url: string, options: OaiClientOptions = {}) => {
    const waits: number[] = [];
    // The fake repository listens on 127.0.0.1, which harvests refuse unless allowed.
    const client = new OaiClient(url, { retry: { attempts: 4, baseDelayMs: 100, maxDelayMs: 5000 }, sleep: async (ms) => void waits.push(ms), allowPrivate: true, ...options });
    return { client, waits };
  };
  const script = (...answers: FakeAnswer[]) => () => answers.shift() ?? { status: 500 };

  it('sends the list arguments, or the token alone', async () => {
    server = await startFakeOaiServer(() => ({ body: list('') }));
    const { client } = clientFor(server.url);
    await client.listRecords({ metadataPrefix: 'lido', from: '2024-01-01', set: 'org:louvre' });
    await client.listRecords({ resumptionToken: 'a b&c' });
    expect(server.requests.map((q) => Object.fromEntries(q))).toEqual([
      { verb: 'ListRecords', metadataPrefix: 'lido', from: '2024-01-01', set: 'org:louvre' },
      { verb: 'ListRecords', resumptionToken: 'a b&c' },
    ]);
  });

  it('waits as Retry-After asks after a 503, then succeeds', async () => {
    server = await startFakeOaiServer(script({ status: 503, headers: { 'Retry-After': '2' } }, { body: identifyResponse() }));
    const { client, waits } = clientFor(server.url);
    expect((await client.identify()).repositoryName).toBe('Fake');
    expect(waits).toEqual([2000]);
  });

  it('backs off exponentially on 5xx, network errors and 429, capping Retry-After', async () => {
    server = await startFakeOaiServer(script({ status: 500 }, 'destroy', { status: 429, headers: { 'Retry-After': '86400' } }, { body: identifyResponse() }));
    const events: string[] = [];
    const { client, waits } = clientFor(server.url, { onRetry: (event) => events.push(event.reason) });
    await client.identify();
    expect(waits).toEqual([100, 200, 5000]);
    expect(events[0]).toBe('HTTP 500 Internal Server Error');
    expect(events[1]).toMatch(/^network error \(/);
    expect(events[2]).toBe('HTTP 429 Too Many Requests');
  });

  it('gives up after the last attempt with a message that says why', async () => {
    server = await startFakeOaiServer(() => ({ status: 503 }));
    const { client, waits } = clientFor(server.url);
    const failure = client.identify();
    await expect(failure).rejects.toThrow(OaiTransportError);
    await expect(failure).rejects.toThrow(`${server.url}?verb=Identify: HTTP 503 Service Unavailable; gave up after 4 attempts.`);
    expect(waits).toEqual([100, 200, 400]);
  });

  it('fails at once, without retrying, on 404 and on answers that are not OAI-PMH', async () => {
    server = await startFakeOaiServer(script({ status: 404 }, { headers: { 'Content-Type': 'text/html' }, body: '<html><p>Welcome</p></html>' }));
    const { client, waits } = clientFor(server.url);
    await expect(client.identify()).rejects.toThrow(/HTTP 404 Not Found; is this the repository's OAI-PMH base URL\?$/);
    await expect(client.identify()).rejects.toThrow(/verb=Identify: line 1: not an OAI-PMH response: the root element is <html>\.$/);
    expect(waits).toEqual([]);
    expect(server.requests).toHaveLength(2);
  });

  it('returns protocol errors with their codes', async () => {
    server = await startFakeOaiServer(() => ({ body: errorResponse('cannotDisseminateFormat', 'no lido here') }));
    const { client } = clientFor(server.url);
    const error = await client.listRecords({ metadataPrefix: 'lido' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OaiProtocolError);
    expect((error as OaiProtocolError).has('cannotDisseminateFormat')).toBe(true);
    expect((error as Error).message).toMatch(/the repository answered cannotDisseminateFormat \(no lido here\)$/);
  });

  it('refuses responses over the size limit, announced or not', async () => {
    const big = list(`<!-- ${'x'.repeat(20_000)} -->`);
    server = await startFakeOaiServer(script({ body: big }, { headers: { 'Transfer-Encoding': 'chunked' }, body: big }));
    const { client, waits } = clientFor(server.url, { maxResponseBytes: 10_000 });
    await expect(client.listRecords({ metadataPrefix: 'lido' })).rejects.toThrow(`the response is ${Buffer.byteLength(big)} bytes, more than the limit of 10000.`);
    await expect(client.listRecords({ metadataPrefix: 'lido' })).rejects.toThrow('the response is larger than the limit of 10000 bytes.');
    expect(waits).toEqual([]);
  });

  it('refuses a response that is not UTF-8', async () => {
    server = await startFakeOaiServer(() => ({ body: Buffer.from(identifyResponse().replace('Fake', 'Fak\u00e9'), 'latin1') }));
    await expect(clientFor(server.url).client.identify()).rejects.toThrow('the response is not UTF-8, as OAI-PMH requires.');
  });

  it('gives up on a repository that does not answer, or is not there', async () => {
    server = await startFakeOaiServer(() => 'hang');
    const { client } = clientFor(server.url, { timeoutMs: 200, retry: { attempts: 2, baseDelayMs: 1 } });
    await expect(client.identify()).rejects.toThrow(/no answer within 200 ms; gave up after 2 attempts\.$/);
    const closed = await freePort();
    await expect(clientFor(`http://127.0.0.1:${closed}/oai`).client.identify()).rejects.toThrow(/network error \(ECONNREFUSED\); gave up after 4 attempts\.$/);
  });

  it('refuses base URLs that are not http(s)', () => {
    expect(() => new OaiClient('file:///etc/passwd')).toThrow('"file:///etc/passwd" is not an http or https URL.');
    expect(() => new OaiClient('example.org/oai')).toThrow(/is not a URL/);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('120')).toBe(120_000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:30 GMT', Date.parse('2015-10-21T07:28:00Z'))).toBe(30_000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
});

describe('server-side request forgery: private addresses and redirects', () => {
  const servers: FakeOaiServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  const serve = async (handler: FakeOaiServer['handler']) => {
    const started = await startFakeOaiServer(handler);
    servers.push(started);
    return started;
  };
  const fast = { retry: { attempts: 2, baseDelayMs: 1 } };

  it('refuses loopback addresses, written or resolved from a name, unless allowed, without sending anything', async () => {
    const local = await serve(() => ({ body: identifyResponse() }));
    const port = new URL(local.url).port;
    await expect(new OaiClient(local.url, fast).identify()).rejects.toThrow(
      `${local.url}?verb=Identify: 127.0.0.1 is a loopback, private or link-local address; harvesting it needs --allow-private (or EGIDE_HARVEST_ALLOW_PRIVATE=true).`,
    );
    await expect(new OaiClient(`http://[::1]:${port}/oai`, fast).identify()).rejects.toThrow(/: ::1 is a loopback, private or link-local address/);
    // A name is checked on every address it resolves to, when connecting.
    await expect(new OaiClient(`http://localhost:${port}/oai`, fast).identify()).rejects.toThrow(/: localhost resolves to (127\.0\.0\.1|::1), a loopback, private or link-local address; harvesting it needs --allow-private/);
    expect(local.requests).toEqual([]);
    await expect(new OaiClient(`http://localhost:${port}/oai`, { ...fast, allowPrivate: true }).identify()).resolves.toMatchObject({ repositoryName: 'Fake' });
  });

  it('follows redirects on the same host, and to another host only when allowed', async () => {
    const other = await serve(() => ({ body: identifyResponse() }));
    const otherPort = new URL(other.url).port;
    const origin = await serve((query) => (query.get('moved') ? { status: 302, headers: { Location: `http://localhost:${otherPort}/oai?verb=Identify` } } : { status: 301, headers: { Location: '/oai?moved=1' } }));
    await expect(new OaiClient(origin.url, { ...fast, allowPrivate: true }).identify()).rejects.toThrow(
      `${origin.url}?verb=Identify: redirected to another host (http://localhost:${otherPort}/oai?verb=Identify); to follow it, allow localhost with --allow-redirect (or EGIDE_HARVEST_ALLOWED_HOSTS).`,
    );
    expect(origin.requests.map((q) => q.toString())).toEqual(['verb=Identify', 'moved=1']);
    expect(other.requests).toEqual([]);
    await expect(new OaiClient(origin.url, { ...fast, allowPrivate: true, redirectHosts: ['LOCALHOST'] }).identify()).resolves.toMatchObject({ repositoryName: 'Fake' });
    expect(other.requests).toHaveLength(1);
  });

  it('stops after five redirects, and refuses redirects to other schemes', async () => {
    const loop = await serve(() => ({ status: 302, headers: { Location: '/oai' } }));
    await expect(new OaiClient(loop.url, { ...fast, allowPrivate: true }).identify()).rejects.toThrow(`${loop.url}?verb=Identify: more than 5 redirects.`);
    expect(loop.requests).toHaveLength(6);
    const file = await serve(() => ({ status: 307, headers: { Location: 'file:///etc/passwd' } }));
    await expect(new OaiClient(file.url, { ...fast, allowPrivate: true }).identify()).rejects.toThrow('redirected to file:///etc/passwd, which is not http or https.');
  });
});

