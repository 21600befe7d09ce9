import { isObject, type JsonObject } from '../json-tools';

/** One broken constraint: the body that breaks it and how the finding names it. */
export interface Violation {
  field: string;
  /** `maxLength: 80`, `enum: draft, sent`, `format: email`, `required`. */
  constraint: string;
  body: JsonObject;
  /** The violating value; absent for a missing required field. */
  value?: unknown;
}

/** At most this many violations per route: each is one request and its read-back. */
export const MAX_VIOLATIONS = 12;
/** A maxLength above this is not worth a body that long. */
const MAX_LENGTH_PROBED = 10_000;

const BAD_FORMATS: Record<string, string> = {
  email: 'not-an-email',
  uuid: 'not-a-uuid',
  'date-time': 'not-a-date-time',
  uri: 'not a uri',
};

/** Strings tried, in order, for a value that does not match a `pattern`. */
const PATTERN_MISSES = ['!', '', 'shakedown~not~matching', ' ', '0', 'a'];

function typesOf(schema: JsonObject): string[] {
  const type = schema.type;
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((item): item is string => typeof item === 'string') : [];
}

function missesPattern(pattern: string): string | undefined {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, 'u');
  } catch {
    return undefined;
  }
  return PATTERN_MISSES.find((candidate) => !regex.test(candidate));
}

function enumMiss(values: unknown[]): unknown {
  if (values.every((value) => typeof value === 'number')) {
    return Math.max(...values) + 1000;
  }
  const miss = 'shakedown-not-in-enum';
  return values.includes(miss) ? `${miss}-2` : miss;
}

/** The bad values of one property's constraints: `[constraint, value]`. */
function badValues(schema: JsonObject): [string, unknown][] {
  const bad: [string, unknown][] = [];
  const integer = typesOf(schema).includes('integer');
  const step = integer ? 1 : 0.5;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    bad.push([
      `enum: ${schema.enum.map((value) => JSON.stringify(value)).join(', ')}`,
      enumMiss(schema.enum),
    ]);
  }
  if (typeof schema.minimum === 'number')
    bad.push([`minimum: ${schema.minimum}`, schema.minimum - step]);
  if (typeof schema.exclusiveMinimum === 'number') {
    bad.push([`exclusiveMinimum: ${schema.exclusiveMinimum}`, schema.exclusiveMinimum]);
  }
  if (typeof schema.maximum === 'number')
    bad.push([`maximum: ${schema.maximum}`, schema.maximum + step]);
  if (typeof schema.exclusiveMaximum === 'number') {
    bad.push([`exclusiveMaximum: ${schema.exclusiveMaximum}`, schema.exclusiveMaximum]);
  }
  if (typeof schema.maxLength === 'number' && schema.maxLength < MAX_LENGTH_PROBED) {
    bad.push([`maxLength: ${schema.maxLength}`, 'x'.repeat(schema.maxLength + 1)]);
  }
  if (typeof schema.format === 'string' && BAD_FORMATS[schema.format] !== undefined) {
    bad.push([`format: ${schema.format}`, BAD_FORMATS[schema.format]]);
  }
  if (typeof schema.pattern === 'string') {
    const miss = missesPattern(schema.pattern);
    if (miss !== undefined) bad.push([`pattern: ${schema.pattern}`, miss]);
  }
  return bad;
}

/**
 * The sample body with one declared constraint of its JSON Schema broken at a time (top-level
 * properties): outside an enum, past minimum/maximum, over maxLength, a bad format, a pattern
 * miss, a required field left out. Everything else of the sample stays as it was.
 */
export function constraintViolations(sample: JsonObject, schema: JsonObject): Violation[] {
  const violations: Violation[] = [];
  const properties = isObject(schema.properties) ? schema.properties : {};
  for (const [field, property] of Object.entries(properties)) {
    if (!isObject(property)) continue;
    for (const [constraint, value] of badValues(property)) {
      violations.push({ field, constraint, value, body: { ...sample, [field]: value } });
    }
  }
  const required = Array.isArray(schema.required) ? schema.required : [];
  for (const field of required) {
    if (typeof field !== 'string' || !(field in sample)) continue;
    const { [field]: _left, ...body } = sample;
    violations.push({ field, constraint: 'required', body });
  }
  return violations.slice(0, MAX_VIOLATIONS);
}
