import type { Config, ProbeName } from '@shakedown/core/config';
import { TargetUnreachableError, runProbes } from '@shakedown/core/probes';
import type { Check, Report } from '@shakedown/core/report';

/** What `run` needs from core's probe engine (`@shakedown/core/probes`); tests may pass a fake. */
export interface Engine {
  runProbes(
    config: Config,
    options: {
      include?: ProbeName[];
      signal?: AbortSignal;
      onProgress?: (progress: {
        done: number;
        total: number;
        probe: ProbeName;
        check?: Check;
      }) => void;
      onLog?: (level: 'info' | 'warn', message: string) => void;
    },
  ): Promise<Report>;
  /** True for the engine's "target could not be reached" error (exit code 3). */
  isTargetUnreachable(error: unknown): boolean;
}

/** Core's probe engine (`network` left at its default: the CLI may probe any address). */
export function loadEngine(): Engine {
  return {
    runProbes: (config, options) => runProbes(config, options),
    isTargetUnreachable: (error) => error instanceof TargetUnreachableError,
  };
}
