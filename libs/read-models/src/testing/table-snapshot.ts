import type { SqlRunner } from '../shared/sql-runner';

/**
 * Test-only: every row of a read-model table in a stable order, without surrogate columns, with
 * every value as text (so bigint, timestamptz and jsonb compare exactly).
 */
export async function snapshotTable(sql: SqlRunner, table: string, orderBy: string, without: readonly string[] = []): Promise<Record<string, string | null>[]> {
  const drop = without.map((column) => ` - '${column}'`).join('');
  const rows = await sql.query<{ row: Record<string, string | null> }[]>(
    `SELECT (SELECT jsonb_object_agg(key, value #>> '{}') FROM jsonb_each(to_jsonb(t)${drop})) AS row FROM ${table} t ORDER BY ${orderBy}`,
  );
  return rows.map((r) => r.row);
}
