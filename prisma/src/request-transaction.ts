import { AsyncLocalStorage } from 'node:async_hooks';

import type { Prisma, PrismaClient } from './generated/prisma/client';

interface TransactionScope {
  tx: Prisma.TransactionClient;
  afterCommit: (() => Promise<unknown>)[];
}

const scopes = new AsyncLocalStorage<TransactionScope>();

export interface RequestTransactionOptions {
  /** How long the transaction may stay open (Prisma's own default is 5 s). */
  timeoutMs?: number;
  /** How long to wait for a pooled connection. */
  maxWaitMs?: number;
}

/**
 * Runs `work` in one database transaction that every query of the work joins, whichever
 * repository or service issues it (through a client made by {@link transactionAware}), then
 * `finish` in the same transaction with the work's result. Either all of it commits or none of
 * it does. Hooks registered with {@link afterCommit} run once the transaction committed (a hook
 * that throws makes this throw, after the commit).
 */
export async function inRequestTransaction<T>(
  db: PrismaClient,
  work: () => Promise<T>,
  finish: (tx: Prisma.TransactionClient, result: T) => Promise<void>,
  options: RequestTransactionOptions = {},
): Promise<T> {
  const hooks: (() => Promise<unknown>)[] = [];
  const result = await db.$transaction(
    async (tx) => {
      const value = await scopes.run({ tx, afterCommit: hooks }, work);
      await finish(tx, value);
      return value;
    },
    { timeout: options.timeoutMs ?? 60_000, maxWait: options.maxWaitMs ?? 10_000 },
  );
  for (const hook of hooks) await hook();
  return result;
}

/**
 * Runs `hook` after the surrounding request transaction commits (at once when there is none):
 * for side effects outside the database, such as queueing a job that reads the new rows.
 */
export async function afterCommit(hook: () => Promise<unknown>): Promise<void> {
  const scope = scopes.getStore();
  if (scope) scope.afterCommit.push(hook);
  else await hook();
}

/** True inside {@link inRequestTransaction}'s work. */
export function inTransactionScope(): boolean {
  return scopes.getStore() !== undefined;
}

function bound(source: object, prop: string | symbol): unknown {
  const value = Reflect.get(source, prop, source) as unknown;
  return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(source) : value;
}

/**
 * A client that sends each query to the request transaction when one is open
 * ({@link inRequestTransaction}) and to `db` otherwise. Inside it, `$transaction(fn)` joins the
 * open transaction instead of opening a second one on another connection.
 */
export function transactionAware(db: PrismaClient): PrismaClient {
  return new Proxy(db, {
    get(target, prop) {
      const scope = scopes.getStore();
      if (!scope) return bound(target, prop);
      if (prop === '$transaction') return joinTransaction(scope.tx);
      if (typeof prop === 'string' && prop in scope.tx) return bound(scope.tx, prop);
      return bound(target, prop);
    },
  });
}

function joinTransaction(tx: Prisma.TransactionClient) {
  return async (arg: unknown): Promise<unknown> => {
    if (typeof arg === 'function') return (arg as (t: Prisma.TransactionClient) => unknown)(tx);
    const results: unknown[] = [];
    for (const query of arg as Promise<unknown>[]) results.push(await query);
    return results;
  };
}
