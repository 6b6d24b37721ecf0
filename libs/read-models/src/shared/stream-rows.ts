import { columnNames, rowsParameters, rowsSource, selectList, type ColumnTypes } from './column-types';
import type { SqlRunner } from './sql-runner';

/** A read-model row that mirrors one event stream: the version check makes re-applying a no-op. */
export interface StreamRow {
  readonly stream_id: string;
  readonly last_stream_version: number;
}

export interface StreamRowTable<Row extends StreamRow> {
  readonly table: string;
  readonly columns: ColumnTypes<Row>;
  /** The primary key: the ON CONFLICT target of the upsert. */
  readonly key: readonly (keyof Row & string)[];
}

/** The stored rows of these streams, by stream id: one query for the whole batch. */
export async function loadStreamRows<Row extends StreamRow>(
  sql: SqlRunner,
  table: StreamRowTable<Row>,
  streamIds: readonly string[],
): Promise<Map<string, Row>> {
  if (streamIds.length === 0) return new Map();
  const rows = await sql.query<Row[]>(`SELECT ${selectList(table.columns)} FROM ${table.table} WHERE stream_id = ANY($1::text[])`, [
    streamIds,
  ]);
  return new Map(rows.map((row) => [row.stream_id, row]));
}

/**
 * Writes whole rows in one statement. The version guard keeps a stored row that is already further
 * along (a replayed batch) as it is, so applying the same events twice changes nothing.
 * Rows must have distinct keys: ON CONFLICT DO UPDATE refuses to touch a row twice in one statement.
 */
export async function upsertStreamRows<Row extends StreamRow>(sql: SqlRunner, table: StreamRowTable<Row>, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = columnNames(table.columns);
  const keys = new Set<string>(table.key);
  const updates = columns.filter((column) => !keys.has(column)).map((column) => `${column} = EXCLUDED.${column}`);
  await sql.query(
    `INSERT INTO ${table.table} (${columns.join(', ')})
     SELECT ${columns.join(', ')} FROM ${rowsSource(table.columns, 1)}
     ON CONFLICT (${table.key.join(', ')}) DO UPDATE SET ${updates.join(', ')}
     WHERE ${table.table}.last_stream_version < EXCLUDED.last_stream_version`,
    rowsParameters(table.columns, rows),
  );
}
