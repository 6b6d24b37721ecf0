export * from './migrations';
export * from './create-events-table.migration';
export { EVENTS_NOTIFY_CHANNEL } from './postgres-event-store.sql';
export * from './postgres-event-store';
