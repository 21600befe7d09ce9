// Lints snippets of code as if they were files of the repository, with the repository's own
// eslint.config.mjs, and prints each one's messages as JSON. lint-rules.spec.ts runs it in a
// child process: ESLint loads its config with import(), which jest's sandbox refuses.
//
// stdin: [{ "name", "filePath" (relative to the repository), "code" }]
// stdout: { [name]: [{ "ruleId", "message" }] }
import { join } from 'node:path';

import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

const root = join(import.meta.dirname, '../../..');
// eslint-import-resolver-typescript 4.4 forgets the tsconfig paths (and resolves workspace
// packages to their dist/) when the process's folder differs from ESLint's: keep them the same.
process.chdir(root);
let input = '';
for await (const chunk of process.stdin) input += chunk;
const snippets = JSON.parse(input);

// The snippets exist only as text, so no TypeScript program covers them: the type-aware rules
// are off; every rule this checks (imports, paths, cycles) reads the syntax and the files on disk.
const eslint = new ESLint({ cwd: root, overrideConfig: tseslint.configs.disableTypeChecked });
const messages = {};
for (const { name, filePath, code } of snippets) {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  messages[name] = (result?.messages ?? []).map(({ ruleId, message }) => ({ ruleId, message }));
}
process.stdout.write(JSON.stringify(messages));
