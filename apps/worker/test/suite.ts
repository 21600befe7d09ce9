import {
  createWorkerTestEnv,
  spawnApi,
  startWorker,
  type RunningWorker,
  type WorkerProcess,
  type WorkerTestEnv,
} from './harness';
import { startReceiver, type WebhookReceiver } from './receiver';
import { startItemsTarget, type ItemsBehaviour, type ItemsTarget } from './targets/items.target';

/** What a worker test file shares; every field is set before its first test runs. */
export interface WorkerSuite {
  test: WorkerTestEnv;
  /** The suite's items target, when it asked for one. */
  target: ItemsTarget;
  /** The suite's webhook receiver, when it asked for one. */
  receiver: WebhookReceiver;
  /** The worker in this process, when the suite asked for one. */
  worker: RunningWorker;
  /** The real API as a process on the suite's database and Redis, when the suite asked for it. */
  api: WorkerProcess;
  /** Workers (or the API) the tests spawn as processes: killed after the suite. */
  workers: WorkerProcess[];
}

export interface WorkerSuiteOptions {
  /** Start an items target with this behaviour; the worker may reach it. */
  target?: ItemsBehaviour;
  /** Start a webhook receiver; the worker may reach it. */
  receiver?: boolean;
  /** Other local servers the worker may reach, read after the file's earlier `beforeAll`s. */
  alsoAllow?: () => string[];
  env?: Record<string, string>;
  /** Start the worker in this process (`suite.worker`). */
  inProcessWorker?: boolean;
  /** Spawn the API (`suite.api`), for tests that follow a run through its endpoints. */
  api?: boolean;
}

/** TARGET_ALLOWLIST for local servers: their loopback ports, nothing else on 127.0.0.1. */
export function loopbackAllowlist(urls: string[]): string {
  return urls.map((url) => `127.0.0.1:${new URL(url).port}`).join(',');
}

/**
 * The set-up and tear-down every worker test file repeats: a test environment (database, Redis
 * prefix, queues), the local target it probes, and the workers, all closed after the file.
 */
export function useWorkerSuite(options: WorkerSuiteOptions = {}): WorkerSuite {
  const suite = { workers: [] as WorkerProcess[] } as WorkerSuite;
  beforeAll(async () => {
    if (options.target) suite.target = await startItemsTarget(options.target);
    if (options.receiver) suite.receiver = await startReceiver();
    const reachable = [suite.target?.url, suite.receiver?.url, ...(options.alsoAllow?.() ?? [])];
    suite.test = await createWorkerTestEnv({
      TARGET_ALLOWLIST: loopbackAllowlist(reachable.filter((url) => url !== undefined)),
      ...options.env,
    });
    if (options.inProcessWorker) suite.worker = await startWorker(suite.test);
    if (options.api) {
      suite.api = await spawnApi(suite.test);
      suite.workers.push(suite.api);
    }
  });
  afterAll(async () => {
    await suite.worker?.close();
    for (const worker of suite.workers) await worker.kill('SIGKILL');
    await suite.test?.close();
    await suite.target?.close();
    await suite.receiver?.close();
  });
  return suite;
}
