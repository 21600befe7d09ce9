import type { ProbeContext } from './probe-context';

/**
 * Why a check that plays one tenant against another cannot run on this config (fewer than two
 * tenants configured), or undefined when it can: the skip reason the phases share.
 */
export function twoTenantsMissing(context: ProbeContext): string | undefined {
  if (context.tenants.length === 0) return 'no tenants configured; this check needs two';
  if (context.tenants.length === 1) return 'only one tenant configured; this check needs two';
  return undefined;
}
