import { Pool } from 'pg';
import { POSTGRES_EVENT_STORE_MIGRATIONS, PostgresEventStore } from '@kassa/event-store';
import { openDatabase } from '@kassa/platform';
import { createTestDatabase } from '../../../../test/support/test-database';

export interface TwoProcessStores {
  /** The store whose remembered state a test exercises. */
  readonly here: PostgresEventStore;
  /** A second store on the same database: another process, which writes without `here` remembering it. */
  readonly elsewhere: PostgresEventStore;
  close(): Promise<void>;
}

/** Two event stores on one fresh database, standing for two processes: each remembers only what it did itself. */
export async function openTwoProcessStores(name: string, poolSize: number): Promise<TwoProcessStores> {
  const database = await createTestDatabase(name);
  await (await openDatabase(database.url, POSTGRES_EVENT_STORE_MIGRATIONS)).destroy();
  const pool = new Pool({ connectionString: database.url, max: poolSize });
  const here = new PostgresEventStore(pool);
  const elsewhere = new PostgresEventStore(pool);
  return {
    here,
    elsewhere,
    close: async () => {
      await here.close();
      await elsewhere.close();
      await pool.end();
      await database.drop();
    },
  };
}
