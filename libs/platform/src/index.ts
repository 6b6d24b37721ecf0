export * from './config/api-keys';
export * from './config/config';
export * from './database/data-source';
export * from './database/embedded-postgres';
export * from './logging/logger';
export * from './database/grouped-writes';
export * from './idempotency/create-idempotency-table.migration';
export * from './idempotency/idempotency.store';
