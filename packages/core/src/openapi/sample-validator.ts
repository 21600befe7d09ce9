import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** OpenAPI's own formats: ajv-formats knows the JSON Schema ones only. */
const OPENAPI_FORMATS: Record<string, true | RegExp> = {
  int32: true,
  int64: true,
  float: true,
  double: true,
  password: true,
  binary: true,
  byte: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
};

/** One ajv (draft 2020-12 with formats) for every sample of one import. */
export function createSampleAjv(): Ajv2020 {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    logger: false,
    // Documents write patterns for JavaScript, Java or Python; the `u` flag rejects some of them.
    unicodeRegExp: false,
  });
  addFormats(ajv);
  for (const [name, format] of Object.entries(OPENAPI_FORMATS)) ajv.addFormat(name, format);
  return ajv;
}

export type SampleCheck = (sample: unknown) => string[];

/** A function listing what is wrong with a sample (empty when it is valid). */
export function compileSampleCheck(ajv: Ajv2020, schema: object | boolean): SampleCheck {
  const validate: ValidateFunction = ajv.compile(schema);
  return (sample) => (validate(sample) ? [] : (validate.errors ?? []).map(describeAjvError));
}

/** `/routes/0/path: must match pattern "^/"`, naming the field as a JSON Pointer. */
export function describeAjvError(error: ErrorObject): string {
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  const base = error.instancePath === '' ? '(body)' : error.instancePath;
  if (params.missingProperty !== undefined) {
    return `${base === '(body)' ? '' : base}/${params.missingProperty}: is required`;
  }
  if (params.additionalProperty !== undefined) {
    return `${base === '(body)' ? '' : base}/${params.additionalProperty}: is not allowed`;
  }
  return `${base}: ${error.message ?? 'is not valid'}`;
}
