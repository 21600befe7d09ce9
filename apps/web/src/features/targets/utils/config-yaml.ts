import type { ConfigIssue } from '@shakedown/core/config';
import { parse, stringify } from 'yaml';

import { configToForm, type ConfigToFormResult } from './config-to-form';
import { isPlainObject } from './merge-kept';

/** A config document as the YAML a person edits. */
export function configToYaml(document: unknown): string {
  return stringify(document, { lineWidth: 100 });
}

/** The document a (valid) YAML or JSON text holds, to send to the API as JSON. */
export function yamlToDocument(text: string): unknown {
  return parse(text) as unknown;
}

export const CONFIG_TEMPLATE = `version: 1
target:
  name: orders-api
  baseUrl: https://api.example.com
  # Two tenants enable the tenant-isolation probes.
  # tenants:
  #   alice: { headers: { Authorization: "Bearer \${ALICE_TOKEN}" } }
  #   bob: { headers: { Authorization: "Bearer \${BOB_TOKEN}" } }
routes:
  - id: create-order
    method: POST
    path: /orders
    body: { item: "book", qty: 1 }
    maxBodyBytes: 16KB
    resource:
      idPath: /id
      read: { method: GET, path: "/orders/{id}" }
  - id: list-orders
    method: GET
    path: /orders
    rateLimit: { expected: true }
`;

export type YamlToFormResult =
  ({ ok: true } & ConfigToFormResult) | { ok: false; issues: ConfigIssue[] };

/**
 * The form's values for a YAML config, once core's `parseConfigText` accepts it (the parser
 * loads here, lazily, as the editor's check does); its problems otherwise.
 */
export async function yamlToForm(text: string): Promise<YamlToFormResult> {
  const { parseConfigText } = await import('@shakedown/core/config/parse-config');
  const result = parseConfigText(text);
  if (!result.ok) return { ok: false, issues: result.issues };
  const document = yamlToDocument(text);
  return { ok: true, ...configToForm(isPlainObject(document) ? document : {}) };
}
