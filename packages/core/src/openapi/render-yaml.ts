import { Document, isCollection, isMap, isPair, isScalar, isSeq } from 'yaml';

import { UNIQUE_PLACEHOLDER } from '../config/unique-placeholder';
import type { OpenApiImport } from './import-result';

type DraftForYaml = Omit<OpenApiImport, 'ok' | 'yaml'>;

/**
 * The draft as `shakedown.yml`: a header that says what to fill in and lists every left-out
 * operation with its reason, then the config with a comment above each route naming the
 * operations it covers.
 */
export function renderDraftYaml(draft: DraftForYaml): string {
  const document = new Document(draft.config);
  document.commentBefore = header(draft)
    .map((line) => (line === '' ? '' : ` ${line}`))
    .join('\n');
  const routes = document.getIn(['routes'], true);
  if (!isSeq(routes)) return document.toString({ lineWidth: 100 });
  routes.items.forEach((item, index) => {
    if (!isMap(item)) return;
    const routeId = (draft.config.routes as { id: string }[])[index]?.id;
    const lines = draft.kept
      .filter((kept) => kept.routeId === routeId)
      .map((kept) => {
        const role = kept.role === 'route' ? '' : `${kept.role}: `;
        const notes = kept.notes.length > 0 ? ` (${kept.notes.join('; ')})` : '';
        return ` ${role}${kept.operation}${kept.public ? ', public' : ''}${notes}`;
      });
    item.commentBefore = lines.join('\n');
    compactLeaves(item.get('bodySchema', true));
  });
  return document.toString({ lineWidth: 100 });
}

/** Short enough for one flow line (`{ type: string, maxLength: 200 }`) beside its key. */
const FLOW_WIDTH = 72;

/**
 * Writes each part of a schema that fits on one line as a flow collection, innermost first, as a
 * person writes a config (`qty: { type: integer, minimum: 1 }`), so a route's `bodySchema`
 * reads at a glance. Whether `node` is now in flow style.
 */
function compactLeaves(node: unknown): boolean {
  if (!isCollection(node)) return true;
  let fits = true;
  for (const item of node.items) {
    if (!compactLeaves(isPair(item) ? item.value : item)) fits = false;
  }
  // A list of words (`enum`, `required`) folds over lines however long it is.
  const words = isSeq(node) && node.items.every((item) => isScalar(item));
  if (words || (fits && JSON.stringify(node.toJSON()).length <= FLOW_WIDTH)) node.flow = true;
  return node.flow === true;
}

function header(draft: DraftForYaml): string[] {
  const { source, kept, leftOut, warnings, securitySchemes, env } = draft;
  const routes = (draft.config.routes as unknown[]).length;
  const lines = [
    `Shakedown draft of "${source.title}" (${source.format} ${source.version}).`,
    `${source.operations} operations: ${keptOperations(kept)} kept in ${routes} routes, ${leftOut.length} left out (listed below).`,
    '',
  ];
  const tenantEnv = securitySchemes.flatMap((scheme) =>
    scheme.env ? [{ scheme, env: scheme.env }] : [],
  );
  const otherEnv = env.filter((name) => !tenantEnv.some((entry) => entry.env.includes(name)));
  if (env.length > 0) {
    lines.push('Before a run, set:');
    for (const {
      scheme,
      env: [first, second],
    } of tenantEnv) {
      lines.push(
        `  ${first}, ${second}: ${scheme.description} of two different customers' accounts`,
      );
    }
    for (const name of otherEnv)
      lines.push(`  ${name}: an existing object tenant A owns (see the routes that use it)`);
    lines.push('');
  }
  if (securitySchemes.length > 0) {
    lines.push('Security schemes of the document:');
    for (const scheme of securitySchemes) {
      const use = scheme.usedByTenants
        ? 'the tenants carry it'
        : (scheme.unsupported ?? 'not used by the tenants');
      lines.push(
        `  ${scheme.name}: ${scheme.description}; ${use} (${scheme.operations} operations accept it)`,
      );
    }
    lines.push('');
  }
  lines.push(
    `${UNIQUE_PLACEHOLDER} in a body is replaced by a fresh value for every request, so creates never collide.`,
    'Routes marked public need no credentials (the document says security: []).',
  );
  if (leftOut.length > 0) {
    lines.push(
      '',
      'Left out (add them by hand; those marked [opt in] come back with --include "METHOD /path"):',
    );
    for (const entry of leftOut) {
      lines.push(`  ${entry.operation}: ${entry.reason}${entry.canOptIn ? ' [opt in]' : ''}`);
    }
  }
  if (warnings.length > 0) {
    lines.push('', 'Check these:');
    for (const warning of warnings) {
      lines.push(`  ${warning.operation ? `${warning.operation}: ` : ''}${warning.message}`);
    }
  }
  return lines;
}

/** Operations in the draft: a GET that is both a route and a resource's list counts once. */
export function keptOperations(kept: DraftForYaml['kept']): number {
  return new Set(kept.map((entry) => entry.operation)).size;
}
