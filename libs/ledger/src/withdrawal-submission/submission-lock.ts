import type { DataSource } from 'typeorm';
import type { SubmissionKey } from './submission-queue';

export type Locked<T> = { readonly locked: true; readonly value: T } | { readonly locked: false };

/**
 * Runs `work` while holding this withdrawal's advisory lock, or returns { locked: false } at once when
 * another worker (this process or another) holds it: one provider call per withdrawal at a time.
 *
 * A transaction-scoped advisory lock, in a transaction that writes nothing, on a connection of its
 * own kept for the whole call:
 * - it frees itself on rollback or when the connection dies, so a crash never leaves it taken;
 * - a transaction that writes nothing gets no transaction id, so it does NOT hold back the event
 *   store's gap-safe readers (they wait for the oldest running transaction id). SELECT … FOR UPDATE
 *   would take one and stall every projection for the length of a provider timeout.
 */
export async function withSubmissionLock<T>(dataSource: DataSource, key: SubmissionKey, work: () => Promise<T>): Promise<Locked<T>> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    const rows: { locked: boolean }[] = await runner.query('SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked', [lockName(key)]);
    if (rows[0]?.locked !== true) return { locked: false };
    return { locked: true, value: await work() };
  } finally {
    // Ending the transaction frees the lock; if that fails the connection is gone and so is the lock.
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    await runner.release();
  }
}

/** Namespaced so it cannot meet the subscriptions' leader locks. */
function lockName(key: SubmissionKey): string {
  return `kassa.withdrawal-submission:${key.tenantId}.${key.withdrawalId}`;
}
