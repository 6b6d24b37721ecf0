export * from './copy-events';
