import { draftBodySchema, kilobytes, MAX_BODY_SCHEMAS_BYTES } from './body-schema';
import { parentEnvName } from './draft-target';
import type { LeftOutCategory } from './import-result';
import { isObject, scalarText, type Json } from './json';
import { jsonRequestBody, mediaExamples, type Operation, type Parameter } from './operations';
import { sampleBody, type SampleContext } from './sample-body';
import { NO_SERVER_FIELDS, type ServerFields } from './server-fields';

export interface RequestParts {
  /** Concrete path: `{id}` for the created object, `${ENV}` for a parent, values, a query. */
  path: string;
  headers?: Record<string, string>;
  idempotencyHeader?: string;
  body?: unknown;
  /** The body's JSON Schema, for schema.constraint_violation_persisted (see body-schema.ts). */
  bodySchema?: Json;
  /** For the reader: where the body came from, which fields get a fresh value. */
  notes: string[];
  warnings: string[];
}

export interface RequestShape {
  /** The path parameter that is the created object's id (`{id}` in resource paths). */
  idParameter?: string;
  /** Path parameters naming existing parents, written as `${NAME}` for the user to set. */
  parentParameters?: ReadonlySet<string>;
  /** Fields the server sets for this body. */
  fields: ServerFields;
  /** Header names the tenants' credentials use (lower case): not drafted as route headers. */
  credentialHeaders: ReadonlySet<string>;
  /** Whether a body drafted from a schema also gets its `bodySchema` (routes: yes). */
  withBodySchema?: boolean;
}

/** Why an operation cannot be drafted, and how to sort it. */
export class UndraftableError extends Error {
  constructor(
    readonly category: LeftOutCategory,
    message: string,
  ) {
    super(message);
  }
}

const IDEMPOTENCY_HEADER = /^(x-)?idempotency[-_]?key$/i;
const TRANSPORT_HEADERS =
  /^(content-type|accept|content-length|user-agent|host|authorization|cookie)$/i;
const FILLABLE_FORMATS = new Set(['date', 'date-time', 'time']);

/** The request of one operation as the config writes it; throws {@link UndraftableError}. */
export function requestParts(
  operation: Operation,
  shape: RequestShape,
  context: SampleContext,
): RequestParts {
  const notes: string[] = [];
  const warnings: string[] = [];
  const byName = new Map(
    operation.parameters
      .filter((parameter) => parameter.in === 'path')
      .map((parameter) => [parameter.name, parameter]),
  );
  const path = operation.path.replace(/\{([^}/]+)\}/g, (_, name: string) => {
    if (name === shape.idParameter) return '{id}';
    if (shape.parentParameters?.has(name)) return `\${${parentEnvName(name)}}`;
    const parameter = byName.get(name);
    const value =
      parameter && isFillable(parameter.schema)
        ? scalarText(parameterValue(parameter, context))
        : undefined;
    if (value === undefined) {
      throw new UndraftableError(
        'not-created',
        `needs an existing {${name}}; the draft never invents ids`,
      );
    }
    return encodeURIComponent(value);
  });

  const query: string[] = [];
  const headers: Record<string, string> = {};
  let idempotencyHeader: string | undefined;
  for (const parameter of operation.parameters) {
    if (parameter.in === 'header' && IDEMPOTENCY_HEADER.test(parameter.name)) {
      idempotencyHeader = parameter.name;
      continue;
    }
    if (!parameter.required || parameter.in === 'path') continue;
    if (
      parameter.in === 'header' &&
      (TRANSPORT_HEADERS.test(parameter.name) ||
        shape.credentialHeaders.has(parameter.name.toLowerCase()))
    )
      continue;
    if (parameter.in === 'cookie') {
      throw new UndraftableError(
        'unsupported',
        `needs the cookie ${parameter.name}, which a route cannot set besides the tenants' own`,
      );
    }
    const raw = parameterValue(parameter, context);
    const values = (Array.isArray(raw) ? raw : [raw]).map(scalarText);
    if (raw === undefined || values.some((value) => value === undefined)) {
      throw new UndraftableError(
        'unsupported',
        `needs the ${parameter.in} parameter ${parameter.name}, and no valid value could be made for it`,
      );
    }
    if (parameter.in === 'header') headers[parameter.name] = values.join(',');
    else {
      for (const value of values) {
        query.push(`${encodeURIComponent(parameter.name)}=${encodeURIComponent(value!)}`);
      }
    }
  }

  const parts: RequestParts = {
    path: query.length > 0 ? `${path}?${query.join('&')}` : path,
    notes,
    warnings,
  };
  if (Object.keys(headers).length > 0) parts.headers = headers;
  if (idempotencyHeader) parts.idempotencyHeader = idempotencyHeader;
  const body = draftBody(operation, shape, context, notes, warnings);
  if (body === undefined) return parts;
  parts.body = body.value;
  if (shape.withBodySchema && body.schema !== undefined) {
    const bodySchema = routeBodySchema(body.schema, body.valid, shape, context);
    if ('omitted' in bodySchema) notes.push(`no bodySchema: ${bodySchema.omitted}`);
    else parts.bodySchema = bodySchema.schema;
    if (bodySchema.note) notes.push(bodySchema.note);
  }
  return parts;
}

/** The route's `bodySchema`, or why it has none; counted against the draft's total. */
function routeBodySchema(
  schema: unknown,
  validSample: boolean,
  shape: RequestShape,
  context: SampleContext,
): { schema: Json; note?: string } | { omitted: string; note?: undefined } {
  // Broken one constraint at a time, a sample that is already invalid proves nothing.
  if (!validSample) return { omitted: 'the sample body is not valid' };
  const drafted = draftBodySchema(schema, context.openapi30, shape.fields);
  if ('omitted' in drafted) return drafted;
  if (!context.budget.claimBodySchema(drafted.bytes, MAX_BODY_SCHEMAS_BYTES)) {
    return {
      omitted: `the draft's body schemas already take ${kilobytes(MAX_BODY_SCHEMAS_BYTES)}`,
    };
  }
  const cut = drafted.cycles;
  return cut > 0
    ? { schema: drafted.schema, note: `bodySchema with ${cut} cycle${cut > 1 ? 's' : ''} cut` }
    : { schema: drafted.schema };
}

function draftBody(
  operation: Operation,
  shape: RequestShape,
  context: SampleContext,
  notes: string[],
  warnings: string[],
): { value: unknown; schema: unknown; valid: boolean } | undefined {
  const requestBody = jsonRequestBody(operation.operation);
  if (!requestBody || operation.method === 'GET' || operation.method === 'DELETE') return undefined;
  if (!requestBody.media) {
    if (requestBody.required) {
      throw new UndraftableError(
        'unsupported',
        `takes ${requestBody.mediaTypes.join(', ')} bodies; only JSON bodies are drafted`,
      );
    }
    return undefined;
  }
  const examples = mediaExamples(requestBody.media);
  if (requestBody.media.schema === undefined && examples.length === 0) {
    warnings.push('the document gives no schema or example for the body: add one by hand');
    return undefined;
  }
  const sample = sampleBody(
    { schema: requestBody.media.schema ?? {}, examples, fields: shape.fields, unique: true },
    context,
  );
  if (sample.body === undefined) {
    const problem = sample.problems[0] ?? 'no sample could be made';
    if (requestBody.required)
      throw new UndraftableError('unsupported', `its body ${problem.replace(/^the /, '')}`);
    warnings.push(`no body drafted: ${problem}`);
    return undefined;
  }
  notes.push(
    sample.source === 'example'
      ? "body from the document's example"
      : 'body generated from the schema',
  );
  if (sample.uniqueFields.length > 0)
    notes.push(`fresh value per request at ${sample.uniqueFields.join(', ')}`);
  if (sample.note) warnings.push(sample.note);
  if (sample.problems.length > 0) {
    warnings.push(
      `the sample body is not valid and needs a hand: ${sample.problems.slice(0, 3).join('; ')}`,
    );
  }
  return {
    value: sample.body,
    schema: requestBody.media.schema,
    valid: sample.problems.length === 0,
  };
}

/** Path parameters that name no object: enumerations, flags and dates. */
function isFillable(schema: unknown): boolean {
  if (!isObject(schema)) return false;
  return (
    (Array.isArray(schema.enum) && schema.enum.length > 0) ||
    schema.const !== undefined ||
    schema.type === 'boolean' ||
    (typeof schema.format === 'string' && FILLABLE_FORMATS.has(schema.format))
  );
}

function parameterValue(parameter: Parameter, context: SampleContext): unknown {
  const sample = sampleBody(
    {
      schema: parameter.schema ?? { type: 'string' },
      examples: parameter.example === undefined ? [] : [parameter.example],
      fields: NO_SERVER_FIELDS,
      unique: false,
    },
    context,
  );
  return sample.problems.length === 0 ? sample.body : undefined;
}
