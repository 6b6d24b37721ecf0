import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { CONFIG, LOGGER } from '@kassa/infrastructure';
import { type Config, IdempotencyStore } from '@kassa/platform';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { ApiKeyRegistry } from '../auth/api-key-registry';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { IdempotencyPurgeSchedule } from '../idempotency/idempotency-purge.provider';
import { HttpEdgeModule } from './http-edge.module';
import { ProblemDetailsFilter } from './problem-details.filter';
import { createValidationPipe } from './validation';

/**
 * What every endpoint shares: Nest's logger, the parser refusals answered as problem+json, API-key authentication, problem+json errors,
 * DTO validation, and the Idempotency-Key store the feature modules' creating POSTs use. The request lines and the edge's checks
 * (body limits, input rules) are plain middleware mounted by startServer (server.ts).
 */
@Global()
@Module({
  imports: [
    // Nest's own logger (the framework's lines, the filter's, the postback service's) writes through
    // the service's pino logger. The request lines are written by requestLogMiddleware (server.ts):
    // no route gets nestjs-pino's per-request middleware.
    LoggerModule.forRootAsync({ inject: [LOGGER], useFactory: (logger: Logger) => ({ pinoHttp: { logger }, forRoutes: [] }) }),
    HttpEdgeModule,
  ],
  providers: [
    { provide: ApiKeyRegistry, inject: [CONFIG], useFactory: (config: Config) => new ApiKeyRegistry(config.apiKeys) },
    {
      provide: IdempotencyStore,
      inject: [DataSource, CONFIG],
      useFactory: (dataSource: DataSource, config: Config) => new IdempotencyStore(dataSource, config.idempotencyLeaseMs),
    },
    IdempotencyInterceptor,
    IdempotencyPurgeSchedule,
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
  ],
  exports: [ApiKeyRegistry, IdempotencyStore, IdempotencyInterceptor],
})
export class HttpModule {}
