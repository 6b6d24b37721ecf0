import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import type { Request } from 'express';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { CONFIG, LOGGER } from '@kassa/infrastructure';
import { type Config, IdempotencyStore, scrubbedError } from '@kassa/platform';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { ApiKeyRegistry } from '../auth/api-key-registry';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { IdempotencyPurgeSchedule } from '../idempotency/idempotency-purge.provider';
import { requestLogLevel } from '../observability/request-log-level';
import { HttpEdgeModule } from './http-edge.module';
import { ProblemDetailsFilter } from './problem-details.filter';
import { createValidationPipe } from './validation';

/**
 * A request in the logs: no headers (credentials live there), no body, and its path without the
 * query string (queries carry labels, transaction numbers and, from careless clients, keys).
 */
function describeRequest(request: Request & { id?: unknown }) {
  const url = request.originalUrl ?? request.url ?? '';
  const query = url.indexOf('?');
  return { id: request.id, method: request.method, url: query === -1 ? url : url.slice(0, query), remoteAddress: request.socket?.remoteAddress };
}

/**
 * What every endpoint shares: request logs, the HTTP edge (body limits, input rules), API-key authentication, problem+json errors, DTO
 * validation, and the Idempotency-Key store the feature modules' creating POSTs use.
 */
@Global()
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [LOGGER, CONFIG],
      useFactory: (logger: Logger, config: Config) => ({
        pinoHttp: {
          // Bindings are serialized when a request's logger is made, for every request, logged or
          // not: the tenant is bound once, and a request is described by what an operator needs.
          logger: logger.child({ tenant: config.tenantId }),
          autoLogging: { ignore: (request) => ['/health', '/ready', '/metrics'].includes(request.url ?? '') },
          customLogLevel: requestLogLevel,
          // A 5xx is logged by the error filter with its real error; this line only says how the request ended.
          customErrorMessage: () => 'request completed',
          customErrorObject: (_request, _response, _error, loggable: Record<string, unknown>) => ({ ...loggable, err: undefined }),
          wrapSerializers: false,
          serializers: { req: describeRequest, res: (response: { statusCode?: number }) => ({ statusCode: response.statusCode }), err: scrubbedError },
        },
      }),
    }),
    // After the logger: the edge's refusals are logged like any other answer.
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
