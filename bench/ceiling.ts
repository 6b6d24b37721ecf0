import { Pool } from 'pg';
import { runPool } from './support/run-pool';
import { nowMs, perSecond } from './support/stats';

/** Raw PostgreSQL on the same server: what durable commits cost before any code of ours runs. */
export interface CeilingResult {
  readonly singleConnection: { readonly rows: number; readonly rowsPerSecond: number };
  readonly connections32: { readonly rows: number; readonly rowsPerSecond: number };
  readonly batches100: { readonly rows: number; readonly rowsPerSecond: number; readonly batchesPerSecond: number };
}

const PAYLOAD = 'x'.repeat(100);

async function inserts(pool: Pool, rows: number, concurrency: number, firstId: number): Promise<number> {
  const started = nowMs();
  await runPool(rows, concurrency, async (i) => {
    await pool.query('INSERT INTO ceiling (id, payload) VALUES ($1, $2)', [firstId + i, PAYLOAD]);
  });
  return perSecond(rows, nowMs() - started);
}

async function batches(pool: Pool, rows: number, concurrency: number, firstId: number): Promise<number> {
  const batchCount = Math.ceil(rows / 100);
  const started = nowMs();
  await runPool(batchCount, concurrency, async (b) => {
    const values: string[] = [];
    const params: unknown[] = [];
    for (let i = 0; i < 100; i++) {
      params.push(firstId + b * 100 + i, PAYLOAD);
      values.push(`($${params.length - 1}, $${params.length})`);
    }
    await pool.query(`INSERT INTO ceiling (id, payload) VALUES ${values.join(', ')}`, params);
  });
  return perSecond(batchCount * 100, nowMs() - started);
}

/**
 * Autocommit single-row inserts on 1 and on 32 connections, then 100-row multi-VALUES inserts on
 * 32 connections; every statement is its own durable commit (the server's defaults: fsync on,
 * synchronous_commit on).
 */
export async function measureCeiling(databaseUrl: string, rows: number): Promise<CeilingResult> {
  const pool = new Pool({ connectionString: databaseUrl, max: 32 });
  try {
    await pool.query('DROP TABLE IF EXISTS ceiling');
    await pool.query('CREATE TABLE ceiling (id bigint PRIMARY KEY, payload text NOT NULL)');
    await runPool(32, 32, async () => void (await pool.query('SELECT 1'))); // open every connection first
    const singleRows = Math.max(1, Math.floor(rows / 5));
    const single = await inserts(pool, singleRows, 1, 0);
    const many = await inserts(pool, rows, 32, 1_000_000);
    const batched = await batches(pool, rows * 5, 32, 10_000_000);
    return {
      singleConnection: { rows: singleRows, rowsPerSecond: single },
      connections32: { rows, rowsPerSecond: many },
      batches100: { rows: Math.ceil((rows * 5) / 100) * 100, rowsPerSecond: batched, batchesPerSecond: Math.round(batched / 100) },
    };
  } finally {
    await pool.query('DROP TABLE IF EXISTS ceiling').catch(() => undefined);
    await pool.end();
  }
}
