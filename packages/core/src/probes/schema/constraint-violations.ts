import { isObject, type JsonObject } from '../json-tools';

/** One broken constraint: the body that breaks it and how the finding names it. */
export interface Violation {
  field: string;
  /** `maxLength: 80`, `enum: "draft", "sent"`, `pattern: ^[A-Z]+$`, `required`. */
  constraint: string;
  body: JsonObject;
  /** The violating value; absent for a missing required field. */
  value?: unknown;
}

/** At most this many violations per route: each is one request and its read-back. */
export const MAX_VIOLATIONS = 12;
/** A maxLength above this is not worth a body that long. */
const MAX_LENGTH_PROBED = 10_000;
/** How deep `allOf` is followed; schemas from YAML may share (or loop through) members. */
const MAX_ALL_OF_DEPTH = 8;
/** Enum values a constraint's name lists before `…`. */
const ENUM_SHOWN = 5;

/** Strings tried, in order, for a value that does not match a `pattern`. */
const PATTERN_MISSES = ['!', '', 'shakedown~not~matching', ' ', '0', 'a'];

function typesOf(schema: JsonObject): string[] {
  const type = schema.type;
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * `schema` and the members of its `allOf`, at any depth: a value must satisfy every one, so a
 * constraint of any of them is a constraint of the whole. Nothing under `oneOf`, `anyOf`, `not`
 * or `if` is one: a value that breaks one branch may match another.
 */
function conjuncts(schema: JsonObject): JsonObject[] {
  const found: JsonObject[] = [];
  const visit = (part: unknown, depth: number) => {
    if (!isObject(part) || found.includes(part) || depth > MAX_ALL_OF_DEPTH) return;
    found.push(part);
    if (Array.isArray(part.allOf)) for (const member of part.allOf) visit(member, depth + 1);
  };
  visit(schema, 0);
  return found;
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
  // `null` joins an enum when OpenAPI 3.0's `nullable` is read as 2020-12; the miss is never null.
  const present = values.filter((value) => value !== null);
  if (present.length > 0 && present.every((value) => typeof value === 'number')) {
    const miss = Math.max(...present) + 1000;
    if (Number.isFinite(miss) && !present.includes(miss)) return miss;
  }
  const miss = 'shakedown-not-in-enum';
  return values.includes(miss) ? `${miss}-2` : miss;
}

function enumName(values: unknown[]): string {
  const shown = values.slice(0, ENUM_SHOWN).map((value) => JSON.stringify(value));
  return `enum: ${shown.join(', ')}${values.length > ENUM_SHOWN ? ', …' : ''}`;
}

/**
 * The nearest value past each bound (`minimum`, `maximum` and their exclusive forms), an integer
 * where the type asks for one; none where floating point cannot tell it from the bound.
 */
function boundValues(schema: JsonObject, integer: boolean): [string, unknown][] {
  const bad: [string, unknown][] = [];
  const past = (keyword: string, below: boolean, exclusive: boolean) => {
    const bound = schema[keyword];
    if (typeof bound !== 'number' || !Number.isFinite(bound)) return;
    const [round, step] = below ? [Math.floor, -1] : [Math.ceil, 1];
    let value: number;
    if (exclusive) value = integer ? round(bound) : bound;
    else if (integer) value = round(bound) === bound ? bound + step : round(bound);
    else value = bound + step / 2;
    const breaks = (below ? value < bound : value > bound) || (exclusive && value === bound);
    if (breaks) bad.push([`${keyword}: ${bound}`, value]);
  };
  past('minimum', true, false);
  past('exclusiveMinimum', true, true);
  past('maximum', false, false);
  past('exclusiveMaximum', false, true);
  return bad;
}

/** The bad values of one property's constraints (one of its conjuncts): `[constraint, value]`. */
function badValues(schema: JsonObject, integer: boolean): [string, unknown][] {
  const bad: [string, unknown][] = [];
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    bad.push([enumName(schema.enum), enumMiss(schema.enum)]);
  }
  bad.push(...boundValues(schema, integer));
  if (typeof schema.maxLength === 'number' && schema.maxLength < MAX_LENGTH_PROBED) {
    bad.push([`maxLength: ${schema.maxLength}`, 'x'.repeat(schema.maxLength + 1)]);
  }
  if (typeof schema.pattern === 'string') {
    const miss = missesPattern(schema.pattern);
    if (miss !== undefined) bad.push([`pattern: ${schema.pattern}`, miss]);
  }
  return bad;
}

/**
 * The sample body with one constraint of its JSON Schema broken at a time, for the top-level
 * properties: outside an enum, past minimum/maximum, over maxLength, a pattern miss, a required
 * field left out. Everything else of the sample stays as it was.
 *
 * Only constraints no reading of the schema allows: those of the schema and its `allOf` members
 * (never a branch of `oneOf`/`anyOf`, which another branch may allow), whose bad value is never
 * `null` (which `nullable` or a `null` type may allow). `format` is not one: JSON Schema makes
 * it an annotation and OpenAPI lets tools ignore it, so a server that stores `not-an-email`
 * still follows its document. `readOnly` properties are not either: a request should not carry
 * them, and a server may ignore them when it does.
 */
export function constraintViolations(sample: JsonObject, schema: JsonObject): Violation[] {
  const violations: Violation[] = [];
  const seen = new Set<string>();
  const add = (violation: Violation) => {
    const key = `${violation.field}\u0000${violation.constraint}`;
    if (seen.has(key)) return;
    seen.add(key);
    violations.push(violation);
  };
  const whole = conjuncts(schema);
  const properties = new Map<string, JsonObject[]>();
  for (const part of whole) {
    if (!isObject(part.properties)) continue;
    for (const [field, property] of Object.entries(part.properties)) {
      if (!isObject(property)) continue;
      properties.set(field, [...(properties.get(field) ?? []), ...conjuncts(property)]);
    }
  }
  const readOnly = new Set(
    [...properties]
      .filter(([, parts]) => parts.some((part) => part.readOnly === true))
      .map(([field]) => field),
  );
  for (const [field, parts] of properties) {
    if (readOnly.has(field)) continue;
    const integer = parts.some((part) => typesOf(part).includes('integer'));
    for (const part of parts) {
      for (const [constraint, value] of badValues(part, integer)) {
        add({ field, constraint, value, body: { ...sample, [field]: value } });
      }
    }
  }
  for (const part of whole) {
    for (const field of Array.isArray(part.required) ? part.required : []) {
      if (typeof field !== 'string' || readOnly.has(field) || !(field in sample)) continue;
      const { [field]: _left, ...body } = sample;
      add({ field, constraint: 'required', body });
    }
  }
  return violations.slice(0, MAX_VIOLATIONS);
}
