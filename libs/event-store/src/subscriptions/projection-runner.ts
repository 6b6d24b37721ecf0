import type { DataSource, EntityManager } from 'typeorm';
import type { EventStore, RecordedEvent } from '../event-store.port';
import { describeSubscription, waitUntilCaughtUp, type SubscriptionStatus } from './catch-up';
import { advanceCheckpoint, resetCheckpoint } from './checkpoints';
import type { ConsumerSession } from './consumer-session';
import { lockConnectionsFrom, type LockConnectionFactory } from './leader-lock';
import type { Projection } from './projection';
import type { RunnerLog } from './runner-log';
import { DEFAULT_WORKER_TIMINGS, SubscriptionWorker, type WorkerTimings } from './subscription-worker';

export interface ProjectionRunnerOptions {
  readonly dataSource: DataSource;
  readonly store: EventStore;
  readonly projections: readonly Projection[];
  readonly timings?: Partial<WorkerTimings>;
  /** Where advisory locks live; defaults to new connections made from the DataSource's options. */
  readonly lockConnections?: LockConnectionFactory;
  /** Where a stalled projection is reported (warn); silent when absent. */
  readonly log?: RunnerLog;
}

export interface RebuildOptions {
  /** How long to wait for the replay to reach the head. */
  readonly timeoutMs?: number;
}

const DEFAULT_REBUILD_TIMEOUT_MS = 10 * 60_000;

/**
 * The most events in one projection batch. Only a projection that is behind (a rebuild, a restart)
 * gets full batches; live ones hold what has just been committed. Larger than the workers' default:
 * each batch costs a transaction, a checkpoint update, a read and the loads of its rows whatever its
 * size, and the read models write a whole batch in one statement each.
 */
const DEFAULT_PROJECTION_BATCH_SIZE = 1_000;

/** Runs each projection as a single active consumer (see SubscriptionWorker). */
export class ProjectionRunner {
  private readonly workers = new Map<string, SubscriptionWorker>();
  private readonly projections = new Map<string, Projection>();

  constructor(private readonly options: ProjectionRunnerOptions) {
    const timings = { ...DEFAULT_WORKER_TIMINGS, maxBatchSize: DEFAULT_PROJECTION_BATCH_SIZE, ...options.timings };
    const lockConnections = options.lockConnections ?? lockConnectionsFrom(options.dataSource);
    for (const projection of options.projections) {
      if (this.projections.has(projection.name)) throw new Error(`two projections are named ${projection.name}`);
      for (const table of projection.tables) assertTableName(table);
      this.projections.set(projection.name, projection);
      this.workers.set(
        projection.name,
        new SubscriptionWorker({
          name: projection.name,
          streamPrefixes: projection.streamPrefixes,
          dataSource: options.dataSource,
          store: options.store,
          lockConnections,
          timings,
          log: options.log,
          process: (events, session) => this.applyBatch(projection, events, session),
        }),
      );
    }
  }

  start(): void {
    for (const worker of this.workers.values()) worker.start();
  }

  /** Each projection finishes its in-flight batch (it commits), then its lock is freed. */
  async stop(): Promise<void> {
    await Promise.all([...this.workers.values()].map((worker) => worker.stop()));
  }

  async status(): Promise<SubscriptionStatus[]> {
    return Promise.all(
      [...this.projections.values()].map((projection) =>
        describeSubscription('projection', projection, this.worker(projection.name).state(), this.options.dataSource, this.options.store),
      ),
    );
  }

  /** Resolves when every projection's stored checkpoint has no wanted event after it. */
  async waitUntilCaughtUp(timeoutMs: number): Promise<void> {
    await waitUntilCaughtUp([...this.projections.values()], this.options.dataSource, this.options.store, timeoutMs);
  }

  /**
   * Empties the projection's tables and resets its checkpoint in one transaction, then waits until
   * the replay reaches the head; live processing continues after it.
   *
   * On the leader the subscription is paused around the reset (the lock stays held). Elsewhere
   * (a CLI while the service leads) the reset runs directly: the leader's next checkpoint
   * compare-and-set fails, or its health check sees the moved checkpoint, and it replays from START.
   */
  async rebuild(name: string, options: RebuildOptions = {}): Promise<void> {
    const projection = this.projection(name);
    const worker = this.worker(name);
    const reset = (): Promise<void> => this.options.dataSource.transaction((manager) => resetProjection(manager, projection));
    if (worker.state().role === 'leader') await worker.runExclusive(reset);
    else await reset();
    await waitUntilCaughtUp([projection], this.options.dataSource, this.options.store, options.timeoutMs ?? DEFAULT_REBUILD_TIMEOUT_MS);
  }

  private async applyBatch(projection: Projection, events: readonly RecordedEvent[], session: ConsumerSession): Promise<void> {
    const next = events[events.length - 1].position;
    await this.options.dataSource.transaction(async (manager) => {
      // First: the row lock fences a second consumer before any read-model write.
      await advanceCheckpoint(manager, projection.name, session.checkpoint, next);
      await projection.apply(events, manager);
    });
    session.committed(next);
  }

  private projection(name: string): Projection {
    const projection = this.projections.get(name);
    if (!projection) throw new Error(`no projection named ${name}`);
    return projection;
  }

  private worker(name: string): SubscriptionWorker {
    const worker = this.workers.get(name);
    if (!worker) throw new Error(`no projection named ${name}`);
    return worker;
  }
}

/** Checkpoint first (same lock order as a batch, so the two cannot deadlock), then the tables. */
export async function resetProjection(manager: EntityManager, projection: Projection): Promise<void> {
  await resetCheckpoint(manager, projection.name);
  if (projection.tables.length > 0) {
    await manager.query(`TRUNCATE ${projection.tables.map(quoteTableName).join(', ')} RESTART IDENTITY`);
  }
}

const TABLE_NAME = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;

function assertTableName(table: string): void {
  if (!TABLE_NAME.test(table)) throw new Error(`projection table name ${table} must be a plain (schema.)identifier`);
}

function quoteTableName(table: string): string {
  return table
    .split('.')
    .map((part) => `"${part}"`)
    .join('.');
}
