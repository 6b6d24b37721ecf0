import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { PostgresEventStore, POSTGRES_EVENT_STORE_MIGRATIONS, ProjectionRunner, SUBSCRIPTION_MIGRATIONS } from '@kassa/event-store';
import { openDatabase } from '@kassa/platform';
import { createTestDatabase } from '../../../../test/support/test-database';
import { READ_MODEL_MIGRATIONS } from '../migrations';
import { READ_MODEL_PROJECTIONS } from '../projections';
import type { Projection } from '../shared/projection';

/** Test-only: a fresh database with events, checkpoints and every read model, and a runner for them. */
export interface ReadModelFixture {
  readonly dataSource: DataSource;
  readonly store: PostgresEventStore;
  readonly runner: ProjectionRunner;
  /** Waits until every projection has applied every event; a projection stuck on an error fails with it. */
  caughtUp(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const FAST_TIMINGS = { lockRetryMs: 50, healthCheckMs: 50, restartDelay: { baseDelayMs: 10, maxDelayMs: 200 } };

export async function openReadModelFixture(
  prefix: string,
  options: { readonly maxBatchSize?: number; readonly projections?: readonly Projection[] } = {},
): Promise<ReadModelFixture> {
  const db = await createTestDatabase(prefix);
  const migrations = [...POSTGRES_EVENT_STORE_MIGRATIONS, ...SUBSCRIPTION_MIGRATIONS, ...READ_MODEL_MIGRATIONS];
  const dataSource = await openDatabase(db.url, migrations);
  const pool = new Pool({ connectionString: db.url, max: 8 });
  // The test database is dropped WITH (FORCE) at the end: a connection killed then must not crash the file.
  pool.on('error', () => undefined);
  const store = new PostgresEventStore(pool, { pollIntervalMs: 20 });
  const runner = new ProjectionRunner({
    dataSource,
    store,
    projections: options.projections ?? READ_MODEL_PROJECTIONS,
    timings: { ...FAST_TIMINGS, maxBatchSize: options.maxBatchSize ?? 500 },
  });
  runner.start();
  return {
    dataSource,
    store,
    runner,
    caughtUp: async (timeoutMs = 20_000) => {
      try {
        await runner.waitUntilCaughtUp(timeoutMs);
      } catch (error) {
        const errors = (await runner.status()).filter((s) => s.lastError !== undefined).map((s) => `${s.name}: ${s.lastError}`);
        throw new Error(`${String(error)}${errors.length > 0 ? `\n${errors.join('\n')}` : ''}`);
      }
    },
    close: async () => {
      await runner.stop();
      await store.close();
      await pool.end();
      if (dataSource.isInitialized) await dataSource.destroy();
      await db.drop();
    },
  };
}
