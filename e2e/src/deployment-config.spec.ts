import { readFileSync } from 'node:fs';
import path from 'node:path';

import { parseAllDocuments, parse as parseYaml } from 'yaml';

import { AppConfigSchema, parseAppConfig } from '../../apps/api/src/config/app-config';
import { parseWorkerConfig, WorkerConfigSchema } from '../../apps/worker/src/config/worker-config';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

const API_VARIABLES = new Set(Object.keys(AppConfigSchema.in.shape));
const WORKER_VARIABLES = new Set(Object.keys(WorkerConfigSchema.shape));
/** Read by `npm start` (scripts/up.mjs) and the test command, not by the api or the worker. */
const START_VARIABLES = new Set([
  'API_PORT',
  'WORKER_PORT',
  'WEB_PORT',
  'DEMO_API_PORT',
  'SHAKEDOWN_PG_PORT',
  'SHAKEDOWN_DATA_DIR',
  'TEST_DATABASE_URL',
]);

type Env = Record<string, string>;
type Process = 'api' | 'worker';

function processOf(command: readonly string[]): Process | undefined {
  const entry = command.find((part) => part.endsWith('dist/main.js'));
  if (entry?.startsWith('apps/api/')) return 'api';
  if (entry?.startsWith('apps/worker/')) return 'worker';
  return undefined;
}

function expectEnvReadBy(process: Process, env: Env, where: string) {
  const known = process === 'api' ? API_VARIABLES : WORKER_VARIABLES;
  const unread = Object.keys(env).filter((name) => !known.has(name));
  expect({ where, unread }).toEqual({ where, unread: [] });
  const parse = process === 'api' ? parseAppConfig : parseWorkerConfig;
  // A value the process would refuse at start-up is a broken deployment.
  expect(() => parse({ ...env, APP_SECRET: 'x'.repeat(64) })).not.toThrow();
}

describe('deployment configuration', () => {
  it('gives the api and the worker in compose.yaml only variables they read, with values they accept', () => {
    const compose = parseYaml(read('infra/compose.yaml'), { merge: true }) as {
      services: Record<string, { command?: string[]; environment?: Env }>;
    };
    const checked: Process[] = [];
    for (const [name, service] of Object.entries(compose.services)) {
      const process = processOf(service.command ?? []);
      if (!process) continue;
      checked.push(process);
      // The keys are interpolated from the host's environment (`${APP_SECRET...}`).
      const {
        APP_SECRET: _secret,
        APP_SECRET_PREVIOUS: _previous,
        ...env
      } = service.environment ?? {};
      expectEnvReadBy(process, env, `compose service ${name}`);
    }
    expect(checked.sort()).toEqual(['api', 'worker']);
  });

  it('gives the Kubernetes deployments only variables they read, with values they accept', () => {
    const documents = parseAllDocuments(read('infra/k8s/shakedown.yaml')).map(
      (document) =>
        document.toJS() as {
          kind: string;
          spec?: {
            template?: {
              spec?: {
                containers?: { command?: string[]; env?: { name: string; value: string }[] }[];
              };
            };
          };
        },
    );
    const checked: Process[] = [];
    for (const document of documents.filter((candidate) => candidate.kind === 'Deployment')) {
      for (const container of document.spec?.template?.spec?.containers ?? []) {
        const process = processOf(container.command ?? []);
        if (!process) continue;
        checked.push(process);
        const env = Object.fromEntries(
          (container.env ?? []).map((item) => [item.name, item.value]),
        );
        // DATABASE_URL, REDIS_URL and APP_SECRET come from the secret.
        expectEnvReadBy(
          process,
          { DATABASE_URL: 'postgresql://db/shakedown', REDIS_URL: 'redis://redis:6379', ...env },
          `Kubernetes container ${process}`,
        );
      }
    }
    expect(checked.sort()).toEqual(['api', 'worker']);
  });

  it('documents in .env.example every variable the api and worker read, and nothing else', () => {
    const documented = new Set(
      [...read('.env.example').matchAll(/^#?\s?([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]!),
    );
    const read_ = new Set([...API_VARIABLES, ...WORKER_VARIABLES, ...START_VARIABLES]);
    expect([...read_].filter((name) => !documented.has(name)).sort()).toEqual([]);
    expect([...documented].filter((name) => !read_.has(name)).sort()).toEqual([]);
  });
});
