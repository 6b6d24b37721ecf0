export * from './event-store.port';
export * from './event-id';
export * from './sequential-appends';
export * from './postgres';
export * from './subscriptions';
export * from './eventstoredb';
export * from './copy';
