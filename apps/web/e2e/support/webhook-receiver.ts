import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { listenLocally } from '@shakedown/core/testing';

export interface ReceivedWebhook {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A local endpoint that records what Shakedown delivers to it, answering 200. */
export async function startWebhookReceiver(): Promise<{
  url: string;
  hostPort: string;
  received: ReceivedWebhook[];
  close(): Promise<void>;
}> {
  const received: ReceivedWebhook[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      if (body.length < 1_000_000) body += chunk;
    });
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  const { port, close } = await listenLocally(server);
  return {
    url: `http://127.0.0.1:${port}/hooks/shakedown`,
    hostPort: `127.0.0.1:${port}`,
    received,
    close,
  };
}

/** Standard Webhooks: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` under the whsec_ key. */
export function isSignedBy(webhook: ReceivedWebhook, secret: string): boolean {
  const id = String(webhook.headers['webhook-id'] ?? '');
  const timestamp = String(webhook.headers['webhook-timestamp'] ?? '');
  const signatures = String(webhook.headers['webhook-signature'] ?? '').split(' ');
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${webhook.body}`).digest();
  return signatures.some((signature) => {
    const [version, value] = signature.split(',');
    if (version !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
