import type { DataSource } from 'typeorm';
import { MAX_DIFFERING_ROWS, type DifferingRow, type TableComparison } from './verify-result';
import { liveCopyName } from './live-snapshot';
import { assertSchemaName } from './scratch-schema';

/**
 * Columns filled from a sequence or identity (bigserial ids): storage order only, different after
 * any rebuild by design, so they take no part in the comparison.
 */
async function surrogateColumns(dataSource: DataSource, schema: string, table: string): Promise<string[]> {
  const rows = await dataSource.query<{ column_name: string }[]>(
    `SELECT column_name FROM information_schema.columns
     WHERE table_schema = $1 AND table_name = $2 AND (column_default LIKE 'nextval(%' OR is_identity = 'YES')
     ORDER BY column_name`,
    [schema, table],
  );
  return rows.map((row) => row.column_name);
}

/**
 * One merchant's rows ($2: every read-model table carries tenant_id) as jsonb without the surrogate
 * columns ($1); a row's text is its identity for hash and diff.
 */
const rowsOf = (qualified: string): string => `SELECT to_jsonb(t) - $1::text[] AS r FROM ${qualified} t WHERE t.tenant_id = $2`;

async function tableHash(dataSource: DataSource, qualified: string, surrogates: string[], merchant: string): Promise<{ rows: number; hash: string }> {
  const [row] = await dataSource.query<{ rows: number; hash: string }[]>(
    `SELECT count(*)::int AS rows, md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), '')) AS hash FROM (${rowsOf(qualified)}) s`,
    [surrogates, merchant],
  );
  return row;
}

async function onlyIn(dataSource: DataSource, mine: string, theirs: string, surrogates: string[], merchant: string): Promise<{ sample: Record<string, string | null>[]; total: number }> {
  const difference = `(${rowsOf(mine)}) EXCEPT ALL (${rowsOf(theirs)})`;
  const [{ total }] = await dataSource.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM (${difference}) d`, [surrogates, merchant]);
  // Every value as text: bigint amounts must not pass through a JS number on the way to the report.
  const sample = await dataSource.query<{ r: Record<string, string | null> }[]>(
    `SELECT (SELECT jsonb_object_agg(key, value #>> '{}') FROM jsonb_each(r)) AS r FROM (${difference}) d ORDER BY r::text LIMIT ${MAX_DIFFERING_ROWS}`,
    [surrogates, merchant],
  );
  return { sample: sample.map((row) => row.r), total };
}

/** One merchant's rows of the replayed table against the snapshot of the live one, both inside the scratch schema. */
export async function compareTable(dataSource: DataSource, schema: string, projection: string, table: string, merchant: string): Promise<TableComparison> {
  assertSchemaName(schema);
  const replay = `"${schema}"."${table}"`;
  const live = `"${schema}"."${liveCopyName(table)}"`;
  const surrogates = await surrogateColumns(dataSource, schema, table);
  const [replayHash, liveHash] = await Promise.all([tableHash(dataSource, replay, surrogates, merchant), tableHash(dataSource, live, surrogates, merchant)]);
  const equal = replayHash.hash === liveHash.hash && replayHash.rows === liveHash.rows;
  let differingRows: DifferingRow[] = [];
  let notShown = 0;
  if (!equal) {
    const [liveOnly, replayOnly] = await Promise.all([onlyIn(dataSource, live, replay, surrogates, merchant), onlyIn(dataSource, replay, live, surrogates, merchant)]);
    differingRows = [
      ...liveOnly.sample.map((row): DifferingRow => ({ side: 'live_only', row })),
      ...replayOnly.sample.map((row): DifferingRow => ({ side: 'replay_only', row })),
    ];
    notShown = liveOnly.total + replayOnly.total - differingRows.length;
  }
  return {
    table,
    projection,
    liveRows: liveHash.rows,
    replayRows: replayHash.rows,
    liveHash: liveHash.hash,
    replayHash: replayHash.hash,
    equal,
    differingRows,
    differingRowsNotShown: notShown,
  };
}
