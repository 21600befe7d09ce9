/** The exit codes of docs/spec/config.md, plus the shell's convention for Ctrl-C. */
export const ExitCode = {
  /** No finding at or above `--fail-on`. */
  ok: 0,
  /** At least one finding at or above `--fail-on`. */
  findings: 1,
  /** Bad config or usage; the message names the problem (and its path in the file). */
  usage: 2,
  /** The target (or, for `remote run`, the service) could not be reached, or the run could not complete. */
  unreachable: 3,
  /** Cancelled with Ctrl-C: what finished is still printed, but the run is incomplete. */
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error the CLI reports as one message and an exit code, never as a stack trace. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}
