// The Nest modules the API and the CLI both build: infrastructure, background work, finance services.
export { CONFIG, DATABASE, EVENT_POOL, LOGGER } from './tokens';
export { OpenResources } from './open-resources';
export { InfrastructureModule, type InfrastructureOptions } from './infrastructure.module';
export { type DatabaseHandle } from './database/database';
export { ALL_MIGRATIONS } from './database/migrations';
export { providerBaseUrl, sandboxPath } from './provider-settings';
export { queryProvider } from './query-provider';
export { BackgroundWork, type BackgroundWorkOptions } from './background/background-work';
export { BackgroundWorkModule, PROCESS_MANAGERS } from './background/background-work.module';
export { FinanceServicesModule } from './finance/finance-services.module';
export { ImportStatementFileCommand } from './finance/import-statement-file.handler';
