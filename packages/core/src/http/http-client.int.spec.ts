import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

import { startTarget, type RunningTarget } from '../../test/targets/start-target';
import { BudgetExceededError, RunBudget } from './budget';
import type { Clock } from './clock';
import { SecretMasker } from './evidence';
import { HttpClient } from './http-client';
import { RateLimitedError, RunCancelledError, type HttpClientOptions } from './http-types';

const LIMITS = { maxRps: 1000, maxRequests: 1000, maxBytes: 10 * 1024 ** 2, maxDuration: 600_000 };

/** Real time for I/O, but sleeps only advance a counter (429 waits are recorded, not waited). */
function recordingClock(): Clock & { slept: number[] } {
  let offset = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => performance.now() + offset,
    sleep: (ms) => {
      slept.push(ms);
      offset += ms;
      return Promise.resolve();
    },
  };
}

describe('HttpClient', () => {
  let target: RunningTarget | undefined;
  let client: HttpClient | undefined;
  afterEach(async () => {
    await client?.close();
    await target?.close();
    client = undefined;
    target = undefined;
  });

  async function serve(
    handler: (request: IncomingMessage, response: ServerResponse, index: number) => void,
    options: Partial<HttpClientOptions> = {},
  ) {
    let index = 0;
    target = await startTarget((request, response) => handler(request, response, index++));
    client = new HttpClient({ budget: new RunBudget(LIMITS), ...options });
    return target;
  }

  it('retries once on a fresh connection when a reused keep-alive connection closes before answering', async () => {
    const perSocket = new WeakMap<Socket, number>();
    await serve((request, response) => {
      const count = (perSocket.get(request.socket) ?? 0) + 1;
      perSocket.set(request.socket, count);
      // The second request on any connection: closed without a byte of answer.
      if (count === 2) request.socket.destroy();
      else response.end('{"ok":true}');
    });
    const first = await client!.send({ method: 'GET', url: `${target!.url}/a` });
    const second = await client!.send({ method: 'GET', url: `${target!.url}/b` });
    expect(first.answer?.status).toBe(200);
    expect(first.retriedOnFreshConnection).toBe(false);
    expect(second.answer?.status).toBe(200);
    expect(second.retriedOnFreshConnection).toBe(true);
    expect(second.exchange.note).toBe(
      'sent again on a fresh connection after the reused keep-alive connection closed',
    );
    expect(target!.seen.map((request) => `${request.url}@${request.connection}`)).toEqual([
      '/a@1',
      '/b@1',
      '/b@2',
    ]);
  });

  it('does not retry a failure on a fresh connection: that is the answer', async () => {
    await serve((request) => request.socket.destroy());
    const result = await client!.send({ method: 'POST', url: `${target!.url}/`, body: '{}' });
    expect(result.answer).toBeUndefined();
    expect(result.failure?.kind).toBe('reset');
    expect(result.exchange.error).toMatch(/^connection closed before any answer/);
    expect(target!.seen).toHaveLength(1);
  });

  it('waits as Retry-After says on a 429, then sends again', async () => {
    const clock = recordingClock();
    await serve(
      (_request, response, index) => {
        if (index === 0) response.writeHead(429, { 'retry-after': '2' }).end();
        else if (index === 1)
          response.writeHead(429, { ratelimit: 'limit=10, remaining=0, reset=3' }).end();
        else response.end('ok');
      },
      { clock, budget: new RunBudget(LIMITS, clock) },
    );
    const result = await client!.send({ method: 'GET', url: `${target!.url}/` });
    expect(result.answer?.status).toBe(200);
    expect(clock.slept).toEqual([2000, 3000]);
    expect(target!.seen).toHaveLength(3);
  });

  it('gives up on a target that keeps answering 429, or asks for too long a wait', async () => {
    const clock = recordingClock();
    await serve(
      (request, response) =>
        response.writeHead(429, { 'retry-after': request.url === '/long' ? '3600' : '1' }).end(),
      {
        clock,
        budget: new RunBudget(LIMITS, clock),
      },
    );
    await expect(client!.send({ method: 'GET', url: `${target!.url}/` })).rejects.toThrow(
      'the target still answered 429 (rate limited) after 3 waits',
    );
    expect(target!.seen).toHaveLength(4);
    await expect(client!.send({ method: 'GET', url: `${target!.url}/long` })).rejects.toThrow(
      'the target answered 429 (rate limited) and asks to wait 3600 s, longer than the run can wait',
    );
    await expect(
      client!.send({ method: 'GET', url: `${target!.url}/long` }),
    ).rejects.toBeInstanceOf(RateLimitedError);
    // For the rate-limit probes a 429 is the answer.
    const answered = await client!.send({ method: 'GET', url: `${target!.url}/`, on429: 'answer' });
    expect(answered.answer?.status).toBe(429);
  });

  it('never sends past the request or byte budget', async () => {
    await serve((_request, response) => response.end('ok'), {
      budget: new RunBudget({ ...LIMITS, maxRequests: 5, maxBytes: 1000 }),
    });
    for (let i = 0; i < 5; i += 1) await client!.send({ method: 'GET', url: `${target!.url}/` });
    await expect(client!.send({ method: 'GET', url: `${target!.url}/` })).rejects.toMatchObject({
      limit: 'maxRequests',
    });
    expect(target!.seen).toHaveLength(5);
  });

  it('refuses a body the byte budget cannot carry before sending it', async () => {
    await serve((_request, response) => response.end('ok'), {
      budget: new RunBudget({ ...LIMITS, maxBytes: 1000 }),
    });
    await expect(
      client!.send({ method: 'POST', url: `${target!.url}/`, body: 'x'.repeat(2000) }),
    ).rejects.toBeInstanceOf(BudgetExceededError);
    expect(target!.seen).toHaveLength(0);
  });

  it('keeps evidence: masked secrets, 2 KB previews with the full size, status and time', async () => {
    await serve(
      (request, response) => {
        response.writeHead(200, {
          'content-type': 'text/plain',
          'x-echo': request.headers.authorization!,
        });
        response.end(`you sent ${request.headers.authorization} ${'y'.repeat(10_000)}`);
      },
      { masker: new SecretMasker(['Bearer token-abcdef123456']) },
    );
    const result = await client!.send({
      method: 'POST',
      url: `${target!.url}/notes?token=token-abcdef123456`,
      headers: { Authorization: 'Bearer token-abcdef123456' },
      body: JSON.stringify({ note: 'z'.repeat(5000) }),
      note: 'evidence test',
    });
    const { request, response, note } = result.exchange;
    expect(request.url).toBe(`${target!.url}/notes?token=****3456`);
    expect(request.headers.Authorization).toBe('Bearer ****3456');
    expect(request.bodyBytes).toBe(5011);
    expect(Buffer.byteLength(request.bodyPreview!)).toBe(2048);
    expect(response!.bodyPreview!.length).toBeLessThanOrEqual(2048);
    expect(response!.headers['x-echo']).toBe('Bearer ****3456');
    expect(response!.bodyPreview).toMatch(/^you sent Bearer \*\*\*\*3456 y+$/);
    expect(response!.bodyBytes).toBe(10_000 + 'you sent Bearer token-abcdef123456 '.length);
    expect(response!.ms).toBeGreaterThan(0);
    expect(note).toBe('evidence test');
    expect(JSON.stringify(result.exchange)).not.toContain('token-abcdef123456');
    // The probes still read the whole answer.
    expect(result.answer!.text).toContain('Bearer token-abcdef123456');
  });

  it('times out a target that never answers', async () => {
    await serve(() => undefined, { timeouts: { headersMs: 300 } });
    const result = await client!.send({ method: 'GET', url: `${target!.url}/` });
    expect(result.failure?.kind).toBe('timeout');
  });

  it('stops a request in flight when the run is cancelled', async () => {
    const controller = new AbortController();
    await serve(() => controller.abort(), { signal: controller.signal });
    await expect(client!.send({ method: 'GET', url: `${target!.url}/` })).rejects.toBeInstanceOf(
      RunCancelledError,
    );
  });

  it('releases simultaneous requests at once, each on its own connection', async () => {
    const waiting: ServerResponse[] = [];
    await serve(
      (request, response) => {
        if (request.url === '/warm') return void response.end('warm');
        // Nobody is answered until all eight are in: sent one after another they would time out.
        waiting.push(response);
        if (waiting.length === 8) for (const pending of waiting) pending.end('ok');
      },
      { timeouts: { headersMs: 10_000 } },
    );
    // Warm a pooled connection first: the batch must not use it.
    await client!.send({ method: 'GET', url: `${target!.url}/warm` });
    const results = await client!.sendSimultaneously(
      Array.from({ length: 8 }, (_, i) => ({
        method: 'POST',
        url: `${target!.url}/batch`,
        body: `{"i":${i}}`,
      })),
    );
    expect(results.map((result) => result.answer?.status)).toEqual(Array(8).fill(200));
    const batch = target!.seen.filter((request) => request.url === '/batch');
    expect(new Set(batch.map((request) => request.connection)).size).toBe(8);
  });

  it('reports a batch that cannot connect as failures, sending nothing', async () => {
    const closed = await startTarget(() => undefined);
    const url = `${closed.url}/batch`;
    await closed.close();
    client = new HttpClient({ budget: new RunBudget(LIMITS) });
    const results = await client.sendSimultaneously(
      Array.from({ length: 3 }, () => ({ method: 'POST', url, body: '{}' })),
    );
    expect(results.map((result) => result.failure?.kind)).toEqual([
      'refused',
      'refused',
      'refused',
    ]);
  });
});
