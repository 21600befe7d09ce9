import { isObject, type JsonObject } from '../json-tools';

/** One bad value of a property: the constraint it breaks and the value. */
export interface BadValue {
  /** `maxLength: 80`, `enum: "draft", "sent"`, `minItems: 1`. */
  constraint: string;
  value: unknown;
  /**
   * An empty string or array: what a server may keep as its default for a value it ignored, so
   * a read-back holding it proves nothing unless leaving the field out shows something else.
   */
  emptyLike?: true;
}

/** A maxLength or maxItems above this is not worth a body that long. */
const MAX_LENGTH_PROBED = 10_000;
const MAX_ITEMS_PROBED = 1_000;
/** Enum values a constraint's name lists before `…`. */
const ENUM_SHOWN = 5;

/** Strings tried, in order, for a value that does not match a `pattern`. */
const PATTERN_MISSES = ['!', '', 'shakedown~not~matching', ' ', '0', 'a'];

export function typesOf(schema: JsonObject): string[] {
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
function boundValues(schema: JsonObject, integer: boolean): BadValue[] {
  const bad: BadValue[] = [];
  const past = (keyword: string, below: boolean, exclusive: boolean) => {
    const bound = schema[keyword];
    if (typeof bound !== 'number' || !Number.isFinite(bound)) return;
    const [round, step] = below ? [Math.floor, -1] : [Math.ceil, 1];
    let value: number;
    if (exclusive) value = integer ? round(bound) : bound;
    else if (integer) value = round(bound) === bound ? bound + step : round(bound);
    else value = bound + step / 2;
    const breaks = (below ? value < bound : value > bound) || (exclusive && value === bound);
    if (breaks) bad.push({ constraint: `${keyword}: ${bound}`, value });
  };
  past('minimum', true, false);
  past('exclusiveMinimum', true, true);
  past('maximum', false, false);
  past('exclusiveMaximum', false, true);
  return bad;
}

/** Clearly not a multiple of `step`, even in floating point. */
function notMultiple(value: number, step: number): boolean {
  const ratio = value / step;
  return Number.isFinite(ratio) && Math.abs(ratio - Math.round(ratio)) > 1e-6;
}

/** A number near the sample's (or `step` itself) that is no multiple of `step`. */
function multipleOfMiss(step: unknown, sample: unknown, integer: boolean): BadValue[] {
  if (typeof step !== 'number' || !Number.isFinite(step) || step <= 0) return [];
  const base = typeof sample === 'number' && !notMultiple(sample, step) ? sample : step;
  const value = [base + 1, base + 2, base + step / 2].find(
    (candidate) =>
      Number.isSafeInteger(Math.round(candidate)) &&
      (!integer || Number.isInteger(candidate)) &&
      notMultiple(candidate, step),
  );
  return value === undefined ? [] : [{ constraint: `multipleOf: ${step}`, value }];
}

/** A value of the same kind as a primitive `const`, never equal to it and never null. */
function constMiss(schema: JsonObject): BadValue[] {
  if (!('const' in schema)) return [];
  const wanted = schema.const;
  const name = `const: ${JSON.stringify(wanted)}`;
  if (typeof wanted === 'boolean') return [{ constraint: name, value: !wanted }];
  if (typeof wanted === 'number' && Number.isFinite(wanted + 1) && wanted + 1 !== wanted) {
    return [{ constraint: name, value: wanted + 1 }];
  }
  if (typeof wanted === 'string' || wanted === null) {
    return [{ constraint: name, value: `${String(wanted)}-shakedown` }];
  }
  return [];
}

/**
 * A string shorter than `minLength`: the sample's own first characters where they have no
 * space a server could trim away, else `x`s. An empty string is marked: a server may default to it.
 */
function minLengthMiss(minLength: unknown, sample: unknown): BadValue[] {
  if (typeof minLength !== 'number' || !Number.isInteger(minLength) || minLength < 1) return [];
  const length = minLength - 1;
  const prefix = typeof sample === 'string' ? [...sample].slice(0, length).join('') : '';
  const value =
    [...prefix].length === length && prefix.trim() === prefix && !/\s/u.test(prefix)
      ? prefix
      : 'x'.repeat(length);
  return [
    { constraint: `minLength: ${minLength}`, value, ...(value === '' && { emptyLike: true }) },
  ];
}

/** Items to grow an array with: the sample's, else made up for a primitive `items` type. */
function itemsFor(schema: JsonObject, sample: unknown, count: number): unknown[] | undefined {
  const known: unknown[] = Array.isArray(sample) ? sample : [];
  if (known.length > 0)
    return Array.from({ length: count }, (_, index) => known[index % known.length]);
  const items = isObject(schema.items) ? typesOf(schema.items) : [];
  if (items.includes('string'))
    return Array.from({ length: count }, (_, index) => `item-${index + 1}`);
  if (items.includes('integer') || items.includes('number')) {
    return Array.from({ length: count }, (_, index) => index + 1);
  }
  return undefined;
}

/** Arrays that break `minItems`, `maxItems` and `uniqueItems`, built from the sample's items. */
function arrayMisses(schema: JsonObject, sample: unknown): BadValue[] {
  const bad: BadValue[] = [];
  const { minItems, maxItems } = schema;
  if (typeof minItems === 'number' && Number.isInteger(minItems) && minItems >= 1) {
    const value: unknown[] = Array.isArray(sample) ? sample.slice(0, minItems - 1) : [];
    const short =
      value.length === minItems - 1 ? value : (itemsFor(schema, sample, minItems - 1) ?? []);
    if (short.length === minItems - 1) {
      bad.push({
        constraint: `minItems: ${minItems}`,
        value: short,
        ...(short.length === 0 && { emptyLike: true }),
      });
    }
  }
  if (typeof maxItems === 'number' && Number.isInteger(maxItems) && maxItems < MAX_ITEMS_PROBED) {
    const long = itemsFor(schema, sample, Math.max(maxItems + 1, 0));
    if (long) bad.push({ constraint: `maxItems: ${maxItems}`, value: long });
  }
  if (schema.uniqueItems === true) {
    const first = itemsFor(schema, sample, 1);
    const known: unknown[] | undefined =
      Array.isArray(sample) && sample.length > 0 ? sample : first;
    if (known) bad.push({ constraint: 'uniqueItems', value: [...known, known[0]] });
  }
  return bad;
}

/**
 * The bad values of one property's constraints (one of its conjuncts), given the sample's value
 * for the property; none is ever `null`, which `nullable` or a `null` type may allow.
 */
export function badValues(schema: JsonObject, integer: boolean, sample: unknown): BadValue[] {
  const bad: BadValue[] = [];
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    bad.push({ constraint: enumName(schema.enum), value: enumMiss(schema.enum) });
  }
  bad.push(...constMiss(schema));
  bad.push(...boundValues(schema, integer));
  bad.push(...multipleOfMiss(schema.multipleOf, sample, integer));
  if (typeof schema.maxLength === 'number' && schema.maxLength < MAX_LENGTH_PROBED) {
    bad.push({
      constraint: `maxLength: ${schema.maxLength}`,
      value: 'x'.repeat(schema.maxLength + 1),
    });
  }
  bad.push(...minLengthMiss(schema.minLength, sample));
  if (typeof schema.pattern === 'string') {
    const miss = missesPattern(schema.pattern);
    if (miss !== undefined) bad.push({ constraint: `pattern: ${schema.pattern}`, value: miss });
  }
  bad.push(...arrayMisses(schema, sample));
  return bad;
}
