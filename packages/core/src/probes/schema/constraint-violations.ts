import { isObject, type JsonObject } from '../json-tools';
import { badValues, typesOf } from './constraint-values';

/** One broken constraint: the body that breaks it and how the finding names it. */
export interface Violation {
  /** The property's name, or `address.zip` one level down. */
  field: string;
  /** Where the property sits in the body: `["note"]`, `["address", "zip"]`. */
  path: string[];
  /** `maxLength: 80`, `enum: "draft", "sent"`, `pattern: ^[A-Z]+$`, `required`. */
  constraint: string;
  body: JsonObject;
  /** The violating value; absent for a missing required field. */
  value?: unknown;
  /** An empty string or array, which a server may keep as the default of a value it ignored. */
  emptyLike?: true;
}

/** At most this many violations per route: each is one request and its read-back. */
export const MAX_VIOLATIONS = 24;
/** How deep `allOf` is followed; schemas from YAML may share (or loop through) members. */
const MAX_ALL_OF_DEPTH = 8;

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

/** An object schema's properties (through its conjuncts), each with its own conjuncts. */
interface Level {
  properties: Map<string, JsonObject[]>;
  required: string[];
}

function levelOf(parts: JsonObject[]): Level {
  const properties = new Map<string, JsonObject[]>();
  const required: string[] = [];
  for (const part of parts) {
    if (isObject(part.properties)) {
      for (const [field, property] of Object.entries(part.properties)) {
        if (!isObject(property)) continue;
        properties.set(field, [...(properties.get(field) ?? []), ...conjuncts(property)]);
      }
    }
    for (const field of Array.isArray(part.required) ? part.required : []) {
      if (typeof field === 'string') required.push(field);
    }
  }
  // `readOnly` properties are left alone: a request should not carry them.
  const readOnly = [...properties]
    .filter(([, fieldParts]) => fieldParts.some((part) => part.readOnly === true))
    .map(([field]) => field);
  for (const field of readOnly) properties.delete(field);
  return { properties, required: required.filter((field) => !readOnly.includes(field)) };
}

/** `sample` with the value at `path` replaced, or left out when `value` is `undefined`. */
function withValue(sample: JsonObject, path: string[], value: unknown): JsonObject {
  const [head, ...rest] = path as [string, ...string[]];
  const inner = rest.length > 0 ? withValue(sample[head] as JsonObject, rest, value) : value;
  const { [head]: _old, ...others } = sample;
  return inner === undefined ? others : { ...sample, [head]: inner };
}

/**
 * The sample body with one constraint of its JSON Schema broken at a time, for the top-level
 * properties and one level down inside a nested object the sample has (through plain
 * `properties` and `allOf`): outside an enum or a const, past minimum/maximum, off a multipleOf,
 * over maxLength or under minLength, a pattern miss, too few or too many items, a repeated item,
 * a required field left out. Everything else of the sample stays as it was.
 *
 * Only constraints no reading of the schema allows: those of the schema and its `allOf` members
 * (never a branch of `oneOf`/`anyOf`, which another branch may allow), whose bad value is never
 * `null` (which `nullable` or a `null` type may allow). `format` is not one: JSON Schema makes
 * it an annotation and OpenAPI lets tools ignore it, so a server that stores `not-an-email`
 * still follows its document. `readOnly` properties are not either: a request should not carry
 * them, and a server may ignore them when it does.
 *
 * Returns every violation found; the check tries the first {@link MAX_VIOLATIONS}.
 */
export function constraintViolations(sample: JsonObject, schema: JsonObject): Violation[] {
  const violations: Violation[] = [];
  const seen = new Set<string>();
  const add = (path: string[], constraint: string, extra: Partial<Violation>) => {
    const field = path.join('.');
    const key = `${field}\u0000${constraint}`;
    if (seen.has(key)) return;
    seen.add(key);
    const body = withValue(sample, path, extra.value);
    violations.push({ field, path, constraint, body, ...extra });
  };
  const top = levelOf(conjuncts(schema));
  const nested: [string, Level, JsonObject][] = [];
  const breakLevel = (level: Level, at: string[], values: JsonObject) => {
    for (const [field, parts] of level.properties) {
      const integer = parts.some((part) => typesOf(part).includes('integer'));
      for (const part of parts) {
        for (const { constraint, value, emptyLike } of badValues(part, integer, values[field])) {
          add([...at, field], constraint, { value, ...(emptyLike && { emptyLike }) });
        }
      }
      if (at.length === 0 && isObject(values[field]))
        nested.push([field, levelOf(parts), values[field]]);
    }
  };
  const leaveOut = (level: Level, at: string[], values: JsonObject) => {
    for (const field of level.required) {
      if (field in values) add([...at, field], 'required', {});
    }
  };
  breakLevel(top, [], sample);
  for (const [field, level, values] of nested) breakLevel(level, [field], values);
  leaveOut(top, [], sample);
  for (const [field, level, values] of nested) leaveOut(level, [field], values);
  return violations;
}
