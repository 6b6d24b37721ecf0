import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '@kassa/infrastructure';
import { IdempotencyStore } from '@kassa/platform';
import { IdempotencyPurger } from './idempotency-purger';

/** Runs the idempotency key purge for as long as the service runs (started with the app, stopped before the database). */
@Injectable()
export class IdempotencyPurgeSchedule implements OnApplicationBootstrap, OnModuleDestroy {
  readonly purger: IdempotencyPurger;

  constructor(store: IdempotencyStore, @Inject(LOGGER) logger: Logger) {
    this.purger = new IdempotencyPurger(store, logger.child({ component: 'idempotency' }));
  }

  onApplicationBootstrap(): void {
    this.purger.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.purger.stop();
  }
}
