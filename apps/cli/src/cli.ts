import { Command, CommanderError, Option } from 'commander';

import { SEVERITIES, type Severity } from '@shakedown/core/findings';
import type { ProbeName } from '@shakedown/core/config';
import type { Report } from '@shakedown/core/report';

import type { CliIo } from './cli-io';
import { initCommand, type InitOptions } from './commands/init.command';
import { remoteRunCommand } from './commands/remote-run.command';
import { runCommand } from './commands/run.command';
import { validateCommand } from './commands/validate.command';
import type { Engine } from './engine';
import { CliError, ExitCode } from './exit-codes';
import {
  REPORT_FORMATS,
  parseApiUrl,
  parseIncludeList,
  parseProbeList,
  parseTimeout,
  type ReportFormat,
} from './options';

export interface CliDeps {
  /** Called only by `run`; tests pass a fake. */
  loadEngine: () => Engine;
  version: string;
  fetch?: typeof fetch;
  pollIntervalMs?: number;
  /** Given the report (baseline applied) before it is written: the GitHub Action's outputs. */
  onReport?: (report: Report) => void;
}

interface ReportOptions {
  format: ReportFormat;
  out?: string;
  probes?: ProbeName[];
  failOn: Severity;
  baseline?: string;
}

/** One example per command, shown by `shakedown --help`; a test checks none is missing. */
export const COMMAND_EXAMPLES: readonly [command: string, example: string][] = [
  ['run', 'shakedown run --config shakedown.yml'],
  [
    'run',
    'shakedown run -c shakedown.yml --format sarif --out shakedown.sarif --baseline previous.json',
  ],
  ['validate', 'shakedown validate --config shakedown.yml'],
  ['init', 'shakedown init --openapi https://api.example.com/openapi.json --out shakedown.yml'],
  [
    'remote run',
    'shakedown remote run --api https://shakedown.example.com/api --target orders-api --baseline previous',
  ],
];

const DEFAULT_TIMEOUT = '15m';

/**
 * Runs the `shakedown` command line and resolves to its exit code. Nothing here calls
 * `process.exit`, so tests drive it with captured streams.
 */
export async function runCli(argv: readonly string[], io: CliIo, deps: CliDeps): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = buildProgram(io, deps, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'node' });
  } catch (error) {
    return report(error, io);
  }
  return exitCode;
}

function buildProgram(io: CliIo, deps: CliDeps, setExitCode: (code: number) => void): Command {
  const program = new Command('shakedown')
    .description(
      'Proves or disproves the backend failures happy-path tests miss: runs the probes of a ' +
        'shakedown.yml against your API, locally or on the hosted service.',
    )
    .version(deps.version, '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(`shakedown: ${text.replace(/^error: /, '')}`),
    })
    .showHelpAfterError('(add --help for usage)')
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      '\nExit codes: 0 no finding at or above --fail-on, 1 findings at or above it,\n' +
        '2 bad config or usage, 3 the target could not be reached, 130 cancelled (Ctrl-C).\n' +
        'With --baseline, only findings not in the baseline count for exit code 1.\n\n' +
        `Examples:\n${COMMAND_EXAMPLES.map(([, example]) => `  $ ${example}`).join('\n')}\n\n` +
        'Docs: the README of the package (docs/cli.md in the repository)',
    );

  const run = program
    .command('run')
    .description("Run the probes against the config's target from this machine.")
    .requiredOption('-c, --config <file>', 'the target config (shakedown.yml, YAML or JSON)');
  addReportOptions(run, { withProbes: true })
    .option(
      '--baseline <file>',
      'a JSON report of an earlier run: exit 1 only for findings not in it',
    )
    .action(async (options: ReportOptions & { config: string }) => {
      setExitCode(
        await runCommand(
          {
            config: options.config,
            ...reportOptionsOf(options),
          },
          io,
          deps.loadEngine(),
          deps.version,
          deps.onReport,
        ),
      );
    });

  program
    .command('validate')
    .description('Check a config file without sending any request.')
    .requiredOption('-c, --config <file>', 'the target config (shakedown.yml, YAML or JSON)')
    .action(async (options: { config: string }) => {
      setExitCode(await validateCommand(options, io));
    });

  program
    .command('init')
    .description("Draft a commented shakedown.yml from the API's OpenAPI document (file or URL).")
    .requiredOption('--openapi <file|url>', 'the OpenAPI 3.0/3.1 or Swagger 2.0 document')
    .option('--base-url <url>', "the API's base URL (default: the document's first server)")
    .option('--name <name>', "the target's name (default: the document's title)")
    .option('-o, --out <file>', 'where the draft goes; - for stdout', 'shakedown.yml')
    .option(
      '--include <list>',
      'operations left out by default to draft anyway, comma-separated (METHOD /path or operationId)',
      parseIncludeList,
    )
    .option('--force', 'replace --out if it exists')
    .action(async (options: InitOptions) => {
      setExitCode(
        await initCommand(
          {
            openapi: options.openapi,
            out: options.out,
            ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
            ...(options.name !== undefined ? { name: options.name } : {}),
            ...(options.include ? { include: options.include } : {}),
            ...(options.force ? { force: true } : {}),
          },
          io,
          deps.fetch ? { fetch: deps.fetch } : {},
        ),
      );
    });

  const remote = program.command('remote').description('Work with the hosted Shakedown service.');
  const remoteRun = remote
    .command('run')
    .description(
      'Start a run of a registered target on the hosted service, follow it, print its report.',
    )
    .requiredOption(
      '--api <url>',
      'the API base URL, e.g. https://shakedown.example.com/api',
      parseApiUrl,
    )
    .option('--token <api-key>', 'an API key of the organisation (default: $SHAKEDOWN_API_KEY)')
    .requiredOption('--target <name>', 'the registered target, by name');
  addReportOptions(remoteRun, { withProbes: true })
    .addOption(
      new Option('--timeout <duration>', 'how long to wait for the run to finish')
        .default(parseTimeout(DEFAULT_TIMEOUT), DEFAULT_TIMEOUT)
        .argParser(parseTimeout),
    )
    .option(
      '--baseline <file|previous>',
      "a JSON report, or `previous`: the target's last completed run on the service; " +
        'exit 1 only for findings not in it',
    )
    .action(
      async (
        options: ReportOptions & { api: string; token?: string; target: string; timeout: number },
      ) => {
        setExitCode(
          await remoteRunCommand(
            {
              api: options.api,
              target: options.target,
              timeout: options.timeout,
              ...(options.token !== undefined ? { token: options.token } : {}),
              ...reportOptionsOf(options),
            },
            io,
            {
              toolVersion: deps.version,
              ...(deps.fetch ? { fetch: deps.fetch } : {}),
              ...(deps.pollIntervalMs !== undefined ? { pollIntervalMs: deps.pollIntervalMs } : {}),
              ...(deps.onReport ? { onReport: deps.onReport } : {}),
            },
          ),
        );
      },
    );
  return program;
}

/** The options `run` and `remote run` share, without the ones not given. */
function reportOptionsOf(options: ReportOptions): ReportOptions {
  return {
    format: options.format,
    failOn: options.failOn,
    ...(options.out !== undefined ? { out: options.out } : {}),
    ...(options.probes ? { probes: options.probes } : {}),
    ...(options.baseline !== undefined ? { baseline: options.baseline } : {}),
  };
}

function addReportOptions(command: Command, { withProbes }: { withProbes: boolean }): Command {
  command
    .addOption(
      new Option('-f, --format <format>', 'report format (text everywhere unless given)')
        .choices(REPORT_FORMATS)
        .default('text'),
    )
    .option('-o, --out <file>', 'write the report to this file instead of stdout');
  if (withProbes) {
    command.option(
      '-p, --probes <list>',
      'only these probes, comma-separated (idempotency,schema,tenant,errors,payload,ratelimit,load)',
      parseProbeList,
    );
  }
  return command.addOption(
    new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity')
      .choices(SEVERITIES)
      .default('high'),
  );
}

/** Turns what went wrong into one message on stderr and an exit code; never a stack trace. */
function report(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Help and version are successes; everything else commander rejects is usage (2).
    if (
      error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      (error.code === 'commander.help' && error.exitCode === 0)
    ) {
      return ExitCode.ok;
    }
    return ExitCode.usage;
  }
  if (error instanceof CliError) {
    io.stderr.write(`${prefixLines(error.message)}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`shakedown: unexpected error: ${message}\n`);
  if (io.env.SHAKEDOWN_DEBUG && error instanceof Error && error.stack) {
    io.stderr.write(`${error.stack}\n`);
  } else {
    io.stderr.write('(set SHAKEDOWN_DEBUG=1 for details)\n');
  }
  return ExitCode.unreachable;
}

function prefixLines(message: string): string {
  return message
    .split('\n')
    .map((line) => `shakedown: ${line}`)
    .join('\n');
}
