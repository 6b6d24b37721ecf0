import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Runtime } from '../runtime/runtime';
import { IdempotencyPurger } from './idempotency-purger';
import { IdempotencyStore } from './idempotency.store';

/** Runs the idempotency key purge for as long as the service runs (started with the app, stopped before the database). */
@Injectable()
export class IdempotencyPurgeSchedule implements OnApplicationBootstrap, OnModuleDestroy {
  readonly purger: IdempotencyPurger;

  constructor(runtime: Runtime) {
    this.purger = new IdempotencyPurger(new IdempotencyStore(runtime.dataSource, runtime.config.idempotencyLeaseMs), runtime.logger.child({ component: 'idempotency' }));
  }

  onApplicationBootstrap(): void {
    this.purger.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.purger.stop();
  }
}
