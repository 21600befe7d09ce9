import { Worker } from 'node:worker_threads';

import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { ErrorCode, type OpenApiDraft, type OpenApiDraftRequest } from '@shakedown/core/contract';

import type { YamlLimits } from '@shakedown/core/config';
import type { OpenApiImportResult } from '@shakedown/core/openapi';

import { ApiError } from '../common/api-error';
import { toOpenApiDraft } from './openapi-draft';

/** What one draft may cost: wall time, values in the draft, its size, the thread's heap. */
export interface DraftLimits {
  timeMs: number;
  maxNodes: number;
  maxDraftBytes: number;
  heapMb: number;
  /** Drafts running at once; more wait their turn. */
  concurrency: number;
  /** Core's YAML limits for the document, looser than a config's: OpenAPI documents are larger. */
  yaml: Partial<YamlLimits>;
}

export const DRAFT_LIMITS: DraftLimits = {
  timeMs: 5_000,
  maxNodes: 200_000,
  maxDraftBytes: 2 * 1024 * 1024,
  heapMb: 256,
  concurrency: 2,
  yaml: { maxAliases: 100, maxDepth: 128, maxNodes: 1_000_000 },
};

/** The document to draft from, and where it was downloaded from when it was. */
export interface DraftSource {
  document: string;
  url?: string;
}

export type DraftOptions = Pick<OpenApiDraftRequest, 'baseUrl' | 'name' | 'include'>;

type WorkerAnswer =
  | { kind: 'imported'; result: OpenApiImportResult }
  | { kind: 'too_complex'; message: string; limit: string };

// Runs in the thread: core's import (its build, resolved by Node from this folder, also under
// jest), then the size and node limits of the draft it made.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const core = (subpath) => require(require.resolve(subpath, { paths: [workerData.from] }));
const { importOpenApi } = core('@shakedown/core/openapi');
const { readYamlWithinLimits } = core('@shakedown/core/config');
const { document, options, limits } = workerData;
const refuse = (limit, message) => parentPort.postMessage({ kind: 'too_complex', limit, message });
async function draft() {
  const read = readYamlWithinLimits(document, { limits: limits.yaml, uniqueKeys: false });
  if (read.refusal) return refuse(read.refusal.limit, read.refusal.message);
  const result = await importOpenApi(document, options);
  if (!result.ok) return parentPort.postMessage({ kind: 'imported', result });
  let nodes = 0;
  const stack = [result.config];
  while (stack.length > 0 && nodes <= limits.maxNodes) {
    const value = stack.pop();
    nodes += 1;
    if (value !== null && typeof value === 'object') for (const item of Object.values(value)) stack.push(item);
  }
  if (nodes > limits.maxNodes) return refuse('nodes', 'the draft would have more than ' + limits.maxNodes + ' values');
  const bytes = JSON.stringify(result.config).length + result.yaml.length;
  if (bytes > limits.maxDraftBytes) {
    return refuse('bytes', 'the draft would be ' + bytes + ' bytes; the limit is ' + limits.maxDraftBytes);
  }
  parentPort.postMessage({ kind: 'imported', result });
}
draft();
`;

/** The body field a draft's problems are reported under: where the document came from. */
const fieldOf = (source: DraftSource) => (source.url === undefined ? 'body.document' : 'body.url');

function tooComplex(message: string, details: Record<string, unknown>, field: string): ApiError {
  return new ApiError(422, ErrorCode.documentTooComplex, `${field}: ${message}`, {
    ...details,
    issues: [{ path: field, message }],
  });
}

/**
 * `POST /targets/openapi-draft` off the event loop (issue 12: a 2.6 KB document whose `$ref`s
 * fan out kept the API busy for 6.6 s). Each draft runs in its own worker thread with a heap
 * cap; past `timeMs` the thread is terminated, and a draft past `maxNodes` or `maxDraftBytes`
 * is refused: all `422 document_too_complex` naming the limit. The API keeps answering
 * meanwhile.
 */
@Injectable()
export class OpenApiDraftRunner implements OnModuleDestroy {
  private readonly running = new Set<Worker>();
  private readonly waiting: (() => void)[] = [];
  private active = 0;

  constructor(private readonly limits: DraftLimits = DRAFT_LIMITS) {}

  async draft(source: DraftSource, options: DraftOptions = {}): Promise<OpenApiDraft> {
    await this.turn();
    try {
      return await this.run(source, options);
    } finally {
      // The slot passes to the next waiting draft, or is freed.
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.running].map((worker) => worker.terminate()));
  }

  private turn(): Promise<void> {
    if (this.active < this.limits.concurrency) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private run(source: DraftSource, input: DraftOptions): Promise<OpenApiDraft> {
    const { timeMs, heapMb } = this.limits;
    const field = fieldOf(source);
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        from: __dirname,
        document: source.document,
        options: {
          ...(source.url === undefined ? {} : { documentUrl: source.url }),
          ...(input.baseUrl === undefined ? {} : { baseUrl: input.baseUrl }),
          ...(input.name === undefined ? {} : { name: input.name }),
          ...(input.include === undefined ? {} : { include: input.include }),
        },
        limits: this.limits,
      },
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 32 },
    });
    this.running.add(worker);
    return new Promise<OpenApiDraft>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          tooComplex(
            `drafting took longer than ${timeMs / 1000} s and was stopped`,
            { limit: 'time', limitMs: timeMs },
            field,
          ),
        );
        void worker.terminate();
      }, timeMs);
      const settle = () => {
        clearTimeout(timer);
        this.running.delete(worker);
      };
      worker.once('message', (answer: WorkerAnswer) => {
        settle();
        void worker.terminate();
        try {
          resolve(answerOf(answer, this.limits, field));
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
      worker.once('error', (error: Error & { code?: string }) => {
        settle();
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? tooComplex(
                `drafting needed more than ${heapMb} MB of memory`,
                { limit: 'memory', limitMb: heapMb },
                field,
              )
            : new ApiError(
                400,
                ErrorCode.invalidOpenApi,
                `${field} could not be imported: ${error.message}`,
              ),
        );
      });
      worker.once('exit', () => settle());
    });
  }
}

function answerOf(answer: WorkerAnswer, limits: DraftLimits, field: string): OpenApiDraft {
  if (answer.kind === 'imported') return toOpenApiDraft(answer.result, field);
  throw tooComplex(
    answer.message,
    {
      limit: answer.limit,
      ...(answer.limit === 'nodes' ? { maxNodes: limits.maxNodes } : {}),
      ...(answer.limit === 'bytes' ? { maxDraftBytes: limits.maxDraftBytes } : {}),
    },
    field,
  );
}
