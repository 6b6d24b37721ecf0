import type { Pool } from 'pg';
import { type EventStore, EventStoreDbEventStore, PostgresEventStore } from '@kassa/event-store';
import type { Config } from '@kassa/platform';

/** EVENT_STORE=postgres (the embedded default) or eventstoredb (production). */
export async function openEventStore(config: Config, pool: Pool): Promise<EventStore> {
  if (config.eventStore === 'postgres') return new PostgresEventStore(pool);
  if (!config.eventStoreConnectionString) throw new Error('EVENTSTORE_CONNECTION_STRING is required when EVENT_STORE=eventstoredb');
  return EventStoreDbEventStore.connect(config.eventStoreConnectionString);
}
