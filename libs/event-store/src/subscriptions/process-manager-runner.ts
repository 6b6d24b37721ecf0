import type { DataSource } from 'typeorm';
import { comparePositions, type EventStore, type RecordedEvent } from '../event-store.port';
import { retryDelayMs, sleep, type BackoffOptions } from './backoff';
import { describeSubscription, waitUntilCaughtUp, type SubscriptionStatus } from './catch-up';
import { advanceCheckpoint } from './checkpoints';
import type { ConsumerSession } from './consumer-session';
import { lockConnectionsFrom, type LockConnectionFactory } from './leader-lock';
import type { ProcessManager } from './process-manager';
import { clearAttempts, loadAttempts, recordDeadLetter, saveAttempts, type PendingAttempts } from './retry-bookkeeping';
import { DEFAULT_WORKER_TIMINGS, SubscriptionWorker, type WorkerTimings } from './subscription-worker';

/**
 * Retries happen in place: while one event is retried, later events for the same process manager
 * wait (their order matters to a saga). The worst stall per poisoned event is about
 * maxAttempts × maxDelayMs (plus handleTimeoutMs per attempt), so keep both modest; the defaults
 * stall at most ~15 s (200 + 400 + 800 + 1600 ms of delay over 5 attempts).
 */
export interface RetryOptions extends BackoffOptions {
  /** Attempts per event, the first included, before it is dead-lettered. */
  readonly maxAttempts: number;
  /** A handle call that takes longer counts as a failed attempt (it may still finish: handle is idempotent). */
  readonly handleTimeoutMs: number;
}

export const DEFAULT_RETRY_OPTIONS: RetryOptions = {
  maxAttempts: 5,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  handleTimeoutMs: 30_000,
};

export interface ProcessManagerRunnerOptions {
  readonly dataSource: DataSource;
  readonly store: EventStore;
  readonly processManagers: readonly ProcessManager[];
  readonly retry?: Partial<RetryOptions>;
  readonly timings?: Partial<WorkerTimings>;
  readonly lockConnections?: LockConnectionFactory;
  /** The jitter source (tests pass a fixed one). */
  readonly random?: () => number;
}

const DEFAULT_PM_BATCH_SIZE = 100;

/**
 * Runs each process manager as a single active consumer with its own checkpoint, moved after each
 * batch (and at once past a dead letter), so a restart repeats at most the batch in hand.
 */
export class ProcessManagerRunner {
  private readonly workers = new Map<string, SubscriptionWorker>();
  private readonly retry: RetryOptions;

  constructor(private readonly options: ProcessManagerRunnerOptions) {
    this.retry = { ...DEFAULT_RETRY_OPTIONS, ...options.retry };
    if (this.retry.maxAttempts < 1) throw new RangeError('maxAttempts must be at least 1');
    const timings = { ...DEFAULT_WORKER_TIMINGS, maxBatchSize: DEFAULT_PM_BATCH_SIZE, ...options.timings };
    const lockConnections = options.lockConnections ?? lockConnectionsFrom(options.dataSource);
    for (const pm of options.processManagers) {
      if (this.workers.has(pm.name)) throw new Error(`two process managers are named ${pm.name}`);
      this.workers.set(
        pm.name,
        new SubscriptionWorker({
          name: pm.name,
          streamPrefixes: pm.streamPrefixes,
          dataSource: options.dataSource,
          store: options.store,
          lockConnections,
          timings,
          process: (events, session) => this.handleBatch(pm, events, session),
        }),
      );
    }
  }

  start(): void {
    for (const worker of this.workers.values()) worker.start();
  }

  /** Stops after the event in hand (a retry delay is cut short; its attempt count is already stored). */
  async stop(): Promise<void> {
    await Promise.all([...this.workers.values()].map((worker) => worker.stop()));
  }

  async status(): Promise<SubscriptionStatus[]> {
    return Promise.all(
      this.options.processManagers.map((pm) =>
        describeSubscription('process-manager', pm, this.workers.get(pm.name)!.state(), this.options.dataSource, this.options.store),
      ),
    );
  }

  async waitUntilCaughtUp(timeoutMs: number): Promise<void> {
    await waitUntilCaughtUp(this.options.processManagers, this.options.dataSource, this.options.store, timeoutMs);
  }

  /**
   * One query for the batch's pending attempts, each wanted event handled in order, one checkpoint
   * at the end (a dead letter moves it at once). A crash mid-batch hands the batch's handled events
   * to handle() again: it is idempotent by contract, and a round trip per event is what this saves.
   */
  private async handleBatch(pm: ProcessManager, events: readonly RecordedEvent[], session: ConsumerSession): Promise<void> {
    const wanted = pm.eventTypes ? new Set(pm.eventTypes) : undefined;
    const targets = events.filter((event) => !wanted || wanted.has(event.type));
    const pending = await loadAttempts(this.options.dataSource, pm.name, targets.map((event) => event.id));
    for (const event of targets) {
      session.throwIfStopped();
      await this.handleWithRetries(pm, event, session, pending.get(event.id));
    }
    // Events the PM ignores still move the checkpoint, so a restart does not read them again.
    const last = events[events.length - 1].position;
    if (comparePositions(last, session.checkpoint) > 0) {
      await advanceCheckpoint(this.options.dataSource, pm.name, session.checkpoint, last);
      session.committed(last);
    }
  }

  private async handleWithRetries(pm: ProcessManager, event: RecordedEvent, session: ConsumerSession, pending: PendingAttempts | undefined): Promise<void> {
    const { dataSource } = this.options;
    let attempts = pending?.attempts ?? 0;
    let lastError = pending?.lastError ?? '';
    if (pending) {
      // Honour the backoff chosen before the restart, but never wait longer than one max delay.
      const waitMs = Math.min(this.retry.maxDelayMs, pending.nextAttemptAt.getTime() - Date.now());
      await sleep(waitMs, session.signal);
      session.throwIfStopped();
    }
    // Bounded: attempts grows by one per turn.
    while (attempts < this.retry.maxAttempts) {
      const failure = await this.attempt(pm, event);
      if (failure === undefined) {
        if (attempts > 0) await clearAttempts(dataSource, pm.name, event.id);
        return;
      }
      attempts += 1;
      lastError = failure;
      if (attempts >= this.retry.maxAttempts) break;
      const delayMs = retryDelayMs(attempts, this.retry, this.options.random);
      await saveAttempts(dataSource, pm.name, event.id, attempts, lastError, delayMs);
      await sleep(delayMs, session.signal);
      session.throwIfStopped();
    }
    await this.deadLetter(pm.name, event, session, attempts, lastError);
  }

  /** undefined on success, else the error's text. */
  private async attempt(pm: ProcessManager, event: RecordedEvent): Promise<string | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`handle took longer than ${this.retry.handleTimeoutMs} ms`)), this.retry.handleTimeoutMs);
    });
    try {
      await Promise.race([pm.handle(event), timeout]);
      return undefined;
    } catch (error) {
      return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The dead letter, the checkpoint past its event and forgetting its attempts: one transaction. */
  private async deadLetter(subscriber: string, event: RecordedEvent, session: ConsumerSession, attempts: number, lastError: string): Promise<void> {
    await this.options.dataSource.transaction(async (manager) => {
      await advanceCheckpoint(manager, subscriber, session.checkpoint, event.position);
      await clearAttempts(manager, subscriber, event.id);
      await recordDeadLetter(manager, subscriber, event, attempts, lastError);
    });
    session.committed(event.position);
  }
}
