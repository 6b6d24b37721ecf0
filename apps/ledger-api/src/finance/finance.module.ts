import { Module } from '@nestjs/common';
import { FinanceServicesModule } from '@kassa/infrastructure';
import { AuditController } from './audit.controller';
import { ReconciliationController } from './reconciliation.controller';
import { ReportsController } from './reports.controller';

/** Finance over HTTP: audit trails, reports, statement reconciliation (the services are shared with the CLI). */
@Module({
  imports: [FinanceServicesModule],
  controllers: [AuditController, ReportsController, ReconciliationController],
})
export class FinanceModule {}
