import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import { ConfigSchema } from '../config/config.schema';
import { RunBudget } from '../http/budget';
import { runLoadStage } from './run-load-stage';
import { listenLocally } from '../testing';

type Handler = (request: IncomingMessage, body: Buffer, response: ServerResponse) => void;

async function serve(handler: Handler, keepAliveTimeout = 60_000) {
  let received = 0;
  const server: Server = createServer((request, response) => {
    received += 1;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handler(request, Buffer.concat(chunks), response));
  });
  server.keepAliveTimeout = keepAliveTimeout;
  const { port, close } = await listenLocally(server);
  return {
    url: `http://127.0.0.1:${port}/api`,
    received: () => received,
    close,
  };
}

/** A config with route `r` (GET /x unless overridden) under a 2-VU, 1 s load unless overridden. */
function configFor(url: string, route: object, load: object) {
  return ConfigSchema.parse({
    version: 1,
    target: { name: 'wire', baseUrl: url },
    routes: [{ id: 'r', method: 'GET', path: '/x', ...route }],
    probes: { load: { route: 'r', executor: 'constant-vus', vus: 2, duration: '1s', ...load } },
  });
}

async function run(url: string, route: object, load: object = {}) {
  const config = configFor(url, route, load);
  return runLoadStage(config, { budget: new RunBudget(config.target.budget) });
}

describe('the engine’s own HTTP/1.1 connections against real Node servers', () => {
  it('sends method, path under the base URL, headers and body exactly; reads chunked answers', async () => {
    const seen: string[] = [];
    const target = await serve((request, body, response) => {
      if (seen.length < 1) {
        seen.push(
          JSON.stringify({
            method: request.method,
            url: request.url,
            host: request.headers.host,
            type: request.headers['content-type'],
            length: request.headers['content-length'],
            client: request.headers['x-client'],
            body: body.toString(),
          }),
        );
      }
      // No content-length: Node answers chunked.
      response.write('{"created":');
      response.end('true}');
    });
    try {
      const result = await run(target.url, {
        method: 'POST',
        path: '/orders',
        headers: { 'X-Client': 'shakedown' },
        body: { item: 'book', qty: 1 },
      });
      expect(JSON.parse(seen[0]!)).toEqual({
        method: 'POST',
        url: '/api/orders',
        host: new URL(target.url).host,
        type: 'application/json',
        length: '23',
        client: 'shakedown',
        body: '{"item":"book","qty":1}',
      });
      expect(result.report.statusCounts).toEqual({ '200': target.received() });
      expect(result.report.bytes?.received).toBe(target.received() * '{"created":true}'.length);
      expect(result.report.transportErrors).toBe(0);
    } finally {
      await target.close();
    }
  });

  it('opens a new connection after each "connection: close" answer without failing a request', async () => {
    const target = await serve((_request, _body, response) => {
      response.setHeader('connection', 'close');
      response.end('bye');
    });
    try {
      const result = await run(target.url, {});
      expect(result.report.requests).toBeGreaterThan(10);
      expect(result.report.statusCounts).toEqual({ '200': result.report.requests });
      expect(result.report.transportErrors).toBe(0);
    } finally {
      await target.close();
    }
  });

  it('never reuses a socket the server has closed or is about to close', async () => {
    // The server drops sockets idle for 300 ms; one VU sends once a second.
    const target = await serve((_request, _body, response) => response.end('ok'), 300);
    try {
      const result = await run(
        target.url,
        {},
        { executor: 'constant-arrival-rate', rate: 1, duration: '4s', maxVUs: 1, vus: undefined },
      );
      expect(result.report.statusCounts).toEqual({ '200': 4 });
      expect(result.report.transportErrors).toBe(0);
    } finally {
      await target.close();
    }
  });

  it('reads HEAD answers without a body and 204s', async () => {
    const target = await serve((request, _body, response) => {
      if (request.method === 'HEAD') {
        response.writeHead(200, { 'content-length': '1000' });
        response.end();
      } else {
        response.writeHead(204);
        response.end();
      }
    });
    try {
      const head = await run(target.url, { method: 'HEAD' });
      expect(head.report.statusCounts).toEqual({ '200': head.report.requests });
      expect(head.report.bytes?.received).toBe(0);
      const deleted = await run(target.url, { method: 'DELETE' });
      expect(deleted.report.statusCounts).toEqual({ '204': deleted.report.requests });
      expect([head.report.transportErrors, deleted.report.transportErrors]).toEqual([0, 0]);
    } finally {
      await target.close();
    }
  });

  it('times out a request that never gets an answer, as a transport error with its latency', async () => {
    const target = await serve(() => undefined);
    try {
      const result = await run(
        target.url,
        {},
        {
          executor: 'constant-arrival-rate',
          rate: 5,
          duration: '1s',
          timeout: '500ms',
          vus: undefined,
        },
      );
      expect(result.report.transportErrors).toBe(5);
      expect(result.report.latencyMs.p50).toBeGreaterThanOrEqual(500);
      expect(result.raw.samples.errors[0]?.error).toMatch(
        /no answer in time \(UND_ERR_HEADERS_TIMEOUT/,
      );
    } finally {
      await target.close();
    }
  });

  it('speaks TLS to an https target, verifying its certificate', async () => {
    // A self-signed certificate for 127.0.0.1 and localhost, made for these tests only.
    const tls = path.join(__dirname, 'testing', 'tls');
    const cert = readFileSync(path.join(tls, 'localhost.test-only.cert.pem'));
    const key = readFileSync(path.join(tls, 'localhost.test-only.key.pem'));
    const server = createHttpsServer({ cert, key }, (_request, response) => response.end('secure'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const config = configFor(`https://127.0.0.1:${port}`, {}, {});
      const trusted = await runLoadStage(config, {
        budget: new RunBudget(config.target.budget),
        connect: { ca: cert },
      });
      expect(trusted.report.requests).toBeGreaterThan(5);
      expect(trusted.report.statusCounts).toEqual({ '200': trusted.report.requests });
      expect(trusted.report.bytes?.received).toBe(trusted.report.requests * 'secure'.length);

      const untrusted = await runLoadStage(config, { budget: new RunBudget(config.target.budget) });
      expect(untrusted.report.statusCounts).toEqual({});
      expect(untrusted.raw.samples.errors[0]?.error).toMatch(/self.signed certificate/i);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
