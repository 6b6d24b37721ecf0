import type { DataSource } from 'typeorm';
import { START, comparePositions, type EventStore, type Position, type RecordedEvent, type Subscription } from '../event-store.port';
import { retryDelayMs, sleep, type BackoffOptions } from './backoff';
import { CheckpointFencedError, loadCheckpoint } from './checkpoints';
import { ConsumerSession, SessionStoppedError } from './consumer-session';
import { LeaderLock, type LockConnectionFactory } from './leader-lock';
import { probeCheckpoint } from './past-unwanted-events';
import type { RunnerLog } from './runner-log';

/** Handles one batch; moves the checkpoint (advanceCheckpoint + session.committed) as it commits. */
export type BatchProcessor = (events: readonly RecordedEvent[], session: ConsumerSession) => Promise<void>;

export type WorkerRole = 'stopped' | 'follower' | 'leader';

export interface WorkerTimings {
  /** How often a follower tries to take the lock (takeover delay after a leader dies). */
  readonly lockRetryMs: number;
  /**
   * How often the leader proves its lock connection alive, looks for an outside checkpoint reset and,
   * when filtered by stream prefix, moves its stored checkpoint past the events it does not want.
   */
  readonly healthCheckMs: number;
  /** Delay before resubscribing after a failed batch: doubles per consecutive failure, capped. */
  readonly restartDelay: BackoffOptions;
  /** The most events in one batch (one transaction for a projection). */
  readonly maxBatchSize: number;
  /**
   * A worker that makes no progress for this long is reported stalled (a warning in the log, and
   * `stalled` in its state) until it moves again. Progress: a lock try answered, a checkpoint loaded,
   * a batch committed, or a health check that finds nothing of its own waiting. Nothing is
   * cancelled: a promise that never settles cannot be taken back safely, but it must not go unseen.
   */
  readonly stallAfterMs: number;
}

export const DEFAULT_WORKER_TIMINGS: WorkerTimings = {
  lockRetryMs: 1_000,
  healthCheckMs: 1_000,
  restartDelay: { baseDelayMs: 100, maxDelayMs: 10_000 },
  maxBatchSize: 500,
  // Above the longest legitimate pause: the restart backoff (10 s) and a process manager's retries of one event (~15 s).
  stallAfterMs: 60_000,
};

export interface WorkerConfig {
  readonly name: string;
  readonly streamPrefixes?: readonly string[];
  readonly dataSource: DataSource;
  readonly store: EventStore;
  readonly lockConnections: LockConnectionFactory;
  readonly timings: WorkerTimings;
  readonly process: BatchProcessor;
  /** Where a stall and its end are reported (warn); silent when absent. */
  readonly log?: RunnerLog;
}

/** What a worker was doing when it last made progress (named in a stall report). */
export type WorkerActivity =
  | 'taking-lock'
  | 'following'
  | 'loading-checkpoint'
  | 'awaiting-events'
  | 'applying-batch'
  | 'stopping-subscription'
  | 'exclusive-work';

export interface WorkerStall {
  readonly activity: WorkerActivity;
  /** When it last made progress. */
  readonly since: Date;
}

export interface WorkerState {
  readonly name: string;
  readonly role: WorkerRole;
  /** The leader's checkpoint as of its last commit; undefined on a follower. */
  readonly checkpoint?: Position;
  readonly lastError?: string;
  readonly consecutiveFailures: number;
  readonly restarts: number;
  /** Set while the worker has made no progress for stallAfterMs. */
  readonly stalled?: WorkerStall;
}

export class NotLeaderError extends Error {
  constructor(readonly subscriber: string) {
    super(`this process does not lead ${subscriber}`);
    this.name = 'NotLeaderError';
  }
}

type SessionEnd =
  | { readonly kind: 'stop' }
  | { readonly kind: 'exclusive' }
  | { readonly kind: 'checkpoint-moved' }
  | { readonly kind: 'lock-lost'; readonly error: unknown }
  | { readonly kind: 'failed'; readonly error: unknown };

interface ExclusiveRequest {
  readonly work: () => Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Runs one named subscriber as a single active consumer: follower until it takes the advisory lock,
 * then leader with a subscription from the stored checkpoint, restarted (with backoff) when a batch
 * fails. Stop lets the in-flight batch commit, then frees the lock.
 */
export class SubscriptionWorker {
  private readonly lock: LeaderLock;
  private role: WorkerRole = 'stopped';
  private loop: Promise<void> | undefined;
  private stopController = new AbortController();
  private session: ConsumerSession | undefined;
  private endSession: ((end: SessionEnd) => void) | undefined;
  private exclusive: ExclusiveRequest | undefined;
  private lastError: string | undefined;
  private consecutiveFailures = 0;
  private restarts = 0;
  private healthCheckRunning = false;
  private activity: WorkerActivity = 'taking-lock';
  private progressAtMs = Date.now();
  private stall: WorkerStall | undefined;
  private watchdog: NodeJS.Timeout | undefined;

  constructor(private readonly config: WorkerConfig) {
    this.lock = new LeaderLock(config.name, config.lockConnections);
  }

  get name(): string {
    return this.config.name;
  }

  state(): WorkerState {
    return {
      name: this.name,
      role: this.role,
      checkpoint: this.session?.checkpoint,
      lastError: this.lastError,
      consecutiveFailures: this.consecutiveFailures,
      restarts: this.restarts,
      stalled: this.stall,
    };
  }

  start(): void {
    if (this.loop) return;
    this.stopController = new AbortController();
    this.role = 'follower';
    this.progress('taking-lock');
    const { healthCheckMs, stallAfterMs } = this.config.timings;
    this.watchdog = setInterval(() => this.watch(), Math.max(10, Math.min(healthCheckMs, stallAfterMs / 2)));
    this.loop = this.run().finally(() => {
      clearInterval(this.watchdog);
      this.watchdog = undefined;
      this.stall = undefined;
      this.role = 'stopped';
    });
  }

  /** Lets the in-flight batch commit, stops the subscription and frees the lock. */
  async stop(): Promise<void> {
    const loop = this.loop;
    if (!loop) return;
    this.stopController.abort();
    this.endSession?.({ kind: 'stop' });
    await loop;
    this.loop = undefined;
  }

  /**
   * Pauses the subscription, runs `work` while still holding the lock (so no other process can
   * consume meanwhile), then resubscribes from the stored checkpoint. Only on the leader.
   */
  runExclusive(work: () => Promise<void>): Promise<void> {
    if (this.role !== 'leader') return Promise.reject(new NotLeaderError(this.name));
    if (this.exclusive) return Promise.reject(new Error(`${this.name} is already running exclusive work`));
    return new Promise<void>((resolve, reject) => {
      this.exclusive = { work, resolve, reject };
      this.endSession?.({ kind: 'exclusive' });
    });
  }

  private get stopping(): boolean {
    return this.stopController.signal.aborted;
  }

  // A service loop: it ends only on stop(); every wait inside it is bounded and abortable.
  private async run(): Promise<void> {
    try {
      while (!this.stopping) {
        try {
          await this.turn();
        } catch (error) {
          // Nothing in a turn should throw; if something does, keep the consumer alive and say why.
          await this.afterSession({ kind: 'failed', error });
        }
      }
    } finally {
      this.rejectExclusive(new Error(`${this.name} stopped`));
      await this.lock.release();
    }
  }

  private async turn(): Promise<void> {
    this.progress('taking-lock');
    const leader = await this.ensureLeader();
    this.progress(leader ? 'loading-checkpoint' : 'following');
    if (!leader) {
      this.rejectExclusive(new NotLeaderError(this.name));
      await sleep(this.config.timings.lockRetryMs, this.stopController.signal);
      return;
    }
    if (this.exclusive) {
      this.progress('exclusive-work');
      await this.runExclusiveWork(this.exclusive);
      return;
    }
    await this.afterSession(await this.runSession());
  }

  /** The worker moved on to `next` (each step starts when the one before ended): the watchdog's clock restarts, and the end of a stall is reported. */
  private progress(next: WorkerActivity): void {
    const stall = this.stall;
    this.activity = next;
    this.progressAtMs = Date.now();
    if (!stall) return;
    this.stall = undefined;
    this.config.log?.warn(
      { subscriber: this.name, role: this.role, activity: stall.activity, stalledForMs: this.progressAtMs - stall.since.getTime() },
      'subscription is making progress again after a stall',
    );
  }

  private watch(): void {
    if (this.stall || this.stopping) return;
    const stalledForMs = Date.now() - this.progressAtMs;
    if (stalledForMs <= this.config.timings.stallAfterMs) return;
    this.stall = { activity: this.activity, since: new Date(this.progressAtMs) };
    this.config.log?.warn(
      { subscriber: this.name, role: this.role, activity: this.activity, stalledForMs },
      `subscription made no progress for ${stalledForMs} ms while ${describeActivity(this.activity)}`,
    );
  }

  private async ensureLeader(): Promise<boolean> {
    try {
      const leader = await this.lock.tryAcquire();
      this.role = leader ? 'leader' : 'follower';
      return leader;
    } catch (error) {
      this.role = 'follower';
      this.lastError = describe(error);
      return false;
    }
  }

  private async runExclusiveWork(request: ExclusiveRequest): Promise<void> {
    this.exclusive = undefined;
    try {
      await request.work();
      request.resolve();
    } catch (error) {
      request.reject(error);
    }
  }

  private rejectExclusive(error: Error): void {
    const request = this.exclusive;
    this.exclusive = undefined;
    request?.reject(error);
  }

  private async afterSession(end: SessionEnd): Promise<void> {
    switch (end.kind) {
      case 'stop':
      case 'exclusive':
      case 'checkpoint-moved':
        return;
      case 'lock-lost':
        this.lastError = `lock lost: ${describe(end.error)}`;
        this.role = 'follower';
        await this.lock.release();
        return;
      case 'failed': {
        if (end.error instanceof SessionStoppedError) return;
        this.consecutiveFailures += 1;
        this.restarts += 1;
        this.lastError = describe(end.error);
        // A fenced checkpoint is expected after an outside reset: resubscribe at once.
        if (end.error instanceof CheckpointFencedError) return;
        await sleep(retryDelayMs(this.consecutiveFailures, this.config.timings.restartDelay), this.stopController.signal);
        return;
      }
    }
  }

  private async runSession(): Promise<SessionEnd> {
    let checkpoint: Position;
    try {
      checkpoint = await loadCheckpoint(this.config.dataSource, this.name);
    } catch (error) {
      return { kind: 'failed', error };
    }
    this.progress('awaiting-events');
    const abort = new AbortController();
    const session = new ConsumerSession(this.name, checkpoint, abort.signal);
    const ended = new Promise<SessionEnd>((resolve) => {
      this.endSession = resolve;
    });
    let subscription: Subscription;
    try {
      subscription = this.config.store.subscribeAll(
        checkpoint,
        (events) => session.runBatch(() => this.processBatch(events, session)),
        { streamPrefixes: this.config.streamPrefixes, maxBatchSize: this.config.timings.maxBatchSize },
      );
    } catch (error) {
      this.endSession = undefined;
      return { kind: 'failed', error };
    }
    this.session = session;
    const failed = subscription.failed.then(
      (): SessionEnd => ({ kind: 'failed', error: new Error('subscription ended') }),
      (error: unknown): SessionEnd => ({ kind: 'failed', error }),
    );
    const health = setInterval(() => void this.checkHealth(session), this.config.timings.healthCheckMs);
    try {
      // A stop or an exclusive request may have come while the session was being set up.
      if (this.stopping) return { kind: 'stop' };
      if (this.exclusive) return { kind: 'exclusive' };
      return await Promise.race([failed, ended]);
    } finally {
      clearInterval(health);
      abort.abort();
      this.progress('stopping-subscription');
      await subscription.stop().catch((error: unknown) => {
        this.lastError = describe(error);
      });
      this.endSession = undefined;
      this.session = undefined;
      this.progress('taking-lock');
    }
  }

  private async processBatch(events: readonly RecordedEvent[], session: ConsumerSession): Promise<void> {
    if (events.length === 0) return;
    assertDeliveredInOrder(this.name, events, session.checkpoint);
    this.progress('applying-batch'); // events handed over: the subscription itself is moving
    await this.config.process(events, session);
    this.consecutiveFailures = 0;
    this.progress('awaiting-events');
  }

  /**
   * Proves the lock's connection alive, and notices a checkpoint moved by someone else (a rebuild
   * run from another process resets it to START), so an idle leader replays without waiting for
   * the next event to fail its compare-and-set. Then probes the store: nothing of its own waiting
   * counts as progress for the watchdog, and a filtered subscription moves its stored checkpoint past
   * the events it does not want (past-unwanted-events.ts).
   */
  private async checkHealth(session: ConsumerSession): Promise<void> {
    // One check at a time: a slow round trip must not pile up queries on the lock's connection.
    if (this.healthCheckRunning) return;
    this.healthCheckRunning = true;
    try {
      if (await this.compareStoredCheckpoint(session)) await this.probe(session);
    } finally {
      this.healthCheckRunning = false;
    }
  }

  /** True when the stored checkpoint is the session's, so the session may go on as it is. */
  private async compareStoredCheckpoint(session: ConsumerSession): Promise<boolean> {
    const commitsBefore = session.commits;
    let rows: { commit_position: string; prepare_position: string }[];
    try {
      rows = await this.lock.query('SELECT commit_position, prepare_position FROM subscription_checkpoints WHERE name = $1', [this.name]);
    } catch (error) {
      if (this.session === session) this.endSession?.({ kind: 'lock-lost', error });
      return false;
    }
    if (this.session !== session || session.batchInFlight || session.commits !== commitsBefore) return false;
    const stored = rows[0] ? { commit: BigInt(rows[0].commit_position), prepare: BigInt(rows[0].prepare_position) } : START;
    if (comparePositions(stored, session.checkpoint) === 0) return true;
    this.endSession?.({ kind: 'checkpoint-moved' });
    return false;
  }

  private async probe(session: ConsumerSession): Promise<void> {
    try {
      const found = await probeCheckpoint(this.config.store, this.config.dataSource, session, this.config.streamPrefixes);
      if (found === 'caught-up' && this.session === session) this.progress('awaiting-events');
      // 'pending' is no progress: if the subscription never hands that event over, the watchdog says so.
    } catch (error) {
      if (this.session !== session) return;
      // Moved by someone else (a rebuild): reload it. Anything else (the database away) is left to
      // the subscription's own reads, which fail and restart the session if it lasts.
      if (error instanceof CheckpointFencedError) this.endSession?.({ kind: 'checkpoint-moved' });
      else this.lastError = `probing the checkpoint: ${describe(error)}`;
    }
  }
}

/**
 * The store promises position order after the checkpoint. Checked because a violation is otherwise
 * silent: an event at or below the checkpoint would be applied twice (the compare-and-set only
 * proves the checkpoint did not move, not that the batch starts after it).
 */
function assertDeliveredInOrder(subscriber: string, events: readonly RecordedEvent[], checkpoint: Position): void {
  let previous = checkpoint;
  for (const event of events) {
    if (comparePositions(event.position, previous) <= 0) throw new OutOfOrderDeliveryError(subscriber, event, previous);
    previous = event.position;
  }
}

export class OutOfOrderDeliveryError extends Error {
  constructor(
    readonly subscriber: string,
    readonly event: RecordedEvent,
    readonly after: Position,
  ) {
    super(
      `${subscriber} was handed event ${event.id} at ${event.position.commit}/${event.position.prepare}, not after ${after.commit}/${after.prepare}: refusing to apply it`,
    );
    this.name = 'OutOfOrderDeliveryError';
  }
}

function describeActivity(activity: WorkerActivity): string {
  switch (activity) {
    case 'taking-lock':
      return 'taking its leader lock';
    case 'following':
      return 'following (another process leads)';
    case 'loading-checkpoint':
      return 'loading its checkpoint';
    case 'awaiting-events':
      return 'leading with events of its own waiting (not handed over by its subscription, or its health check is not answered)';
    case 'applying-batch':
      return 'applying a batch';
    case 'stopping-subscription':
      return 'stopping its subscription';
    case 'exclusive-work':
      return 'running exclusive work (a rebuild)';
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
