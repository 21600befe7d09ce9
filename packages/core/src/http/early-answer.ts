import type { Socket } from 'node:net';

import type { buildConnector } from 'undici';

import { answerKeyOf } from './answer-sizes';
import { BudgetExceededError, type RunBudget } from './budget';
import type { ReceivedAnswer } from './exchange-recorder';
import { connectWith } from './guarded-connector';

/** The body goes out in pieces this large, so an answer can be noticed between two of them. */
const CHUNK_BYTES = 64 * 1024;
/** How long the head waits for `100 Continue` (or a refusal) before the body goes anyway. */
const CONTINUE_WAIT_MS = 1_000;
/** After a `100 Continue`, how long a refusal may take to follow it before the body goes. */
const AFTER_CONTINUE_MS = 50;
/** Watching sends after a reset before it counts as a reset without an answer. */
const TRIES = 3;
/** What is kept of an early answer: its head and the start of its body. */
const MAX_ANSWER_BYTES = 1024 ** 2;

export interface EarlyAnswerOptions {
  connector: buildConnector.connector;
  /** Longest wait for the next event (a write done, a byte of answer, the close). */
  idleMs: number;
  now: () => number;
}

/**
 * Sends one request with a body as RFC 9112 §9.3 asks a client to: watching the connection
 * while the body goes out, and ceasing to send once the server has answered. A server that
 * answers `413` and closes while a large body is still arriving (nginx, Node with
 * `Connection: close`, most proxies) has refused the body; a client that keeps writing gets a
 * reset instead and loses the answer (undici does). Resolves with the answer the server sent
 * (complete or as much of it as arrived before the close), or undefined when none came.
 */
export async function sendWatchingForEarlyAnswer(
  url: URL,
  method: string,
  headers: Readonly<Record<string, string>>,
  body: Buffer,
  options: EarlyAnswerOptions,
): Promise<ReceivedAnswer | undefined> {
  const started = options.now();
  const socket = await connectWith(options.connector, url);
  const received: Buffer[] = [];
  let receivedBytes = 0;
  let onData: (() => void) | undefined;
  const closed = new Promise<void>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      if (receivedBytes < MAX_ANSWER_BYTES) received.push(chunk);
      receivedBytes += chunk.length;
      if (receivedBytes >= MAX_ANSWER_BYTES) socket.destroy();
      onData?.();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve());
  });
  const timer = setTimeout(() => socket.destroy(), options.idleMs);
  try {
    const head = [
      `${method} ${url.pathname}${url.search} HTTP/1.1`,
      `host: ${url.host}`,
      ...Object.entries(headers)
        .filter(([name]) => !/^(host|content-length|connection|transfer-encoding)$/i.test(name))
        .map(([name, value]) => `${name}: ${value}`),
      `content-length: ${body.length}`,
      'expect: 100-continue',
      'connection: close',
      '',
      '',
    ].join('\r\n');
    await write(socket, Buffer.from(head, 'latin1'), options.idleMs);
    const finalAnswer = () => parseAnswer(Buffer.concat(received), 0) !== undefined;
    // A server that refuses on the head alone answers now, before a byte of the body, often
    // right behind its automatic `100 Continue` (Node's): after a 1xx, a final answer gets a
    // moment to follow before the body goes out and the refusal's close resets the connection.
    await new Promise<void>((resolve) => {
      let wait = setTimeout(resolve, CONTINUE_WAIT_MS);
      onData = () => {
        clearTimeout(wait);
        if (finalAnswer()) resolve();
        else wait = setTimeout(resolve, AFTER_CONTINUE_MS);
      };
      void closed.then(resolve);
    });
    onData = undefined;
    for (let offset = 0; offset < body.length && !finalAnswer(); offset += CHUNK_BYTES) {
      if (socket.destroyed) break;
      timer.refresh();
      await write(socket, body.subarray(offset, offset + CHUNK_BYTES), options.idleMs);
      // Let an answer that arrived be read before the next piece goes out.
      await new Promise((resolve) => setImmediate(resolve));
    }
    timer.refresh();
    await closed;
  } finally {
    clearTimeout(timer);
    socket.destroy();
  }
  return parseAnswer(Buffer.concat(received), options.now() - started);
}

/**
 * Up to `tries` (3) watching sends, each paid for from `budget` first (a spent budget ends the tries):
 * the first answer that came, or undefined. A reset can still cost the answer on a busy machine
 * (the reset may arrive before the answer is read), so one refusal is looked for more than once
 * before "a reset without an answer" is concluded.
 */
export async function watchForEarlyAnswer(
  url: URL,
  method: string,
  headers: Readonly<Record<string, string>>,
  body: Buffer,
  options: EarlyAnswerOptions & { tries?: number; budget: RunBudget },
): Promise<ReceivedAnswer | undefined> {
  const answerKey = answerKeyOf(method, url.href);
  for (let attempt = 0; attempt < (options.tries ?? TRIES); attempt += 1) {
    let answerRoom: number;
    try {
      answerRoom = await options.budget.acquire(1, { bytes: body.length, answerKey });
    } catch (error) {
      if (error instanceof BudgetExceededError) return undefined;
      throw error;
    }
    const received = await sendWatchingForEarlyAnswer(url, method, headers, body, options);
    if (received) {
      options.budget.recordAnswer(received.bodyBytes, answerRoom, answerKey);
      return received;
    }
  }
  return undefined;
}

/** Resolves once `chunk` is handed to the system, or the socket broke, or `idleMs` passed. */
function write(socket: Socket, chunk: Buffer, idleMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve();
    const timer = setTimeout(resolve, idleMs);
    socket.write(chunk, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * An HTTP/1.x answer's status, headers and body, after any `100 Continue`; undefined without a
 * complete head of a final answer.
 */
export function parseAnswer(input: Buffer, ms: number): ReceivedAnswer | undefined {
  let bytes = input;
  while (/^HTTP\/1\.[01] 1\d\d/.test(bytes.subarray(0, 16).toString('latin1'))) {
    const interim = bytes.indexOf('\r\n\r\n');
    if (interim === -1) return undefined;
    bytes = bytes.subarray(interim + 4);
  }
  const end = bytes.indexOf('\r\n\r\n');
  const headText = bytes.subarray(0, end === -1 ? bytes.length : end).toString('latin1');
  const [statusLine, ...lines] = headText.split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(statusLine ?? '');
  if (!status || end === -1) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  let kept = bytes.subarray(end + 4);
  const length = Number(headers['content-length']);
  if (Number.isInteger(length) && length >= 0) kept = kept.subarray(0, length);
  return { statusCode: Number(status[1]), headers, kept, bodyBytes: kept.length, ms };
}
