/**
 * Bounds on the work one import may do, so a small document whose `$ref`s fan out cannot keep a
 * process busy for seconds or build a draft of many megabytes (issue 12). Past any of them the
 * import fails with `document_too_complex`.
 */
export interface OpenApiImportLimits {
  /** Length of the document's text. */
  maxDocumentBytes: number;
  /**
   * Values in the document once every `$ref` is followed (what validation walks), at least
   * this many, and more for large documents: see {@link expansionAllowance}.
   */
  maxExpandedNodes: number;
  /** Values in one sample body. */
  maxSampleNodes: number;
  /** Values in all sample bodies together. */
  maxGeneratedNodes: number;
  /** Length of the draft config as JSON. */
  maxDraftBytes: number;
  /** Wall time of one import, checked between steps. */
  maxMs: number;
}

export const DEFAULT_IMPORT_LIMITS: OpenApiImportLimits = {
  maxDocumentBytes: 32 * 1024 ** 2,
  maxExpandedNodes: 1_000_000,
  maxSampleNodes: 5_000,
  maxGeneratedNodes: 200_000,
  maxDraftBytes: 2 * 1024 ** 2,
  maxMs: 30_000,
};

/**
 * Real documents grow by a small factor when their `$ref`s are followed (GitHub's: 7.7 times);
 * a document built to fan out grows by thousands.
 */
const EXPANSION_PER_SOURCE_NODE = 20;

export function expansionAllowance(limits: OpenApiImportLimits, sourceNodes: number): number {
  return Math.max(limits.maxExpandedNodes, EXPANSION_PER_SOURCE_NODE * sourceNodes);
}

export type OpenApiImportErrorCode = 'invalid_openapi' | 'document_too_complex';

/** A document the import refuses, as a whole: not OpenAPI, or past a limit. */
export class OpenApiImportError extends Error {
  override readonly name = 'OpenApiImportError';
  constructor(
    readonly code: OpenApiImportErrorCode,
    message: string,
    readonly path = '',
  ) {
    super(message);
  }
}

export function tooComplex(message: string): OpenApiImportError {
  return new OpenApiImportError('document_too_complex', message);
}

/** Counts the work of one import against its limits. */
export class ImportBudget {
  private readonly deadline: number;
  private generatedNodes = 0;
  private bodySchemaBytes = 0;

  constructor(
    readonly limits: OpenApiImportLimits,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.deadline = now() + limits.maxMs;
  }

  /** Throws once the import has run past its time limit. */
  checkTime(step: string): void {
    if (this.now() > this.deadline) {
      throw tooComplex(
        `the import took longer than ${this.limits.maxMs / 1000} s (stopped while ${step})`,
      );
    }
  }

  /** Adds one sample's size to the total; throws past the total limit. */
  addGenerated(nodes: number): void {
    this.generatedNodes += nodes;
    if (this.generatedNodes > this.limits.maxGeneratedNodes) {
      throw tooComplex(
        `the sample bodies need more than ${this.limits.maxGeneratedNodes} values in all`,
      );
    }
  }

  /** Adds one route's `bodySchema` to the draft's total, unless that would pass `limit`. */
  claimBodySchema(bytes: number, limit: number): boolean {
    if (this.bodySchemaBytes + bytes > limit) return false;
    this.bodySchemaBytes += bytes;
    return true;
  }
}

/** Number of values in a JSON tree (objects, arrays and scalars), counted once each. */
export function countNodes(value: unknown): number {
  if (value === null || typeof value !== 'object') return 1;
  let count = 1;
  for (const item of Object.values(value)) count += countNodes(item);
  return count;
}

/**
 * Number of values a walk of `root` meets when it follows shared objects every time, as a
 * validator or a sampler does after dereferencing; a return to an object already on the path
 * (a cycle) counts once. Memoised per object, so it costs one visit per distinct object even
 * when the answer is in the billions; stops counting past `limit`.
 */
export function countExpandedNodes(root: unknown, limit: number): number {
  const sizes = new Map<object, number>();
  const onPath = new Set<object>();
  const size = (value: unknown): number => {
    if (value === null || typeof value !== 'object') return 1;
    if (onPath.has(value)) return 1;
    const known = sizes.get(value);
    if (known !== undefined) return known;
    onPath.add(value);
    let total = 1;
    for (const item of Object.values(value)) {
      total = Math.min(total + size(item), limit + 1);
    }
    onPath.delete(value);
    sizes.set(value, total);
    return total;
  };
  return size(root);
}
