/**
 * A read-model row as it travels between SQL and TypeScript: bigint and timestamptz as text (exact:
 * no float, no lost microseconds), jsonb as parsed JSON, integer and boolean as themselves.
 */
export type SqlType = 'text' | 'uuid' | 'bigint' | 'integer' | 'boolean' | 'jsonb' | 'timestamptz';

/** The SQL type of every field of a row type: the compiler insists that none is forgotten. */
export type ColumnTypes<Row> = { readonly [K in keyof Row & string]: SqlType };

/** ISO-8601 UTC with microseconds, PostgreSQL's own precision: a timestamp read back compares equal. */
export const ISO_UTC_MICROS_FORMAT = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

/** The select expression that reads `column` back in its row representation. */
export function readExpression(column: string, type: SqlType, tableAlias = ''): string {
  const qualified = tableAlias === '' ? column : `${tableAlias}.${column}`;
  switch (type) {
    case 'bigint':
      return `${qualified}::text AS ${column}`;
    case 'timestamptz':
      return `to_char(${qualified} AT TIME ZONE 'UTC', ${ISO_UTC_MICROS_FORMAT}) AS ${column}`;
    default:
      return `${qualified} AS ${column}`;
  }
}

export function selectList<Row>(columns: ColumnTypes<Row>, tableAlias = ''): string {
  return Object.entries<SqlType>(columns)
    .map(([column, type]) => readExpression(column, type, tableAlias))
    .join(', ');
}

/**
 * `jsonb_to_recordset($n::jsonb) AS r(col type, ...)`: one parameter carries a whole batch of rows,
 * so a batch of any size is one round trip and one statement (no per-row parameters, no 65,535
 * parameter limit). JSON strings are read with each type's input function, so "123" becomes a bigint
 * exactly.
 */
export function recordsetSource<Row>(columns: ColumnTypes<Row>, parameter: number, alias = 'r'): string {
  const definitions = Object.entries<SqlType>(columns)
    .map(([column, type]) => `${column} ${type}`)
    .join(', ');
  return `jsonb_to_recordset($${parameter}::jsonb) AS ${alias}(${definitions})`;
}

/**
 * The same rows numbered in the order they were given (column `ordinality`), for inserts whose
 * storage order should follow the events.
 */
export function orderedRecordsetSource<Row>(columns: ColumnTypes<Row>, parameter: number, alias = 'r'): string {
  const entries = Object.entries<SqlType>(columns);
  const definitions = entries.map(([column, type]) => `${column} ${type}`).join(', ');
  const names = entries.map(([column]) => column).join(', ');
  return `ROWS FROM (jsonb_to_recordset($${parameter}::jsonb) AS (${definitions})) WITH ORDINALITY AS ${alias}(${names}, ordinality)`;
}

export function columnNames<Row>(columns: ColumnTypes<Row>): string[] {
  return Object.keys(columns);
}
