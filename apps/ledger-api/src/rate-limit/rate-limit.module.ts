import { type ExecutionContext, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Request } from 'express';
import { CONFIG } from '@kassa/infrastructure';
import type { Config } from '@kassa/platform';
import { API_THROTTLER, isPostbackPath, POSTBACK_THROTTLER, RateLimitGuard } from './rate-limit.guard';

const MINUTE_MS = 60_000;
const pathOf = (context: ExecutionContext) => context.switchToHttp().getRequest<Request>().path;

/** RATE_LIMIT_PER_MINUTE on every Nest route but the probes: per API key on the API, per address on the postback path. */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [CONFIG],
      useFactory: (config: Config) => ({
        throttlers: [
          {
            name: API_THROTTLER,
            ttl: MINUTE_MS,
            limit: config.rateLimits.perApiKeyPerMinute,
            // The probes are skipped by the guard itself (RateLimitGuard.shouldSkip).
            skipIf: (context) => isPostbackPath(pathOf(context)),
          },
          {
            name: POSTBACK_THROTTLER,
            ttl: MINUTE_MS,
            limit: config.rateLimits.postbackPerAddressPerMinute,
            skipIf: (context) => !isPostbackPath(pathOf(context)),
          },
        ],
        // Retry-After is set by the guard; no X-RateLimit-* headers named after the windows.
        setHeaders: false,
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class RateLimitModule {}
