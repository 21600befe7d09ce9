import type { Db } from '@shakedown/db';
import { createTarget } from '@shakedown/db/testing';

import { call, signUp, signUpWithOrg, type Answer, type SessionCaller } from '../test/client';
import { startTestApi, type TestApi } from '../test/harness';
import { configDocument, openDb } from '../test/world';

type Case = 'success' | 'fourFirst' | 'slowFirst';
const CASES: Case[] = ['success', 'fourFirst', 'slowFirst'];
const KEYS = 210;
const FAN_OUT = [8, 16, 32];
const BATCH = 3;

/** `status code` of one answer, e.g. `409 idempotency_in_progress`, `201 replayed`. */
function outcome(answer: Answer<{ id?: string; error?: { code: string } }>): string {
  if (answer.status < 300) {
    return `${answer.status} ${answer.headers.get('idempotent-replayed') ? 'replayed' : 'fresh'}`;
  }
  const retryAfter = answer.headers.get('retry-after');
  const code = answer.body?.error?.code ?? 'no-code';
  return `${answer.status} ${code}${code === 'idempotency_in_progress' && !retryAfter ? ' (no Retry-After)' : ''}`;
}

const DOCUMENTED: Record<Case, string[]> = {
  success: ['201 fresh', '201 replayed', '409 idempotency_in_progress'],
  fourFirst: ['409 target_name_taken', '409 idempotency_in_progress'],
  slowFirst: ['201 fresh', '201 replayed', '409 idempotency_in_progress'],
};

class Rollback extends Error {}

describe('Idempotency-Key under parallel retries (issue 17)', () => {
  let api: TestApi;
  let db: Db;
  let owner: SessionCaller;

  beforeAll(async () => {
    api = await startTestApi({
      RATE_LIMIT_ORG_PER_MINUTE: '1000000',
      RATE_LIMIT_PRINCIPAL_PER_MINUTE: '1000000',
    });
    db = openDb(api);
    owner = await signUpWithOrg(api, 'Stress');
    await createTarget(db, owner.orgId!, { name: 'dup' });
  }, 120_000);

  afterAll(async () => {
    await db.$disconnect();
    await api.close();
  });

  const send = (key: string, name: string, count: number) =>
    Promise.all(
      Array.from({ length: count }, () =>
        call<{ id?: string; error?: { code: string } }>(api, owner, 'POST', '/targets', {
          body: configDocument(name),
          headers: { 'Idempotency-Key': key },
        }),
      ),
    );

  /** Holds an uncommitted target of the same name, so the first request waits on its insert. */
  async function slowFirst(key: string, name: string, count: number) {
    let answers: Promise<Answer<{ id?: string; error?: { code: string } }>[]> | undefined;
    await db
      .$transaction(async (tx) => {
        await createTarget(tx as unknown as Db, owner.orgId!, { name });
        answers = send(key, name, count);
        await new Promise((resolve) => setTimeout(resolve, 150));
        throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
    return answers!;
  }

  it('answers every request with a documented answer, never a 5xx, one object per key', async () => {
    const counts: Record<Case, Record<string, number>> = {
      success: {},
      fourFirst: {},
      slowFirst: {},
    };
    /** The ids every 201 of a key answered: one per key. */
    const created = new Map<string, Set<string>>();
    const run = async (index: number) => {
      const kind = CASES[index % CASES.length]!;
      const fanOut = FAN_OUT[Math.floor(index / CASES.length) % FAN_OUT.length]!;
      const key = `stress-${index}`;
      const name = kind === 'fourFirst' ? 'dup' : `stress-${index}`;
      const answers =
        kind === 'slowFirst' ? await slowFirst(key, name, fanOut) : await send(key, name, fanOut);
      // One more after all settled: a finished key replays, a failed one runs afresh.
      answers.push(...(await send(key, name, 1)));
      for (const answer of answers) {
        const label = outcome(answer);
        counts[kind][label] = (counts[kind][label] ?? 0) + 1;
        if (answer.status === 201) {
          created.set(name, (created.get(name) ?? new Set()).add(answer.body.id!));
        }
      }
    };
    for (let index = 0; index < KEYS; index += BATCH) {
      await Promise.all(
        Array.from({ length: Math.min(BATCH, KEYS - index) }, (_, offset) => run(index + offset)),
      );
    }
    process.stdout.write(
      `answers per case over ${KEYS} keys:\n${JSON.stringify(counts, null, 2)}\n`,
    );

    for (const kind of CASES) {
      for (const label of Object.keys(counts[kind])) {
        expect({ kind, label }).toEqual({
          kind,
          label: DOCUMENTED[kind].includes(label) ? label : 'undocumented',
        });
      }
    }
    // The final request of every successful key was a replay of the one object.
    expect(counts.success['201 replayed']).toBeGreaterThanOrEqual(KEYS / 3);
    expect(counts.slowFirst['201 replayed']).toBeGreaterThanOrEqual(KEYS / 3);
    const targets = await db.target.groupBy({
      by: ['name'],
      where: { orgId: owner.orgId!, name: { startsWith: 'stress-' } },
      _count: { _all: true },
    });
    expect(targets).toHaveLength((KEYS / 3) * 2);
    expect(targets.filter((row) => row._count._all !== 1)).toEqual([]);
    expect(created.size).toBe((KEYS / 3) * 2);
    expect([...created.values()].filter((ids) => ids.size !== 1)).toEqual([]);
    expect(await db.target.count({ where: { orgId: owner.orgId!, name: 'dup' } })).toBe(1);
  }, 600_000);

  it('a key whose audit entry cannot be written is not left behind', async () => {
    await db.$executeRawUnsafe(
      `ALTER TABLE "AuditLog" ADD CONSTRAINT audit_refuses CHECK ("metadata"->>'name' IS DISTINCT FROM 'audit-refuses-me')`,
    );
    try {
      for (const name of ['audit-refuses-me', 'lone \ud800 surrogate']) {
        const keyed: Record<string, string> = { 'Idempotency-Key': `audit-${name.length}` };
        for (const headers of [{}, keyed]) {
          const answer = await call(api, owner, 'POST', '/api-keys', {
            body: { name, role: 'viewer' },
            headers,
          });
          expect({ name, created: answer.status < 300 }).toEqual({ name, created: false });
        }
      }
      expect(await db.apiKey.count({ where: { orgId: owner.orgId! } })).toBe(0);
      expect(await db.idempotencyRecord.count({ where: { key: { startsWith: 'audit-' } } })).toBe(
        0,
      );
    } finally {
      await db.$executeRawUnsafe(`ALTER TABLE "AuditLog" DROP CONSTRAINT audit_refuses`);
    }
  });

  it('scopes a key to its principal: a second admin sending the same key gets no replay', async () => {
    const body = { name: 'scoped', role: 'viewer' };
    const headers = { 'Idempotency-Key': 'shared-key' };
    const first = await call<{ apiKey: { id: string } }>(api, owner, 'POST', '/api-keys', {
      body,
      headers,
    });
    expect(first.status).toBe(201);
    const invitation = await call<{ token: string }>(api, owner, 'POST', '/invitations', {
      body: { email: 'second-admin@example.test', role: 'admin' },
    });
    expect(invitation.status).toBe(201);
    const second = await signUp(api, 'second-admin@example.test');
    const accepted = await call(api, second, 'POST', '/invitations/accept', {
      body: { token: invitation.body.token },
    });
    expect(accepted.status).toBe(201);
    const again = await call<{ apiKey: { id: string } }>(
      api,
      second.inOrg(owner.orgId!),
      'POST',
      '/api-keys',
      { body, headers },
    );
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(again.body.apiKey.id).not.toBe(first.body.apiKey.id);
  });
});
