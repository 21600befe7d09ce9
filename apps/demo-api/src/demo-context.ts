import type { IncomingMessage } from 'node:http';

import type { HasDefect } from './defects';
import { parseJsonBody, readBody } from './http-io';
import type { NoteStore } from './note-store';
import type { RateLimiter } from './rate-limiter';

/** A stored answer to an idempotency key. */
export interface StoredAnswer {
  fingerprint: string;
  /** Undefined while the first request is still being processed. */
  status?: number;
  body?: string;
}

/** One demo API's state and switches, handed to every route. */
export interface DemoContext {
  has: HasDefect;
  notes: NoteStore;
  limiter: RateLimiter;
  /** Answers by idempotency key (scoped per tenant unless a defect says otherwise). */
  idempotency: Map<string, StoredAnswer>;
  /** With availability.broken_by_request: every request answers 500 until then (ms epoch). */
  brokenUntil?: number;
}

/** How long one deeply nested body leaves the defective demo answering 500: it then recovers. */
export const BROKEN_FOR_MS = 5_000;
/** Bodies nested deeper than this break the defective demo. */
const BREAKING_DEPTH = 64;

function depthOf(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    max = Math.max(max, depth);
    for (const inner of Object.values(current)) stack.push([inner, depth + 1]);
  }
  return max;
}

/** What the demo accepts per body, as `examples/demo.yml` declares (16 KB); the defect lets 16 MB through. */
const ACCEPTED_BODY_BYTES = 16 * 1024;
const DEFECTIVE_BODY_BYTES = 16 * 1024 ** 2;

/** The request's JSON body, within the demo's body limit. */
export async function readJsonBody(
  demo: DemoContext,
  request: IncomingMessage,
): Promise<{ raw: Buffer; input: unknown }> {
  const max = demo.has('payload.oversize_accepted') ? DEFECTIVE_BODY_BYTES : ACCEPTED_BODY_BYTES;
  const raw = await readBody(request, max);
  const input = parseJsonBody(request, raw, demo.has('schema.malformed_json_5xx'));
  if (demo.has('availability.broken_by_request') && depthOf(input) > BREAKING_DEPTH) {
    // The defect: a deep body poisons the process (think of a recursive handler blowing a
    // shared pool) and it answers 500 to everyone for a while.
    demo.brokenUntil = Date.now() + BROKEN_FOR_MS;
    throw new Error('the request handler ran out of stack');
  }
  return { raw, input };
}
