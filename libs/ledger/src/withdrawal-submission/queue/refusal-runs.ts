import type { DataSource } from 'typeorm';

/**
 * The run of identical provider refusals, per merchant (`withdrawal_refusal_runs`): counted in one
 * statement, so refusals answered side by side count each once and the run survives a restart.
 */
export async function countRefusal(dataSource: DataSource, tenantId: string, reason: string): Promise<number> {
  const rows: { refusals: number }[] = await dataSource.query(
    `INSERT INTO withdrawal_refusal_runs (tenant_id, reason, refusals) VALUES ($1, $2, 1)
     ON CONFLICT (tenant_id) DO UPDATE SET
       refusals = CASE WHEN withdrawal_refusal_runs.reason = EXCLUDED.reason THEN withdrawal_refusal_runs.refusals + 1 ELSE 1 END,
       reason = EXCLUDED.reason,
       updated_at = now()
     RETURNING refusals`,
    [tenantId, reason],
  );
  return rows[0].refusals;
}

/** An accepted withdrawal, or an operator's resume, ends the run. */
export async function endRefusalRun(dataSource: DataSource, tenantId: string): Promise<void> {
  await dataSource.query(`UPDATE withdrawal_refusal_runs SET refusals = 0, updated_at = now() WHERE tenant_id = $1 AND refusals <> 0`, [tenantId]);
}
