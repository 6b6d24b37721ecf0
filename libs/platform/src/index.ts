export * from './database/data-source';
export * from './database/embedded-postgres';
