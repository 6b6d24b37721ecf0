export * from './database/embedded-postgres';
