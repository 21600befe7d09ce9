import { formatConfigIssue, parseConfigDocument, type Config } from '@shakedown/core/config';
import {
  openConfig,
  SealedConfigError,
  type RunToProcess,
  type SecretKeysInput,
} from '@shakedown/db';

import { capBudget, type OrgBudgetCaps } from './run-budget';

export type RunConfig =
  | {
      ok: true;
      config: Config;
      /** Caps applied to the budget, for the run log. */
      notes: string[];
    }
  /** Why the run cannot run, for its failure reason. */
  | { ok: false; reason: string };

/**
 * The config a run sends its requests with: its snapshot opened with the deployment's key (the
 * one place the worker decrypts a target's secrets; the probes' recorder masks them in evidence),
 * parsed by core, its budget capped by the organisation's limits. Secrets that cannot be opened
 * (another `APP_SECRET`, not in `APP_SECRET_PREVIOUS`) or an invalid config are a reason to fail the run, never a retry.
 */
export function readRunConfig(
  run: Pick<RunToProcess, 'config' | 'secretsCiphertext'> & { org: OrgBudgetCaps },
  keys: SecretKeysInput,
): RunConfig {
  let document: unknown;
  try {
    document = openConfig(run, keys);
  } catch (error) {
    if (!(error instanceof SealedConfigError)) throw error;
    return { ok: false, reason: `Not run: ${error.message}.` };
  }
  const parsed = parseConfigDocument(document);
  if (!parsed.ok) {
    const issues = parsed.issues.slice(0, 5).map(formatConfigIssue).join('; ');
    return { ok: false, reason: `The run's config is not valid: ${issues}` };
  }
  return { ok: true, ...capBudget(parsed.config, run.org) };
}
