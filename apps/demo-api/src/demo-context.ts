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
  return { raw, input: parseJsonBody(request, raw, demo.has('schema.malformed_json_5xx')) };
}
