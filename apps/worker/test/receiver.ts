import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { listenLocally } from '@shakedown/core/testing';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

/**
 * A local webhook receiver: records every request and answers each path with the statuses
 * scripted for it, in order (the last one repeats; 200 when none is scripted).
 */
export interface WebhookReceiver {
  url: string;
  port: number;
  received: ReceivedWebhook[];
  on(path: string, ...statuses: number[]): void;
  at(path: string): ReceivedWebhook[];
  close(): Promise<void>;
}

export async function startReceiver(): Promise<WebhookReceiver> {
  const scripts = new Map<string, number[]>();
  const received: ReceivedWebhook[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      const script = scripts.get(path) ?? [];
      const status = script.length > 1 ? script.shift()! : (script[0] ?? 200);
      received.push({
        path,
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
        status,
      });
      response.writeHead(status, { 'content-type': 'text/plain' });
      response.end(status < 300 ? 'ok' : 'not now');
    });
  });
  const { port, close } = await listenLocally(server);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    on: (path, ...statuses) => scripts.set(path, statuses),
    at: (path) => received.filter((request) => request.path === path),
    close,
  };
}
