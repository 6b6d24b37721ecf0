import { CreateEventsTable1732200000000 } from './create-events-table.migration';

/** Pass to openDatabase(url, migrations) alongside the read models' migrations. */
export const POSTGRES_EVENT_STORE_MIGRATIONS = [CreateEventsTable1732200000000] as const;
