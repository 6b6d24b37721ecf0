import { Pool } from 'pg';
import { openDatabase } from '../../platform/src/database/data-source';
import { createTestDatabase } from '../../../test/support/test-database';
import { POSTGRES_EVENT_STORE_MIGRATIONS, PostgresEventStore } from '../src/postgres';
import { describeEventStoreContract } from '../src/testing/event-store.contract';
import { SequentialEventStore } from '../src/testing/sequential-event-store';

describeEventStoreContract('postgres', async () => {
  const database = await createTestDatabase('event_store_contract');
  const dataSource = await openDatabase(database.url, POSTGRES_EVENT_STORE_MIGRATIONS);
  await dataSource.destroy(); // only for the migration: the store runs on its own pool
  const pool = new Pool({ connectionString: database.url, max: 20 });
  const store = new PostgresEventStore(pool);
  return {
    store,
    teardown: async () => {
      await store.close();
      await pool.end();
      await database.drop();
    },
  };
});

/** The same contract seen through appends one stream at a time: the fallback EventStoreDB takes. */
describeEventStoreContract('postgres, streams appended one by one', async () => {
  const database = await createTestDatabase('event_store_contract_sequential');
  const dataSource = await openDatabase(database.url, POSTGRES_EVENT_STORE_MIGRATIONS);
  await dataSource.destroy();
  const pool = new Pool({ connectionString: database.url, max: 20 });
  const store = new SequentialEventStore(new PostgresEventStore(pool));
  return {
    store,
    teardown: async () => {
      await store.close();
      await pool.end();
      await database.drop();
    },
  };
});
