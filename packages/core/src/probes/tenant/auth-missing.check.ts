import type { Route } from '../../config/config.schema';
import type { FindingCode } from '../../findings/catalogue';
import { describeRequest, isSuccess } from '../describe-result';
import type { ProbeContext } from '../probe-context';
import type { CheckScope } from '../route-checks';

export const AUTH_MISSING = 'auth.missing' satisfies FindingCode;

/** The route's request with no credentials at all: with tenants configured it must be refused. */
export async function checkAuthMissing(
  context: ProbeContext,
  route: Route,
  check: CheckScope,
): Promise<void> {
  const result = await context.sendWithoutCredentials(route, { note: 'no credentials at all' });
  context.track(route, context.anonymous, result);
  const answer = check.requireAnswer(result, 'the request');
  if (!isSuccess(result)) check.pass();
  check.fail({
    title: `${route.method} ${route.path} answers ${answer.status} without credentials`,
    detail: `${describeRequest(result)} with no credentials at all answered ${answer.status}. The config has tenants, so the API is expected to require authentication; mark truly public routes with public: true.`,
    evidence: { exchanges: [result.exchange] },
  });
}
