import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  /** Path and query, e.g. `/api/runs?status=queued`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type FakeApiHandler = (request: SeenRequest, response: ServerResponse) => void;

export interface FakeApi {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Every request received, in order; empty it between tests. */
  seen: SeenRequest[];
  /** How the next requests are answered (204 until told otherwise). */
  answer(handler: FakeApiHandler): void;
  close(): Promise<void>;
}

/** A local HTTP server standing in for the API, for the clients' tests. */
export async function startFakeApi(): Promise<FakeApi> {
  const seen: SeenRequest[] = [];
  let handler: FakeApiHandler = (_request, response) => response.writeHead(204).end();
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const one = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body,
      };
      seen.push(one);
      handler(one, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    answer: (next) => {
      handler = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}
