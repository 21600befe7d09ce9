import { startTestApi, type TestApi } from './harness';

/** The API under test, started before a file's tests and closed after them. */
export interface LiveApi {
  /** Set before the first test runs. */
  api: TestApi;
}

export function useTestApi(overrides: Record<string, string> = {}): LiveApi {
  const live = {} as LiveApi;
  beforeAll(async () => {
    live.api = await startTestApi(overrides);
  });
  afterAll(async () => {
    await live.api?.close();
  });
  return live;
}
