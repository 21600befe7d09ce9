import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { outputOf } from '../../apps/cli/src/testing/child-output';

// Deliberately wrong files, linted with the repository's eslint.config.mjs: each must be
// reported by the rule that holds that part of the repository's shape, and a file that keeps
// the shape must not be.

interface Snippet {
  name: string;
  /** Where the file would live, relative to the repository. */
  filePath: string;
  code: string;
}
type Messages = Record<string, { ruleId: string | null; message: string }[]>;

const SNIPPETS: Snippet[] = [
  {
    name: 'a feature importing another feature',
    filePath: 'apps/web/src/features/runs/api/lint-probe.ts',
    code: "import { orgsKeys } from '../../orgs/api/keys';\nexport const keys = orgsKeys;\n",
  },
  {
    name: 'a feature importing app/',
    filePath: 'apps/web/src/features/runs/components/lint-probe.ts',
    code: "import { useEnterOrg } from '../../../app/use-enter-org';\nexport const hook = useEnterOrg;\n",
  },
  {
    name: 'a shared folder importing a feature',
    filePath: 'apps/web/src/lib/lint-probe.ts',
    code: "import { runsKeys } from '../features/runs/api/keys';\nexport const keys = runsKeys;\n",
  },
  {
    name: 'a shared folder importing app/',
    filePath: 'apps/web/src/components/lint-probe.ts',
    code: "import { createRouter } from '../app/router';\nexport const router = createRouter;\n",
  },
  {
    // lib/api.ts imports lib/api-client.ts; this version of api-client.ts imports it back.
    name: 'an import cycle',
    filePath: 'apps/web/src/lib/api-client.ts',
    code: "import { api } from './api';\nexport const client = api;\n",
  },
  {
    // The contract's index re-exports the endpoints, so importing it back closes a loop.
    name: 'an import cycle through a package name',
    filePath: 'packages/core/src/contract/endpoints/endpoint-spec.ts',
    code: "import { ERROR_CODES } from '@shakedown/core/contract';\nexport const codes = ERROR_CODES;\n",
  },
  {
    name: 'a web file with an API path literal',
    filePath: 'apps/web/src/features/runs/api/lint-probe.ts',
    code: "export const listRuns = () => fetch('/runs');\n",
  },
  {
    name: 'a web file with an API path template',
    filePath: 'apps/web/src/features/runs/api/lint-probe.ts',
    code: 'export const cancelRun = (id: string) => fetch(`/runs/${id}/cancel`);\n',
  },
  {
    // The CLI's client joined paths without the leading slash before it used the contract.
    name: 'a CLI file with a relative API path',
    filePath: 'apps/cli/src/remote/lint-probe.ts',
    code: 'export const getRun = (base: URL, id: string) => new URL(`runs/${id}`, base);\n',
  },
  {
    name: 'core importing @nestjs',
    filePath: 'packages/core/src/contract/lint-probe.ts',
    code: "import { Injectable } from '@nestjs/common';\nexport const injectable = Injectable;\n",
  },
  {
    name: 'a feature that keeps the shape',
    filePath: 'apps/web/src/features/runs/api/lint-probe.ts',
    code: [
      "import { RunEndpoints } from '@shakedown/core/contract';",
      '',
      "import { runHref } from '../../../config/paths';",
      "import { api } from '../../../lib/api';",
      "import { runsKeys } from './keys';",
      '',
      'export const getRun = (orgId: string, id: string) =>',
      '  api.call(RunEndpoints.get, { orgId, params: { id } });',
      "export const keys = [runsKeys, ['runs', 'org-1'], runHref('r-1')];",
      '',
    ].join('\n'),
  },
];

async function lint(snippets: Snippet[]): Promise<Messages> {
  const child = spawn(process.execPath, [join(__dirname, 'support/lint-snippets.mjs')], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end(JSON.stringify(snippets));
  const { code, stdout, stderr } = await outputOf(child);
  if (code !== 0) throw new Error(`lint-snippets exited ${code}: ${stderr}`);
  return JSON.parse(stdout) as Messages;
}

describe("the lint rules that hold the repository's shape", () => {
  let messages: Messages;
  const rulesOf = (name: string) => (messages[name] ?? []).map((message) => message.ruleId);

  beforeAll(async () => {
    messages = await lint(SNIPPETS);
  }, 180_000);

  it.each([
    ['a feature importing another feature', 'import-x/no-restricted-paths', 'another feature'],
    ['a feature importing app/', 'import-x/no-restricted-paths', 'does not import app/'],
    ['a shared folder importing a feature', 'import-x/no-restricted-paths', 'lib/ is shared'],
    ['a shared folder importing app/', 'import-x/no-restricted-paths', 'components/ is shared'],
    ['an import cycle', 'import-x/no-cycle', 'Dependency cycle'],
    ['an import cycle through a package name', 'import-x/no-cycle', 'Dependency cycle'],
    ['a web file with an API path literal', 'no-restricted-syntax', 'No path typed by hand'],
    ['a web file with an API path template', 'no-restricted-syntax', 'No path typed by hand'],
    ['a CLI file with a relative API path', 'no-restricted-syntax', 'No path typed by hand'],
    ['core importing @nestjs', 'no-restricted-imports', '@nestjs/common'],
  ])('reports %s (%s)', (name, ruleId, text) => {
    expect(messages[name]).toEqual(
      expect.arrayContaining([{ ruleId, message: expect.stringContaining(text) as string }]),
    );
  });

  it('reports nothing of the kind for a feature that keeps the shape', () => {
    expect(rulesOf('a feature that keeps the shape')).toEqual([]);
  });
});
