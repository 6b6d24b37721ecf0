import type { Logger } from 'pino';
import type { IdempotencyStore } from '@kassa/platform';

export interface PurgeSchedule {
  /** Time between purges; the first runs at start. */
  readonly intervalMs: number;
  /** Rows per DELETE statement. */
  readonly batchSize: number;
  /** Statements per purge at most, so one run never monopolises the database. */
  readonly maxBatches: number;
}

export const DEFAULT_PURGE_SCHEDULE: PurgeSchedule = { intervalMs: 10 * 60_000, batchSize: 1_000, maxBatches: 100 };

/**
 * Removes idempotency keys past their retention: once at start, then on a timer. A purge deletes in
 * bounded batches; whatever one run leaves (more than maxBatches × batchSize) the next one takes.
 * With several service processes each purges; the deletes are idempotent, so that is only repetition.
 */
export class IdempotencyPurger {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly store: IdempotencyStore,
    private readonly logger: Pick<Logger, 'warn' | 'info'>,
    private readonly schedule: PurgeSchedule = DEFAULT_PURGE_SCHEDULE,
  ) {}

  start(): void {
    if (this.timer) return;
    void this.purgeNow();
    this.timer = setInterval(() => void this.purgeNow(), this.schedule.intervalMs);
    this.timer.unref();
  }

  /** One purge (joins a running one); resolves with the number of keys removed, never rejects. */
  purgeNow(): Promise<number> {
    this.running ??= this.purge().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async purge(): Promise<number> {
    let removed = 0;
    try {
      for (let batch = 0; batch < this.schedule.maxBatches; batch += 1) {
        const count = await this.store.purgeExpiredBatch(this.schedule.batchSize);
        removed += count;
        if (count < this.schedule.batchSize) break;
      }
      if (removed > 0) this.logger.info({ removed }, 'expired idempotency keys purged');
    } catch (error) {
      this.logger.warn({ reason: (error as Error).message }, 'idempotency key purge failed; the next run tries again');
    }
    return removed;
  }
}
