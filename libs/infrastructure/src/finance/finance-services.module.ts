import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EventStore } from '@kassa/event-store';
import { EVENT_STORE } from '@kassa/ledger';
import { WALLET_CATALOGUE } from '@kassa/paykassma';
import type { Config } from '@kassa/platform';
import { AuditTrailQueries, ExceptionsReportQueries, SettlementQueries, VerifyRunsRepository } from '@kassa/read-models';
import { queryProvider } from '../query-provider';
import { ImportStatementFileHandler } from './import-statement-file.handler';
import { StatementImports } from './statement-imports';
import { CONFIG } from '../tokens';

/**
 * Finance's work on the read models, shared by the API's finance endpoints and the CLI: audit
 * trails, settlement and exceptions reports, statement reconciliation, and the verify runs.
 */
@Module({
  providers: [
    queryProvider(SettlementQueries),
    queryProvider(ExceptionsReportQueries),
    queryProvider(VerifyRunsRepository),
    {
      provide: AuditTrailQueries,
      inject: [EVENT_STORE, DataSource],
      useFactory: (store: EventStore, dataSource: DataSource) =>
        new AuditTrailQueries(store, dataSource, [...new Set(WALLET_CATALOGUE.map((entry) => entry.currency))]),
    },
    {
      provide: StatementImports,
      inject: [DataSource, CONFIG],
      useFactory: (dataSource: DataSource, config: Config) => new StatementImports(dataSource, config),
    },
    ImportStatementFileHandler,
  ],
  exports: [SettlementQueries, ExceptionsReportQueries, VerifyRunsRepository, AuditTrailQueries, StatementImports],
})
export class FinanceServicesModule {}
