import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/scopes.decorator';
import { DatabaseLiveness } from './database-liveness';
import { READINESS_CHECKS, type ReadinessCheck } from './readiness';

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref()),
  ]);
}

/** Liveness says the process answers; readiness says it can do its work (database, events, projections). */
@ApiExcludeController()
@Public()
@Controller()
export class HealthController {
  constructor(
    @Inject(READINESS_CHECKS) private readonly checks: readonly ReadinessCheck[],
    private readonly liveness: DatabaseLiveness,
  ) {}

  @Get('health')
  health(@Res({ passthrough: true }) response: Response) {
    const liveness = this.liveness.check();
    if (liveness.alive) return { status: 'ok' };
    response.status(503);
    return { status: 'down', reason: liveness.reason };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) response: Response) {
    const results = await Promise.all(
      this.checks.map(async (check) => {
        try {
          return [check.name, { status: 'up', ...(await withTimeout(check.check(), CHECK_TIMEOUT_MS)) }] as const;
        } catch (error) {
          return [check.name, { status: 'down', reason: (error as Error).message }] as const;
        }
      }),
    );
    const ready = results.every(([, result]) => result.status === 'up');
    response.status(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'not_ready', checks: Object.fromEntries(results) };
  }
}
