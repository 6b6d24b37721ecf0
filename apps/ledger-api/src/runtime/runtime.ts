import type { Logger } from 'pino';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import {
  type EventStore,
  type ProcessManager,
  ProcessManagerRunner,
  ProjectionRunner,
  type SubscriptionStatus,
} from '@kassa/event-store';
import { type Config, openDatabase } from '@kassa/platform';
import { READ_MODEL_PROJECTIONS } from '@kassa/read-models';
import type { WithdrawalSubmitter } from '@kassa/ledger';
import { connectDatabase, type DatabaseHandle } from './database';
import { openEventStore } from './event-store.factory';
import { ALL_MIGRATIONS } from './migrations';

/**
 * The process's long-lived infrastructure, opened before Nest starts and closed after it stops:
 * the database (embedded or not), the TypeORM data source, the event store, and the runners of
 * projections and process managers.
 */
export class Runtime {
  private projectionRunner: ProjectionRunner | null = null;
  private processManagerRunner: ProcessManagerRunner | null = null;
  private submitter: WithdrawalSubmitter | null = null;

  private constructor(
    readonly config: Config,
    readonly logger: Logger,
    readonly database: DatabaseHandle,
    readonly dataSource: DataSource,
    /** The event store's own pool: appends are short and must not queue behind report queries. */
    readonly eventPool: Pool,
    readonly eventStore: EventStore,
  ) {}

  static async open(config: Config, logger: Logger): Promise<Runtime> {
    const database = await connectDatabase(config);
    let dataSource: DataSource | null = null;
    let eventPool: Pool | null = null;
    try {
      dataSource = await openDatabase(database.url, ALL_MIGRATIONS, { poolSize: 16 });
      eventPool = new Pool({ connectionString: database.url, max: 32 });
      // An idle pooled connection that the server drops (restart, failover) must not crash the process.
      // The reason only: pg's error carries the whole client (connection settings, statements) with it.
      eventPool.on('error', (error: Error & { code?: string }) => logger.warn({ reason: error.message, code: error.code }, 'event store connection lost; the pool reconnects'));
      const eventStore = await openEventStore(config, eventPool);
      return new Runtime(config, logger, database, dataSource, eventPool, eventStore);
    } catch (error) {
      await eventPool?.end();
      await dataSource?.destroy();
      await database.embedded?.stop();
      throw error;
    }
  }

  /** Projections and process managers: catch up from their checkpoints, then follow live. */
  startBackgroundWork(processManagers: readonly ProcessManager[], submitter: WithdrawalSubmitter | null = null): void {
    this.submitter = submitter;
    this.projectionRunner = new ProjectionRunner({ dataSource: this.dataSource, store: this.eventStore, projections: READ_MODEL_PROJECTIONS });
    this.processManagerRunner = new ProcessManagerRunner({
      dataSource: this.dataSource,
      store: this.eventStore,
      processManagers,
      log: this.logger,
    });
    this.projectionRunner.start();
    this.processManagerRunner.start();
    this.submitter?.start();
  }

  get projections(): ProjectionRunner {
    if (!this.projectionRunner) this.projectionRunner = new ProjectionRunner({ dataSource: this.dataSource, store: this.eventStore, projections: READ_MODEL_PROJECTIONS });
    return this.projectionRunner;
  }

  async subscriptionStatus(): Promise<SubscriptionStatus[]> {
    return [...(await this.projectionRunner?.status() ?? []), ...(await this.processManagerRunner?.status() ?? [])];
  }

  /** For tests and the CLI: resolves when every projection and process manager has caught up. */
  async waitUntilCaughtUp(timeoutMs: number): Promise<void> {
    await this.projectionRunner?.waitUntilCaughtUp(timeoutMs);
    await this.processManagerRunner?.waitUntilCaughtUp(timeoutMs);
    await this.projectionRunner?.waitUntilCaughtUp(timeoutMs);
  }

  /** Stops the runners at a checkpoint, closes connections, then stops the embedded PostgreSQL cleanly. */
  async close(): Promise<void> {
    await this.submitter?.stop();
    await this.processManagerRunner?.stop();
    await this.projectionRunner?.stop();
    await this.eventStore.close();
    await this.eventPool.end();
    await this.dataSource.destroy();
    await this.database.embedded?.stop();
  }
}
