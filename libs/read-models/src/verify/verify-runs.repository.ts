import type { SqlRunner } from '../shared/sql-runner';
import { ISO_UTC_MICROS_FORMAT } from '../shared/column-types';
import { toIsoMillis } from '../shared/timestamps';
import type { TableComparison, VerifyResult } from './verify-result';

interface VerifyRunRow {
  readonly id: string;
  readonly started_at: string;
  readonly finished_at: string;
  readonly ok: boolean;
  readonly events_replayed: string;
  readonly positions: Record<string, string>;
  readonly tables: TableComparison[];
  readonly drifted_tables: string[];
}

/** `verify_runs`: written by the verify command, read by /ready and the exceptions report. */
export class VerifyRunsRepository {
  constructor(private readonly sql: SqlRunner) {}

  async save(tenantId: string, result: VerifyResult): Promise<void> {
    await this.sql.query(
      `INSERT INTO verify_runs (id, tenant_id, started_at, finished_at, ok, events_replayed, positions, tables, drifted_tables)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9::text[])`,
      [
        result.id,
        tenantId,
        result.startedAt,
        result.finishedAt,
        result.ok,
        String(result.eventsReplayed),
        JSON.stringify(result.positions),
        JSON.stringify(result.tables),
        result.driftedTables,
      ],
    );
  }

  /** The newest run, or null when verify never ran. */
  async last(tenantId: string): Promise<VerifyResult | null> {
    const rows = await this.sql.query<VerifyRunRow[]>(
      `SELECT id, to_char(started_at AT TIME ZONE 'UTC', ${ISO_UTC_MICROS_FORMAT}) AS started_at,
              to_char(finished_at AT TIME ZONE 'UTC', ${ISO_UTC_MICROS_FORMAT}) AS finished_at,
              ok, events_replayed::text AS events_replayed, positions, tables, drifted_tables
       FROM verify_runs WHERE tenant_id = $1 ORDER BY finished_at DESC, id DESC LIMIT 1`,
      [tenantId],
    );
    const row = rows[0];
    if (row === undefined) return null;
    return {
      id: row.id,
      startedAt: toIsoMillis(row.started_at),
      finishedAt: toIsoMillis(row.finished_at),
      ok: row.ok,
      eventsReplayed: Number(row.events_replayed),
      positions: row.positions,
      tables: row.tables,
      driftedTables: row.drifted_tables,
    };
  }
}
