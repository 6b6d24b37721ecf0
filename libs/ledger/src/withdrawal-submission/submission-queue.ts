import type { DataSource } from 'typeorm';

/** SQL over `withdrawal_submissions` (withdrawal-submissions.migration.ts). Times are ISO-8601 UTC. */

export interface SubmissionKey {
  readonly tenantId: string;
  readonly withdrawalId: string;
}

export interface ParkedSubmission extends SubmissionKey {
  readonly attempts: number;
  readonly lastError: string | null;
  readonly parkedAt: string;
}

/** From WithdrawalRequested: due at once. A repeat (redelivery, replay) changes nothing. */
export async function enqueueSubmission(dataSource: DataSource, key: SubmissionKey, dueAt: string): Promise<void> {
  await dataSource.query(
    `INSERT INTO withdrawal_submissions (tenant_id, withdrawal_id, state, attempts, due_at)
     VALUES ($1, $2, 'pending', 0, $3) ON CONFLICT DO NOTHING`,
    [key.tenantId, key.withdrawalId, dueAt],
  );
}

/**
 * After a deferred attempt: due again at retryAt. Monotonic in attempts, so the submitter's own
 * update and the process manager's (from WithdrawalSubmissionDeferred) can land in either order.
 */
export async function rescheduleSubmission(dataSource: DataSource, key: SubmissionKey, attempts: number, dueAt: string, lastError: string): Promise<void> {
  await dataSource.query(
    `UPDATE withdrawal_submissions SET due_at = $3, attempts = $4, last_error = $5, updated_at = now()
     WHERE tenant_id = $1 AND withdrawal_id = $2 AND state = 'pending' AND attempts <= $4`,
    [key.tenantId, key.withdrawalId, dueAt, attempts, lastError],
  );
}

/** After a failure on our side: due later, attempts unchanged (nothing was recorded). */
export async function postponeSubmission(dataSource: DataSource, key: SubmissionKey, dueAt: string, lastError: string): Promise<void> {
  await dataSource.query(
    `UPDATE withdrawal_submissions SET due_at = $3, last_error = $4, updated_at = now()
     WHERE tenant_id = $1 AND withdrawal_id = $2 AND state = 'pending'`,
    [key.tenantId, key.withdrawalId, dueAt, lastError],
  );
}

export async function finishSubmission(dataSource: DataSource, key: SubmissionKey): Promise<void> {
  await dataSource.query(
    `UPDATE withdrawal_submissions SET state = 'done', updated_at = now() WHERE tenant_id = $1 AND withdrawal_id = $2 AND state <> 'done'`,
    [key.tenantId, key.withdrawalId],
  );
}

export async function parkSubmission(dataSource: DataSource, key: SubmissionKey, attempts: number, lastError: string | null): Promise<void> {
  await dataSource.query(
    `UPDATE withdrawal_submissions SET state = 'parked', attempts = $3, last_error = COALESCE($4, last_error), updated_at = now()
     WHERE tenant_id = $1 AND withdrawal_id = $2 AND state = 'pending'`,
    [key.tenantId, key.withdrawalId, attempts, lastError],
  );
}

/** A resubmitted parked withdrawal: pending again, due at `dueAt`, a fresh budget counted on the stream. */
export async function requeueSubmission(dataSource: DataSource, key: SubmissionKey, dueAt: string): Promise<void> {
  await dataSource.query(
    `UPDATE withdrawal_submissions SET state = 'pending', due_at = $3, updated_at = now()
     WHERE tenant_id = $1 AND withdrawal_id = $2 AND state = 'parked'`,
    [key.tenantId, key.withdrawalId, dueAt],
  );
}

export interface SubmissionCounts {
  /** Waiting to be sent or retried (the provider has not accepted or refused them yet). */
  readonly queued: number;
  /** Attempts exhausted, outcome unknown, funds held: waiting for an operator. */
  readonly parked: number;
}

export async function countSubmissionsByState(dataSource: DataSource, tenantId: string): Promise<SubmissionCounts> {
  const rows: { queued: string; parked: string }[] = await dataSource.query(
    `SELECT count(*) FILTER (WHERE state = 'pending') AS queued, count(*) FILTER (WHERE state = 'parked') AS parked
     FROM withdrawal_submissions WHERE tenant_id = $1 AND state <> 'done'`,
    [tenantId],
  );
  return { queued: Number(rows[0]?.queued ?? 0), parked: Number(rows[0]?.parked ?? 0) };
}

/**
 * Pending rows of the given merchants due by `now`, oldest first across them (one merchant's backlog
 * is served in due order with the others', not ahead of them), leaving out ids this process is
 * already working on.
 */
export async function selectDueSubmissions(
  dataSource: DataSource,
  tenantIds: readonly string[],
  now: string,
  limit: number,
  excludedIds: readonly string[],
): Promise<SubmissionKey[]> {
  if (tenantIds.length === 0) return [];
  const rows: { tenant_id: string; withdrawal_id: string }[] = await dataSource.query(
    `SELECT tenant_id, withdrawal_id FROM withdrawal_submissions
     WHERE tenant_id = ANY($1::text[]) AND state = 'pending' AND due_at <= $2 AND NOT (withdrawal_id = ANY($3::text[]))
     ORDER BY due_at, tenant_id, withdrawal_id LIMIT $4`,
    [[...tenantIds], now, [...excludedIds], limit],
  );
  return rows.map((row) => ({ tenantId: row.tenant_id, withdrawalId: row.withdrawal_id }));
}

/** When the earliest pending row of the given merchants is due, or null when nothing is pending. */
export async function nextDueAt(dataSource: DataSource, tenantIds: readonly string[]): Promise<Date | null> {
  if (tenantIds.length === 0) return null;
  const rows: { due_at: Date | null }[] = await dataSource.query(
    `SELECT min(due_at) AS due_at FROM withdrawal_submissions WHERE tenant_id = ANY($1::text[]) AND state = 'pending'`,
    [[...tenantIds]],
  );
  return rows[0]?.due_at ?? null;
}

/** Withdrawals whose attempts ran out: held funds, outcome unknown, for an operator to reconcile. */
export async function listParkedSubmissions(dataSource: DataSource, tenantId: string, limit = 200): Promise<ParkedSubmission[]> {
  const rows: { withdrawal_id: string; attempts: number; last_error: string | null; parked_at: Date }[] = await dataSource.query(
    `SELECT withdrawal_id, attempts, last_error, updated_at AS parked_at FROM withdrawal_submissions
     WHERE tenant_id = $1 AND state = 'parked' ORDER BY updated_at, withdrawal_id LIMIT $2`,
    [tenantId, limit],
  );
  return rows.map((row) => ({
    tenantId,
    withdrawalId: row.withdrawal_id,
    attempts: row.attempts,
    lastError: row.last_error,
    parkedAt: row.parked_at.toISOString(),
  }));
}
