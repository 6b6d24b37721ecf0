import { selectList, type ColumnTypes } from './column-types';
import { decodeCursor, encodeCursor } from './cursor';
import { pageLimit, toPage, type Page, type PageRequest } from './page';
import type { SqlRunner } from './sql-runner';

/** A row of a table listed newest first by (created_at, id): deposits and withdrawals. */
export interface ListedRow {
  readonly id: string;
  readonly created_at: string;
}

export interface ListQuery<Row extends ListedRow> {
  readonly table: string;
  readonly columns: ColumnTypes<Row>;
  readonly tenantId: string;
  /** Equality filters (`?label=&status=`); undefined ones are left out. */
  readonly filters: Readonly<Record<string, string | undefined>>;
  readonly page: PageRequest;
}

/**
 * ORDER BY names the table's columns: the select list reads created_at back as text under the same
 * name, and an unqualified name there would sort by the text and miss the index.
 *
 * Keyset pagination: the cursor is the (created_at, id) of the page's last row, and the next page
 * starts strictly below it in (created_at DESC, id DESC) order. Rows inserted meanwhile never shift
 * a page, and each row is returned exactly once. created_at travels as microsecond text so the
 * comparison is exact.
 */
export async function listByCreatedAt<Row extends ListedRow, View>(sql: SqlRunner, query: ListQuery<Row>, view: (row: Row) => View): Promise<Page<View>> {
  const limit = pageLimit(query.page.limit);
  const parameters: unknown[] = [query.tenantId];
  const conditions = ['tenant_id = $1'];
  for (const [column, value] of Object.entries(query.filters)) {
    if (value === undefined) continue;
    assertColumn(query.columns, column);
    parameters.push(value);
    conditions.push(`${column} = $${parameters.length}`);
  }
  if (query.page.cursor !== undefined && query.page.cursor !== null) {
    const [createdAt, id] = decodeCursor(query.page.cursor, ['timestamp', 'string']);
    parameters.push(createdAt, id);
    conditions.push(`(created_at, id) < ($${parameters.length - 1}::timestamptz, $${parameters.length}::text)`);
  }
  parameters.push(limit + 1);
  const rows = await sql.query<Row[]>(
    `SELECT ${selectList(query.columns)} FROM ${query.table}
     WHERE ${conditions.join(' AND ')}
     ORDER BY ${query.table}.created_at DESC, ${query.table}.id DESC
     LIMIT $${parameters.length}`,
    parameters,
  );
  return toPage(rows, limit, view, (row) => encodeCursor([row.created_at, row.id]));
}

/** Filters name columns in SQL text: only the table's own columns may appear there. */
function assertColumn<Row>(columns: ColumnTypes<Row>, column: string): void {
  if (!Object.hasOwn(columns, column)) throw new Error(`no column ${column} to filter on`);
}

export async function getById<Row extends ListedRow>(sql: SqlRunner, table: string, columns: ColumnTypes<Row>, tenantId: string, id: string): Promise<Row | null> {
  const rows = await sql.query<Row[]>(`SELECT ${selectList(columns)} FROM ${table} WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  return rows[0] ?? null;
}
