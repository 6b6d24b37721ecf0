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
 * The FROM source of a batch of rows passed as one parameter per column (rowsParameters): a batch of
 * any size is one round trip and one statement, with as many parameters as columns. Scalar columns
 * travel as typed arrays (`unnest($1::text[], $2::bigint[], ...)`, each element read with its type's
 * input function, so "123" becomes a bigint exactly); a jsonb column as one JSON array of its values
 * (`jsonb_array_elements($n::jsonb)`), which spares both sides quoting every JSON text inside an
 * array literal. ROWS FROM zips them by position. Cheaper for the server than one JSON document of
 * row objects (jsonb_to_recordset): no key names per row, no conversion of each value to text and back.
 */
export function rowsSource<Row>(columns: ColumnTypes<Row>, firstParameter: number, alias = 'r'): string {
  return batchSource(columns, firstParameter, alias, false);
}

/**
 * The same rows numbered in the order they were given (column `ordinality`), for inserts whose
 * storage order should follow the events.
 */
export function orderedRowsSource<Row>(columns: ColumnTypes<Row>, firstParameter: number, alias = 'r'): string {
  return batchSource(columns, firstParameter, alias, true);
}

function batchSource<Row>(columns: ColumnTypes<Row>, firstParameter: number, alias: string, ordered: boolean): string {
  const entries = Object.entries<SqlType>(columns).map(([column, type], i) => ({ column, type, parameter: `$${firstParameter + i}` }));
  const scalars = entries.filter((entry) => entry.type !== 'jsonb');
  const documents = entries.filter((entry) => entry.type === 'jsonb');
  const functions = [
    ...(scalars.length > 0 ? [`unnest(${scalars.map((entry) => `${entry.parameter}::${entry.type}[]`).join(', ')})`] : []),
    ...documents.map((entry) => `jsonb_array_elements(${entry.parameter}::jsonb)`),
  ];
  const extra = ordered ? ['ordinality'] : [];
  const produced = [...scalars, ...documents].map((entry) => entry.column).concat(extra);
  const source = `ROWS FROM (${functions.join(', ')})${ordered ? ' WITH ORDINALITY' : ''}`;
  if (documents.length === 0) return `${source} AS ${alias}(${produced.join(', ')})`;
  // A JSON null element is SQL NULL, as a null or missing field was with jsonb_to_recordset.
  const selected = entries
    .map((entry) => (entry.type === 'jsonb' ? `NULLIF(b.${entry.column}, 'null'::jsonb) AS ${entry.column}` : `b.${entry.column}`))
    .concat(extra.map((column) => `b.${column}`));
  return `(SELECT ${selected.join(', ')} FROM ${source} AS b(${produced.join(', ')})) AS ${alias}`;
}

/**
 * The parameters of rowsSource, in the columns' order: for a scalar column the array of its values,
 * for a jsonb column the JSON text of the array of its values. null and a missing field are NULL.
 */
export function rowsParameters<Row>(columns: ColumnTypes<Row>, rows: readonly Row[]): unknown[] {
  return Object.entries<SqlType>(columns).map(([column, type]) => {
    const values = rows.map((row) => (row as Record<string, unknown>)[column] ?? null);
    return type === 'jsonb' ? JSON.stringify(values) : values;
  });
}

export function columnNames<Row>(columns: ColumnTypes<Row>): string[] {
  return Object.keys(columns);
}
