import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { ApiKeyGuard } from './auth/api-key.guard';
import { ApiKeyRegistry } from './auth/api-key-registry';
import { HealthController } from './health/health.controller';
import { MetricsController } from './health/metrics.controller';
import { READINESS_CHECKS, type ReadinessCheck } from './health/readiness';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { Runtime } from './runtime/runtime';

@Module({})
export class AppModule {
  static register(runtime: Runtime): DynamicModule {
    const readiness: ReadinessCheck[] = [
      { name: 'database', check: async () => (await runtime.dataSource.query('SELECT 1 AS ok'), {}) },
    ];
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            logger: runtime.logger,
            autoLogging: { ignore: (request) => ['/health', '/ready', '/metrics'].includes(request.url ?? '') },
            customProps: () => ({ tenant: runtime.config.tenantId }),
          },
        }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: Runtime, useValue: runtime },
        { provide: ApiKeyRegistry, useValue: new ApiKeyRegistry(runtime.config.apiKeys) },
        { provide: READINESS_CHECKS, useValue: readiness },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}
