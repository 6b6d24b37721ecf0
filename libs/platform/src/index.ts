export * from './config/api-keys';
export * from './config/config';
export * from './database/data-source';
export * from './database/embedded-postgres';
export * from './logging/logger';
export * from './logging/request-scope';
export * from './metrics/kassa-metrics';
export * from './database/grouped-writes';
