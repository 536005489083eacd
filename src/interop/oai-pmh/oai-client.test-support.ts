/** A scripted OAI-PMH server (node:http on a free local port) for the client and harvester tests. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An answer: a response (`cutAt`: the connection drops after that many bytes of the body, its full
 * length announced), or `destroy` to drop the connection without one, or `hang` to never answer.
 */
export type FakeAnswer = { status?: number; headers?: Record<string, string>; body?: string | Buffer; cutAt?: number } | 'destroy' | 'hang';

export interface FakeOaiServer {
  /** The base URL (`http://127.0.0.1:<port>/oai`). */
  url: string;
  /** The query of each request received, in order. */
  requests: URLSearchParams[];
  /** Answers each request; replace it to change the script. */
  handler: (query: URLSearchParams) => FakeAnswer;
  close(): Promise<void>;
}

export async function startFakeOaiServer(handler: FakeOaiServer['handler']): Promise<FakeOaiServer> {
  const hanging: ServerResponse[] = [];
  const fake: FakeOaiServer = { url: '', requests: [], handler, close: async () => {} };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const query = new URL(request.url ?? '/', 'http://localhost').searchParams;
    fake.requests.push(query);
    const answer = fake.handler(query);
    if (answer === 'destroy') return response.socket?.destroy();
    if (answer === 'hang') return void hanging.push(response);
    const body = answer.body ?? '';
    const length = answer.headers?.['Transfer-Encoding'] ? {} : { 'Content-Length': String(Buffer.byteLength(body)) };
    response.writeHead(answer.status ?? 200, { 'Content-Type': 'text/xml; charset=utf-8', ...length, ...answer.headers });
    if (answer.cutAt === undefined) return void response.end(body);
    response.write(Buffer.from(body).subarray(0, answer.cutAt), () => response.socket?.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oai`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      for (const response of hanging) response.socket?.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

/** An OAI-PMH envelope around `body` (a verb's element or an error). */
export function oaiEnvelope(body: string, responseDate = '2024-07-16T16:03:49Z'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <responseDate>${responseDate}</responseDate>
  <request>http://example.org/oai</request>
  ${body}
</OAI-PMH>`;
}

export function identifyResponse(granularity = 'YYYY-MM-DDThh:mm:ssZ', responseDate?: string): string {
  return oaiEnvelope(
    `<Identify><repositoryName>Fake</repositoryName><baseURL>http://example.org/oai</baseURL><protocolVersion>2.0</protocolVersion>
     <adminEmail>a@example.org</adminEmail><earliestDatestamp>2020-01-01T00:00:00Z</earliestDatestamp><deletedRecord>persistent</deletedRecord>
     <granularity>${granularity}</granularity></Identify>`,
    responseDate,
  );
}

export function errorResponse(code: string, message = ''): string {
  return oaiEnvelope(`<error code="${code}">${message}</error>`);
}
