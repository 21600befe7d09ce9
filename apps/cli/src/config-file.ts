import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';

import { formatConfigIssue, parseConfigText, type Config } from '@shakedown/core/config';

import type { CliIo } from './cli-io';
import { CliError, ExitCode } from './exit-codes';

export interface LoadedConfig {
  config: Config;
  /** The path as the user gave it. */
  file: string;
  /** The 1-based line of each route in the file, by route id (SARIF points there). */
  routeLines: Record<string, number>;
}

/** Reads and validates `--config`; every problem is one line naming its path (exit code 2). */
export async function loadConfigFile(file: string, io: CliIo): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await readFile(path.resolve(io.cwd, file), 'utf8');
  } catch (error) {
    throw new CliError(
      `cannot read config file ${file}: ${describeFsError(error)}`,
      ExitCode.usage,
    );
  }
  const result = parseConfigText(text, { env: io.env });
  if (!result.ok) {
    const lines = result.issues.map((issue) => `${file}: ${formatConfigIssue(issue)}`);
    throw new CliError(lines.join('\n'), ExitCode.usage);
  }
  return { config: result.config, file, routeLines: locateRoutes(text) };
}

/** `routes[i]` → the line its entry starts on. Best effort: a text it cannot map gives `{}`. */
export function locateRoutes(text: string): Record<string, number> {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  const routes = isMap(document.contents) ? document.contents.get('routes', true) : undefined;
  const lines: Record<string, number> = {};
  if (!isSeq(routes)) return lines;
  for (const item of routes.items) {
    if (!isMap(item)) continue;
    const id = item.get('id');
    const start = item.range?.[0];
    if (typeof id === 'string' && start !== undefined) {
      lines[id] = lineCounter.linePos(start).line;
    }
  }
  return lines;
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
