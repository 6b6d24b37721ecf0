import { Module } from '@nestjs/common';
import { FinanceServicesModule, queryProvider } from '@kassa/infrastructure';
import { BalanceTotalsQueries, LookupQueries } from '@kassa/read-models';
import { AuditController } from './audit.controller';
import { BalanceTotalsController } from './balance-totals.controller';
import { LookupController } from './lookup.controller';
import { ReconciliationController } from './reconciliation.controller';
import { ReportsController } from './reports.controller';

/** Finance over HTTP: audit trails, reports, balance totals, lookup, statement reconciliation (the services are shared with the CLI). */
@Module({
  imports: [FinanceServicesModule],
  controllers: [AuditController, ReportsController, ReconciliationController, BalanceTotalsController, LookupController],
  providers: [queryProvider(BalanceTotalsQueries), queryProvider(LookupQueries)],
})
export class FinanceModule {}
