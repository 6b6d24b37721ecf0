import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { Request } from 'express';
import { LoggerModule } from 'nestjs-pino';
import { stdSerializers } from 'pino';
import { OpenDepositHandler, RequestWithdrawalHandler, SubmitActivationHandler } from '@kassa/ledger';
import { ApiKeyGuard } from './auth/api-key.guard';
import { ApiKeyRegistry } from './auth/api-key-registry';
import { WalletTypesController } from './catalogue/wallet-types.controller';
import { ConsoleModule } from './console/console.module';
import { DepositsController } from './deposits/deposits.controller';
import { AuditController } from './finance/audit.controller';
import { BalanceTotalsController } from './finance/balance-totals.controller';
import { LookupController } from './finance/lookup.controller';
import { ReconciliationController } from './finance/reconciliation.controller';
import { ReportsController } from './finance/reports.controller';
import { HealthController } from './health/health.controller';
import { MetricsController } from './health/metrics.controller';
import { DatabaseLiveness } from './health/database-liveness';
import { READINESS_CHECKS } from './health/readiness';
import { readinessChecks } from './health/readiness-checks';
import { HttpEdgeModule } from './http/http-edge.module';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { createValidationPipe } from './http/validation';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyPurgeSchedule } from './idempotency/idempotency-purge.provider';
import { PlayersController } from './players/players.controller';
import { PostbackController } from './postback/postback.controller';
import { PostbackService } from './postback/postback.service';
import { WithdrawalPostbackApplier } from './postback/withdrawal-postback.applier';
import { ledgerProviders } from './runtime/ledger.providers';
import { metricsProviders } from './observability/metrics.providers';
import { requestLogLevel } from './observability/request-log-level';
import { WithdrawalsController } from './withdrawals/withdrawals.controller';
import { withdrawalSubmissionProviders } from './withdrawals-admin/withdrawal-submission.providers';
import { WithdrawalsAdminController } from './withdrawals-admin/withdrawals-admin.controller';
import { Runtime } from './runtime/runtime';

/** A request in the logs: no headers (credentials live there) and no body. */
function describeRequest(request: Request & { id?: unknown }) {
  return { id: request.id, method: request.method, url: request.originalUrl ?? request.url, remoteAddress: request.socket?.remoteAddress };
}

@Module({})
export class AppModule {
  static register(runtime: Runtime, port: number): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        ConsoleModule,
        LoggerModule.forRoot({
          pinoHttp: {
            // Bindings are serialized when a request's logger is made, for every request, logged or
            // not: the tenant is bound once, and a request is described by what an operator needs.
            logger: runtime.logger.child({ tenant: runtime.config.tenantId }),
            autoLogging: { ignore: (request) => ['/health', '/ready', '/metrics'].includes(request.url ?? '') },
            customLogLevel: requestLogLevel,
            // A 5xx is logged by the error filter with its real error; this line only says how the request ended.
            customErrorMessage: () => 'request completed',
            customErrorObject: (_request, _response, _error, loggable: Record<string, unknown>) => ({ ...loggable, err: undefined }),
            wrapSerializers: false,
            serializers: { req: describeRequest, res: (response: { statusCode?: number }) => ({ statusCode: response.statusCode }), err: stdSerializers.err },
          },
        }),
        HttpEdgeModule,
      ],
      controllers: [HealthController, MetricsController, WalletTypesController, DepositsController, WithdrawalsController, PlayersController, PostbackController,
        AuditController, ReportsController, ReconciliationController, BalanceTotalsController, LookupController, WithdrawalsAdminController],
      providers: [
        { provide: Runtime, useValue: runtime },
        ...metricsProviders(runtime),
        ...ledgerProviders(runtime, port),
        ...withdrawalSubmissionProviders(runtime),
        { provide: ApiKeyRegistry, useValue: new ApiKeyRegistry(runtime.config.apiKeys) },
        { provide: READINESS_CHECKS, useValue: readinessChecks(runtime) },
        { provide: DatabaseLiveness, useValue: new DatabaseLiveness(runtime.database.supervisor) },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        IdempotencyInterceptor,
        IdempotencyPurgeSchedule,
        OpenDepositHandler,
        SubmitActivationHandler,
        RequestWithdrawalHandler,
        PostbackService,
        WithdrawalPostbackApplier,
      ],
    };
  }
}
