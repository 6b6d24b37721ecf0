import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { BackgroundWorkModule, InfrastructureModule, type InfrastructureOptions } from '@kassa/infrastructure';
import { OperationsAdminModule } from './admin/operations-admin.module';
import { CatalogueModule } from './catalogue/catalogue.module';
import { ConsoleModule } from './console/console.module';
import { DepositsModule } from './deposits/deposits.module';
import { EventsModule } from './events/events.module';
import { FinanceModule } from './finance/finance.module';
import { HealthModule } from './health/health.module';
import { HttpModule } from './http/http.module';
import { MerchantsModule } from './merchants/merchants.module';
import { PlayersModule } from './players/players.module';
import { PostbacksModule } from './postback/postbacks.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { SuspenseModule } from './suspense/suspense.module';
import { WithdrawalsModule } from './withdrawals/withdrawals.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { WithdrawalsAdminModule } from './withdrawals-admin/withdrawals-admin.module';

/** The HTTP service: the shared infrastructure and background work, then one module per feature. */
@Module({})
export class AppModule {
  static register(infrastructure: InfrastructureOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.forRoot(infrastructure),
        BackgroundWorkModule.forRoot({ startOnBootstrap: true }),
        CqrsModule.forRoot(),
        // Before HttpModule: its guard counts a request before the API-key guard can refuse it.
        RateLimitModule,
        HttpModule,
        HealthModule,
        CatalogueModule,
        MerchantsModule,
        DepositsModule,
        WithdrawalsModule,
        WithdrawalsAdminModule,
        PostbacksModule,
        PlayersModule,
        FinanceModule,
        SuspenseModule,
        WebhooksModule,
        EventsModule,
        ConsoleModule,
        OperationsAdminModule,
      ],
    };
  }
}
