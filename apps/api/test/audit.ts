import { call, type Caller } from './client';
import type { TestApi } from './harness';

/** The organisation's audit log, as `caller` reads it, holds `action` on `subjectId`. */
export async function expectAudited(
  api: TestApi,
  caller: Caller,
  action: string,
  subjectId: string,
): Promise<void> {
  const audit = await call<{ items: { action: string; subjectId: string }[] }>(
    api,
    caller,
    'GET',
    '/audit-log',
  );
  expect(audit.body.items).toEqual(
    expect.arrayContaining([expect.objectContaining({ action, subjectId })]),
  );
}
