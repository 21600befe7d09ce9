import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

import type { Config } from '../../src/config/config.schema';
import { parseConfigDocument, parseConfigText } from '../../src/config/parse-config';
import {
  importOpenApi,
  type OpenApiImport,
  type OpenApiImportFailure,
  type OpenApiImportOptions,
} from '../../src/openapi';

export const CORPUS = path.join(__dirname, '../openapi-corpus');

/** A document of the corpus folder as text (`.gz` files unpacked). */
export function corpusText(name: string): string {
  const bytes = readFileSync(path.join(CORPUS, name));
  return (name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

export interface DraftRoute {
  id: string;
  method: string;
  path: string;
  body?: unknown;
  bodySchema?: Record<string, unknown>;
  headers?: Record<string, string>;
  public?: boolean;
  idempotency?: { header: string };
  rateLimit?: { expected: boolean; burst: number };
  resource?: Record<string, { method?: string; path?: string; body?: unknown } | string>;
}

/** Drafts `text`, failing the test unless the draft is made and parses as a config. */
export async function draft(
  text: string,
  options: OpenApiImportOptions = {},
): Promise<OpenApiImport & { routes: DraftRoute[] }> {
  const result = await importOpenApi(text, options);
  if (!result.ok) throw new Error(`no draft: ${JSON.stringify(result.issues)}`);
  const parsed = parseConfigDocument(result.config);
  if (!parsed.ok)
    throw new Error(`the draft is not a valid config: ${JSON.stringify(parsed.issues)}`);
  return { ...result, routes: result.config.routes as DraftRoute[] };
}

/** The draft's YAML read back as a config, as `shakedown run` reads it, `${NAME}`s from `env`. */
export function configOfYaml(result: OpenApiImport, env: Record<string, string> = {}): Config {
  const parsed = parseConfigText(result.yaml, { env });
  if (!parsed.ok) throw new Error(`the draft's YAML: ${JSON.stringify(parsed.issues)}`);
  return parsed.config;
}

export async function refused(
  text: string,
  options: OpenApiImportOptions = {},
): Promise<OpenApiImportFailure> {
  const result = await importOpenApi(text, options);
  if (result.ok) throw new Error('the document was drafted');
  return result;
}

export function routeOf(
  result: { routes: DraftRoute[] },
  method: string,
  path: string,
): DraftRoute | undefined {
  return result.routes.find((route) => route.method === method && route.path === path);
}

/** The warnings about one operation, as messages. */
export function warningsOf(result: OpenApiImport, operation?: string): string[] {
  return result.warnings
    .filter((warning) => warning.operation === operation)
    .map((warning) => warning.message);
}

export function leftOutOf(result: OpenApiImport, operation: string) {
  return result.leftOut.find((entry) => entry.operation === operation);
}

/** A minimal OpenAPI 3.0 document around `paths` (and `components`), as JSON text. */
export function openapi30(
  paths: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    openapi: '3.0.3',
    info: { title: 'test', version: '1' },
    servers: [{ url: 'http://127.0.0.1:4010' }],
    paths,
    ...extra,
  });
}
