import type { DataSource } from 'typeorm';
import { comparePositions, type EventStore, type RecordedEvent } from '../event-store.port';
import { retryDelayMs, sleep, type BackoffOptions } from './backoff';
import { describeSubscription, waitUntilCaughtUp, type SubscriptionStatus } from './catch-up';
import { advanceCheckpoint } from './checkpoints';
import type { ConsumerSession } from './consumer-session';
import { lockConnectionsFrom, type LockConnectionFactory } from './leader-lock';
import type { ProcessManager } from './process-manager';
import type { RunnerLog } from './runner-log';
import { clearAttempts, loadAttempts, recordDeadLetter, saveAttempts, type PendingAttempts } from './retry-bookkeeping';
import { DEFAULT_WORKER_TIMINGS, SubscriptionWorker, type WorkerTimings } from './subscription-worker';

/**
 * Retries happen in place: while one event is retried, later events for the same process manager
 * wait (their order matters to a saga), or with an orderKey, later events of the same key. The worst stall per poisoned event is about
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
  /** Where retries and stalls (warn) and dead letters (error) are reported; silent when absent. */
  readonly log?: RunnerLog;
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
          log: options.log,
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
   * One query for the batch's pending attempts, the wanted events handled (in order, or in order per
   * key when the process manager has an orderKey), one checkpoint at the end. A crash mid-batch hands
   * the batch's handled events to handle() again: it is idempotent by contract, and a round trip per
   * event is what this saves.
   */
  private async handleBatch(pm: ProcessManager, events: readonly RecordedEvent[], session: ConsumerSession): Promise<void> {
    const wanted = pm.eventTypes ? new Set(pm.eventTypes) : undefined;
    const targets = events.filter((event) => !wanted || wanted.has(event.type));
    const pending = await loadAttempts(this.options.dataSource, pm.name, targets.map((event) => event.id));
    const inOrder = async (sequence: readonly RecordedEvent[], concurrent: boolean) => {
      for (const event of sequence) {
        session.throwIfStopped();
        await this.handleWithRetries(pm, event, session, pending.get(event.id), concurrent);
      }
    };
    if (pm.orderKey) await inParallel(groupBy(targets, (event) => pm.orderKey!(event)), MAX_CONCURRENT_KEYS, (sequence) => inOrder(sequence, true));
    else await inOrder(targets, false);
    // Events the PM ignores still move the checkpoint, so a restart does not read them again.
    const last = events[events.length - 1].position;
    if (comparePositions(last, session.checkpoint) > 0) {
      await advanceCheckpoint(this.options.dataSource, pm.name, session.checkpoint, last);
      session.committed(last);
    }
  }

  private async handleWithRetries(pm: ProcessManager, event: RecordedEvent, session: ConsumerSession, pending: PendingAttempts | undefined, concurrent: boolean): Promise<void> {
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
      this.options.log?.warn(
        { subscriber: pm.name, eventId: event.id, eventType: event.type, streamId: event.streamId, attempt: attempts, maxAttempts: this.retry.maxAttempts, delayMs, error: lastError },
        'process manager failed on an event; retrying',
      );
      await sleep(delayMs, session.signal);
      session.throwIfStopped();
    }
    await this.deadLetter(pm.name, event, session, attempts, lastError, concurrent);
  }

  /**
   * An operator's retry of a dead letter: its event read back from its stream and handed to its
   * process manager once more (handle is idempotent). Handled: the dead letter is removed. Failed
   * again: it stays, with the attempt counted and the new error. undefined when no such dead letter.
   */
  async retryDeadLetter(id: string): Promise<{ handled: boolean; attempts: number; lastError: string | null } | undefined> {
    const [row] = (await this.options.dataSource.query('SELECT subscriber, event_id, stream_id, attempts FROM dead_letters WHERE id = $1', [id])) as { subscriber: string; event_id: string; stream_id: string; attempts: number }[];
    if (row === undefined) return undefined;
    const pm = this.options.processManagers.find((candidate) => candidate.name === row.subscriber);
    const event = (await this.options.store.readStream(row.stream_id)).find((candidate) => candidate.id === row.event_id);
    const error = pm === undefined ? `no process manager ${row.subscriber} runs here` : event === undefined ? 'the event is no longer in its stream' : await this.attempt(pm, event);
    if (error === undefined) {
      await this.options.dataSource.query('DELETE FROM dead_letters WHERE id = $1', [id]);
      return { handled: true, attempts: row.attempts + 1, lastError: null };
    }
    await this.options.dataSource.query('UPDATE dead_letters SET attempts = attempts + 1, last_error = $2, failed_at = now() WHERE id = $1', [id, error]);
    return { handled: false, attempts: row.attempts + 1, lastError: error };
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

  /**
   * The dead letter, forgetting its attempts and (handled in order) the checkpoint past its event: one
   * transaction. Handled beside other keys, earlier events may still be in hand, so the checkpoint
   * waits for the batch's end; a crash before it tries the event again and dead-letters it once more
   * (a no-op).
   */
  private async deadLetter(subscriber: string, event: RecordedEvent, session: ConsumerSession, attempts: number, lastError: string, concurrent: boolean): Promise<void> {
    await this.options.dataSource.transaction(async (manager) => {
      if (!concurrent) await advanceCheckpoint(manager, subscriber, session.checkpoint, event.position);
      await clearAttempts(manager, subscriber, event.id);
      await recordDeadLetter(manager, subscriber, event, attempts, lastError);
    });
    if (!concurrent) session.committed(event.position);
    this.options.log?.error(
      { subscriber, eventId: event.id, eventType: event.type, streamId: event.streamId, attempts, error: lastError },
      'event dead-lettered after its attempts ran out: an operator must retry or resolve it',
    );
  }
}

/** Keys handled at the same time at most: the connection pool is shared with the API. */
const MAX_CONCURRENT_KEYS = 8;

/** The items in groups by key, each group in the items' order. */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values()];
}

/** work(item) for every item, at most `limit` at a time; every call settles before the first failure is thrown. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const failures: unknown[] = [];
  const lane = async () => {
    while (next < items.length && failures.length === 0) {
      const item = items[next++];
      await work(item).catch((error: unknown) => void failures.push(error));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failures.length > 0) throw failures[0];
}
