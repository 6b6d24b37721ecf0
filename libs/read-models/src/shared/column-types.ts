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
 * `unnest($n::text[], $n+1::bigint[], ...) AS r(col, ...)`: one array parameter per column
 * (columnArrays), so a batch of any size is one round trip and one statement, with as many
 * parameters as columns whatever the row count. Each element is read with its column type's input
 * function, so "123" becomes a bigint exactly. Cheaper for the server than one JSON document of
 * row objects (jsonb_to_recordset): no key names per row, no jsonb parse of the whole batch.
 */
export function arraysSource<Row>(columns: ColumnTypes<Row>, firstParameter: number, alias = 'r'): string {
  return `${unnestOf(columns, firstParameter)} AS ${alias}(${columnNames(columns).join(', ')})`;
}

/**
 * The same rows numbered in the order they were given (column `ordinality`), for inserts whose
 * storage order should follow the events.
 */
export function orderedArraysSource<Row>(columns: ColumnTypes<Row>, firstParameter: number, alias = 'r'): string {
  return `${unnestOf(columns, firstParameter)} WITH ORDINALITY AS ${alias}(${columnNames(columns).join(', ')}, ordinality)`;
}

function unnestOf<Row>(columns: ColumnTypes<Row>, firstParameter: number): string {
  const arrays = Object.values<SqlType>(columns).map((type, i) => `$${firstParameter + i}::${type}[]`);
  return `unnest(${arrays.join(', ')})`;
}

/**
 * The parameters of arraysSource: one array per column, in the columns' order, each holding that
 * column of every row. jsonb values travel as their JSON text; null and a missing field are NULL.
 */
export function columnArrays<Row>(columns: ColumnTypes<Row>, rows: readonly Row[]): unknown[][] {
  return Object.entries<SqlType>(columns).map(([column, type]) =>
    rows.map((row) => {
      const value = (row as Record<string, unknown>)[column];
      if (value === null || value === undefined) return null;
      return type === 'jsonb' ? JSON.stringify(value) : value;
    }),
  );
}

export function columnNames<Row>(columns: ColumnTypes<Row>): string[] {
  return Object.keys(columns);
}
