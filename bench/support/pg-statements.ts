import { Client } from 'pg';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '@kassa/platform';

/**
 * Profiling aid (BENCH_PG_STATEMENTS=1): restarts the bench's embedded server with
 * pg_stat_statements preloaded, so a phase can report which statements the server spent its time on.
 */
export async function restartWithStatements(database: EmbeddedDatabase, dataDir: string): Promise<EmbeddedDatabase> {
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
    await client.query("ALTER SYSTEM SET pg_stat_statements.track = 'all'");
  } finally {
    await client.end();
  }
  await database.stop();
  return startEmbeddedPostgres(dataDir);
}

export interface StatementStat {
  readonly query: string;
  readonly calls: number;
  readonly totalMs: number;
  readonly meanMs: number;
  readonly rowsPerCall: number;
  readonly sharedBlocksPerCall: number;
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function resetStatements(url: string): Promise<void> {
  return withClient(url, async (client) => {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await client.query('SELECT pg_stat_statements_reset()');
  });
}

/** The statements with the most total execution time since the last reset. */
export function topStatements(url: string, limit = 15): Promise<StatementStat[]> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ query: string; calls: string; total: number; mean: number; rows: string; blocks: string }>(
      `SELECT regexp_replace(query, '\\s+', ' ', 'g') AS query, calls::text, total_exec_time AS total, mean_exec_time AS mean, rows::text,
              (shared_blks_hit + shared_blks_read)::text AS blocks
       FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({
      query: r.query.slice(0, 300),
      calls: Number(r.calls),
      totalMs: Math.round(r.total),
      meanMs: Math.round(r.mean * 1000) / 1000,
      rowsPerCall: Math.round((Number(r.rows) / Math.max(1, Number(r.calls))) * 10) / 10,
      sharedBlocksPerCall: Math.round(Number(r.blocks) / Math.max(1, Number(r.calls))),
    }));
  });
}

export interface StatementCount {
  /** Calls of every statement since the last reset (BEGIN and COMMIT included). */
  readonly calls: number;
  /** The statements called most often, with their calls. */
  readonly mostCalled: readonly { readonly query: string; readonly calls: number }[];
}

/** How many statements the server ran since the last reset, and which ones most often. */
export function countStatements(url: string, limit = 20): Promise<StatementCount> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ query: string; calls: string }>(
      `SELECT regexp_replace(query, '\\s+', ' ', 'g') AS query, calls::text FROM pg_stat_statements ORDER BY pg_stat_statements.calls DESC`,
    );
    const calls = rows.reduce((sum, row) => sum + Number(row.calls), 0);
    return { calls, mostCalled: rows.slice(0, limit).map((r) => ({ query: r.query.slice(0, 160), calls: Number(r.calls) })) };
  });
}
