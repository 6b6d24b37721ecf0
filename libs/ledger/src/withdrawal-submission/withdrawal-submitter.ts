import { LeaderLock, lockConnectionsFrom, type EventStore, type LockConnectionFactory, type ProcessManager } from '@kassa/event-store';
import type { WithdrawalSigner } from '@kassa/paykassma';
import type { DataSource } from 'typeorm';
import type { Clock, MerchantDirectory } from '../application/ledger-context';
import { listParkedSubmissions, nextDueAt, postponeSubmission, selectDueSubmissions, type ParkedSubmission, type SubmissionKey } from './submission-queue';
import { SubmissionQueueProcessManager } from './submission-queue.process-manager';
import { submitWithdrawal, type SubmissionDeps, type SubmissionOutcome, type SubmitterLog } from './submit-withdrawal';

export interface WithdrawalSubmitterOptions {
  readonly dataSource: DataSource;
  readonly store: EventStore;
  readonly clock: Clock;
  /** Every merchant's withdrawals are sent with that merchant's client, withdrawal key and is_test. */
  readonly merchants: MerchantDirectory;
  readonly signer?: WithdrawalSigner;
  /** PAYKASSMA_MAX_ATTEMPTS. */
  readonly maxAttempts: number;
  /** PAYKASSMA_RETRY_BASE_MS. */
  readonly retryBaseMs: number;
  /** Cap of one retry delay; default 5 minutes. */
  readonly maxDelayMs?: number;
  /** How often the leader looks for due withdrawals when nothing woke it; default 1000. */
  readonly pollIntervalMs?: number;
  /** Provider calls in flight at once (each holds a database connection for its lock); default 4. */
  readonly maxConcurrent?: number;
  readonly lockConnections?: LockConnectionFactory;
  readonly random?: () => number;
  readonly log?: SubmitterLog;
}

export type SubmissionReport = Readonly<Record<SubmissionOutcome, number>>;

const LEADER_NAME = 'withdrawal-submitter';
const DEFAULT_MAX_DELAY_MS = 300_000;
const DEFAULT_POLL_INTERVAL_MS = 1_000;
const DEFAULT_MAX_CONCURRENT = 4;
/** Bound on the turns of one runDueNow (each turn takes up to maxConcurrent withdrawals). */
const MAX_TURNS_PER_RUN = 10_000;
/** How long a withdrawal waits after a failure on our side (not counted as an attempt). */
const OWN_FAILURE_DELAY_MS = 30_000;

const consoleLog: SubmitterLog = {
  warn: (details, message) => console.warn(message, details),
  error: (details, message) => console.error(message, details),
};

/**
 * Sends requested withdrawals to Paykassma, durably:
 * - the work list is a table fed from the events by the `withdrawal-submission-queue` process
 *   manager (processManager()), so nothing is lost to a crash between the hold and the call;
 * - one leader (advisory lock) polls it, with up to maxConcurrent calls in flight, so a withdrawal
 *   waiting for its retry, or a provider that times out, never holds up the others;
 * - each withdrawal is handled under its own lock and re-read from its stream before each call, so it
 *   is never submitted twice at once and never after the provider answered;
 * - retries keep the same withdrawal_id, back off from retryBaseMs doubling with jitter, and stop
 *   after maxAttempts calls: the withdrawal stays `requested`, funds held, and is parked and reported.
 */
export class WithdrawalSubmitter {
  private readonly deps: Omit<SubmissionDeps, 'client' | 'withdrawalKey' | 'isTest'>;
  private readonly leader: LeaderLock;
  private readonly inFlight = new Map<string, Promise<SubmissionOutcome>>();
  /** Withdrawals another worker held when we tried, left alone until the given time (ms) so we do not spin. */
  private readonly busyUntilMs = new Map<string, number>();
  private readonly pollIntervalMs: number;
  private readonly maxConcurrent: number;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private wakeUp: (() => void) | undefined;
  private woken = false;

  constructor(private readonly options: WithdrawalSubmitterOptions) {
    this.deps = {
      dataSource: options.dataSource,
      store: options.store,
      clock: options.clock,
      log: options.log ?? consoleLog,
      signer: options.signer,
      maxAttempts: options.maxAttempts,
      retryBaseMs: options.retryBaseMs,
      maxDelayMs: options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS,
      random: options.random,
    };
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.maxConcurrent = options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT;
    if (options.maxAttempts < 1) throw new RangeError('maxAttempts must be at least 1');
    if (this.maxConcurrent < 1) throw new RangeError('maxConcurrent must be at least 1');
    this.leader = new LeaderLock(LEADER_NAME, options.lockConnections ?? lockConnectionsFrom(options.dataSource));
  }

  /** The process manager that feeds the work list; run it with the other process managers. */
  processManager(): ProcessManager {
    return new SubmissionQueueProcessManager(this.options.dataSource, () => this.wake());
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Stops polling, lets the calls in flight finish and record their answers, then frees the leadership. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
    this.loop = undefined;
    await Promise.allSettled([...this.inFlight.values()]);
    await this.leader.release();
  }

  /** Look now rather than at the next poll. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /**
   * One pass over everything due now, whether or not this process leads, waiting for every call:
   * for tests and operator tools. Each withdrawal is taken at most once per pass.
   */
  async runDueNow(): Promise<SubmissionReport> {
    const report: Record<SubmissionOutcome, number> = { submitted: 0, rejected: 0, deferred: 0, parked: 0, not_due: 0, ended: 0, busy: 0, failed: 0 };
    const seen = new Set<string>();
    for (let turn = 0; turn < MAX_TURNS_PER_RUN; turn++) {
      const now = this.options.clock.now().toISOString();
      const due = await selectDueSubmissions(this.options.dataSource, this.options.merchants.ids(), now, this.maxConcurrent, [...seen, ...this.inFlight.keys()]);
      if (due.length === 0) break;
      const outcomes = await Promise.all(due.map((key) => (seen.add(key.withdrawalId), this.submit(key))));
      for (const outcome of outcomes) report[outcome] += 1;
    }
    await Promise.allSettled([...this.inFlight.values()]);
    return report;
  }

  /** Withdrawals whose attempts ran out (requested, funds held, outcome unknown). */
  parked(): Promise<ParkedSubmission[]> {
    return listParkedSubmissions(this.options.dataSource, this.options.merchants.ids());
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let sleepMs = this.pollIntervalMs;
      try {
        if (await this.leader.tryAcquire()) sleepMs = await this.startDue();
      } catch (error) {
        this.deps.log.error({ error: error instanceof Error ? error.message : String(error) }, 'withdrawal submitter: polling failed; will retry');
      }
      await this.sleepUntilWoken(sleepMs);
    }
  }

  /**
   * Fills the free call slots with due withdrawals (without waiting for the calls) and answers how
   * long to sleep: until the next retry is due, but never longer than the poll interval (another
   * instance's PM may enqueue work without waking us).
   */
  private async startDue(): Promise<number> {
    const free = this.maxConcurrent - this.inFlight.size;
    if (free <= 0) return this.pollIntervalMs; // a finishing call wakes us
    const now = this.options.clock.now();
    for (const [id, untilMs] of this.busyUntilMs) if (untilMs <= now.getTime()) this.busyUntilMs.delete(id);
    const excluded = [...this.inFlight.keys(), ...this.busyUntilMs.keys()];
    const due = await selectDueSubmissions(this.options.dataSource, this.options.merchants.ids(), now.toISOString(), free, excluded);
    for (const key of due) void this.submit(key).catch(() => undefined);
    if (due.length === free) return 0; // more may be due
    const next = await nextDueAt(this.options.dataSource, this.options.merchants.ids());
    if (next === null) return this.pollIntervalMs;
    // A row being worked on is still pending and already due: its finishing call wakes us instead.
    const untilNextMs = next.getTime() - now.getTime();
    return untilNextMs <= 0 ? this.pollIntervalMs : Math.min(this.pollIntervalMs, untilNextMs);
  }

  /** The merchant's own provider client and keys: a withdrawal never leaves through another merchant's account. */
  private depsFor(tenantId: string): SubmissionDeps {
    const { client, settings } = this.options.merchants.get(tenantId);
    return { ...this.deps, client, withdrawalKey: settings.withdrawalKey, isTest: settings.isTest };
  }

  /** One withdrawal's turn, tracked so it is never started twice here; a finished call frees a slot. */
  private submit(key: SubmissionKey): Promise<SubmissionOutcome> {
    const running = this.inFlight.get(key.withdrawalId);
    if (running) return running;
    const call = submitWithdrawal(this.depsFor(key.tenantId), key)
      .catch(async (error: unknown): Promise<SubmissionOutcome> => {
        // Our side failed (database, event store): the call may have gone out, but its answer is not
        // recorded and so not counted. Back off so a lasting failure cannot call the provider in a loop;
        // the retry uses the same withdrawal_id, which the provider deduplicates.
        const message = error instanceof Error ? error.message : String(error);
        this.deps.log.error({ withdrawalId: key.withdrawalId, error: message }, 'withdrawal submission failed; retried later');
        const dueAt = new Date(this.options.clock.now().getTime() + Math.min(this.deps.maxDelayMs, OWN_FAILURE_DELAY_MS)).toISOString();
        await postponeSubmission(this.options.dataSource, key, dueAt, message).catch(() => undefined);
        return 'failed';
      })
      .finally(() => {
        this.inFlight.delete(key.withdrawalId);
      });
    void call.then((outcome) => {
      if (outcome === 'busy') this.busyUntilMs.set(key.withdrawalId, this.options.clock.now().getTime() + this.pollIntervalMs);
      // A freed slot may take the next due withdrawal at once.
      if (outcome !== 'failed' && outcome !== 'busy') this.wake();
    });
    this.inFlight.set(key.withdrawalId, call);
    return call;
  }

  private sleepUntilWoken(delayMs: number): Promise<void> {
    if (this.woken || this.stopping || delayMs <= 0) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        this.woken = false;
        resolve();
      };
      const timer = setTimeout(done, delayMs);
      this.wakeUp = done;
    });
  }
}
