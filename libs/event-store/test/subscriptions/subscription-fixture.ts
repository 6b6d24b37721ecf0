import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { openDatabase, type MigrationClass } from '../../../platform/src/database/data-source';
import { createTestDatabase } from '../../../../test/support/test-database';
import { PostgresEventStore, POSTGRES_EVENT_STORE_MIGRATIONS } from '../../src/postgres';
import { SUBSCRIPTION_MIGRATIONS } from '../../src/subscriptions';
import type { WorkerTimings } from '../../src/subscriptions/subscription-worker';

/** Short waits so takeovers and restarts happen within a test's patience. */
export const FAST_TIMINGS: Partial<WorkerTimings> = {
  lockRetryMs: 50,
  healthCheckMs: 50,
  restartDelay: { baseDelayMs: 10, maxDelayMs: 100 },
};

export interface SubscriptionFixture {
  readonly url: string;
  readonly dataSource: DataSource;
  readonly store: PostgresEventStore;
  /** Another DataSource on the same database: a second process's connections. */
  openDataSource(): Promise<DataSource>;
  close(): Promise<void>;
}

/** A fresh database with the event store and subscription tables, plus `extraMigrations` (read models). */
export async function openSubscriptionFixture(prefix: string, extraMigrations: readonly MigrationClass[] = []): Promise<SubscriptionFixture> {
  const db = await createTestDatabase(prefix);
  const migrations = [...POSTGRES_EVENT_STORE_MIGRATIONS, ...SUBSCRIPTION_MIGRATIONS, ...extraMigrations];
  const dataSource = await openDatabase(db.url, migrations);
  const pool = new Pool({ connectionString: db.url, max: 12 });
  // The test database is dropped WITH (FORCE) at the end: a connection killed then must not crash the file.
  pool.on('error', () => undefined);
  const store = new PostgresEventStore(pool, { pollIntervalMs: 50 });
  const extra: DataSource[] = [];
  return {
    url: db.url,
    dataSource,
    store,
    openDataSource: async () => {
      const another = await openDatabase(db.url, migrations);
      extra.push(another);
      return another;
    },
    close: async () => {
      await store.close();
      await pool.end();
      for (const ds of [dataSource, ...extra]) if (ds.isInitialized) await ds.destroy();
      await db.drop();
    },
  };
}
