import type { Route } from '../../config/config.schema';
import type { FindingCode } from '../../findings/catalogue';
import { withWrongType } from '../body-mutations';
import { isObject } from '../json-tools';
import type { Phase } from '../phase';
import type { ProbeContext } from '../probe-context';
import type { CheckScope } from '../route-checks';
import { CONSTRAINT, checkConstraintViolations } from './constraint-violation.check';
import { constraintViolations } from './constraint-violations';
import { DEEP_NESTING, checkDeepNesting } from './deep-nesting.check';
import { MALFORMED, checkMalformedJson } from './malformed-json.check';
import { UNKNOWN_FIELD, checkUnknownFields } from './unknown-fields.check';
import { WRONG_TYPE, checkWrongType } from './wrong-type.check';

function schemaSkipReason(route: Route, code: FindingCode): string | undefined {
  if (route.body === undefined) return 'the route has no sample body';
  if (code === MALFORMED) return undefined;
  if (!isObject(route.body)) return 'the sample body is not a JSON object';
  if (code === WRONG_TYPE && !withWrongType(route.body, 'x')) {
    return 'the sample body has no number, boolean or string field to change';
  }
  if (code === CONSTRAINT) {
    if (!route.bodySchema) {
      return 'the route has no body schema (bodySchema in the config, or the OpenAPI import)';
    }
    if (constraintViolations(route.body, route.bodySchema).length === 0) {
      return 'the body schema declares no enum, minimum, maximum, maxLength, pattern or required field to break';
    }
  }
  if (code === DEEP_NESTING && Object.keys(route.body).length === 0) {
    return 'the sample body has no field to nest into';
  }
  return undefined;
}

type SchemaCheck = (context: ProbeContext, route: Route, check: CheckScope) => Promise<void>;

/** A schema phase running `checks` one after the other on each route with a JSON sample body. */
function schemaPhase(checks: [FindingCode, SchemaCheck][]): Phase {
  return {
    probe: 'schema',
    codes: checks.map(([code]) => code),
    sends: true,
    skipReason: (_context, route, code) => schemaSkipReason(route, code),
    async run(context, route, routeChecks) {
      for (const [code, check] of checks) {
        await routeChecks.decide([code], (scope) => check(context, route, scope));
      }
    },
  };
}

/** schema, the checks a healthy target needs: unknown fields, wrong types, broken constraints. */
export const schemaSafePhase = schemaPhase([
  [UNKNOWN_FIELD, checkUnknownFields],
  [WRONG_TYPE, checkWrongType],
  [CONSTRAINT, checkConstraintViolations],
]);

/** schema, the checks that might hurt the target: malformed and deeply nested JSON, run late. */
export const schemaRiskyPhase = schemaPhase([
  [MALFORMED, checkMalformedJson],
  [DEEP_NESTING, checkDeepNesting],
]);
