export * from './eventstoredb-event-store';
export { connectEventStoreDb, type EsdbClient, type EsdbCatchUpSubscription } from './esdb-client';
export type { EsdbSubscriptionSettings } from './esdb-subscription';
export { ESDB_MAX_READ_COUNT, ESDB_MAX_EVENTS_PER_APPEND } from './esdb-limits';
