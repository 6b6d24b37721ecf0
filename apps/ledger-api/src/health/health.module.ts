import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EventStore } from '@kassa/event-store';
import { BackgroundWork, CONFIG, DATABASE, type DatabaseHandle, FinanceServicesModule } from '@kassa/infrastructure';
import { EVENT_STORE } from '@kassa/ledger';
import type { Config } from '@kassa/platform';
import { VerifyRunsRepository } from '@kassa/read-models';
import { DatabaseLiveness } from './database-liveness';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { READINESS_CHECKS } from './readiness';
import { readinessChecks } from './readiness-checks';

/** Liveness, readiness (database, event store, subscriptions, last verify) and Prometheus metrics. */
@Module({
  imports: [FinanceServicesModule],
  controllers: [HealthController, MetricsController],
  providers: [
    { provide: DatabaseLiveness, inject: [DATABASE], useFactory: (database: DatabaseHandle) => new DatabaseLiveness(database.supervisor) },
    {
      provide: READINESS_CHECKS,
      inject: [CONFIG, DataSource, EVENT_STORE, BackgroundWork, VerifyRunsRepository],
      useFactory: (config: Config, dataSource: DataSource, store: EventStore, background: BackgroundWork, verifyRuns: VerifyRunsRepository) =>
        readinessChecks({ config, dataSource, store, background, verifyRuns }),
    },
  ],
})
export class HealthModule {}
